using DataGovernance.Accounts;
using DataGovernance.Audit;
using DataGovernance.Backup;
using DataGovernance.Classification;
using DataGovernance.Demo;
using DataGovernance.Downloads;
using DataGovernance.EvidencePackages;
using DataGovernance.Exports;
using DataGovernance.Imports;
using DataGovernance.Mfa;
using DataGovernance.Monitoring;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Reports;
using DataGovernance.Runtime;
using DataGovernance.Schedules;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Settings;
using DataGovernance.Storage;
using DataGovernance.Team;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataGovernance;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the hub's storage, stores and services: everything below the HTTP layer.</summary>
    public static IServiceCollection AddDataGovernanceCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();

        services.AddSingleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            return new HubStorage(
                new StorageAccount("primary", StorageConnection.Read(configuration, StorageConnection.PrimaryKey)),
                new StorageAccount("secondary", StorageConnection.Read(configuration, StorageConnection.SecondaryKey), StorageAccount.QuickRetries));
        });
        services.AddHostedService<StorageInitializer>();

        services.AddSingleton<TenantStore>();
        services.AddSingleton<TenantLookup>();
        services.AddSingleton<TenantService>();
        services.AddOptions<RecordCacheOptions>().BindConfiguration(RecordCacheOptions.SectionName);
        services.AddSingleton<RecordCache>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton<ChangeLogStore>();
        services.AddSingleton<RecordService>();
        services.AddSingleton<AuditLogStore>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<BrandingLogoService>();
        services.AddSingleton<IpAllowlistStore>();
        services.AddSingleton<IpAllowlistService>();
        services.AddSingleton<SsoSettingsStore>();
        services.AddSingleton<SsoSettingsService>();
        services.AddSingleton<TenantRecognizerStore>();
        services.AddSingleton<TenantRecognizerService>();
        services.AddSingleton<ClassificationService>();
        services.AddOptions<ClassificationOptions>().BindConfiguration(ClassificationOptions.SectionName)
            .Validate(options => options.IsValid(), ClassificationOptions.Requirement);
        services.AddSingleton<SubjectKeys>();
        services.AddSingleton<DataClassificationStore>();
        services.AddSingleton<SubjectIndexStore>();
        services.AddSingleton<DataClassificationService>();
        services.AddSingleton<ClassificationQueue>();
        services.AddSingleton<IRecordWriteObserver>(provider => provider.GetRequiredService<ClassificationQueue>());
        services.AddMfa();
        services.AddSingleton<TeamMemberStore>();
        services.AddSingleton<RoleAssignmentService>();
        services.AddSingleton<TeamMemberService>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<DepartmentService>();
        services.AddSingleton<DelegationStore>();
        services.AddSingleton<DelegationService>();
        services.AddOptions<TeamOptions>().BindConfiguration(TeamOptions.SectionName);
        services.AddHubAccounts();
        services.AddSingleton<StorageHealthCheck>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertQueue>();
        services.AddSecurityEvents();
        services.AddPrivacyRequests();

        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.SectionName);
        services.AddSingleton<BackupStorage>();
        services.AddSingleton<SnapshotWriter>();
        services.AddSingleton<ChunkPatcher>();
        services.AddSingleton<RestorePointStore>();
        services.AddSingleton<BackupPolicyStore>();
        services.AddSingleton<BackupService>();
        services.AddSingleton<TenantHistory>();
        services.AddSingleton<GenerationStore>();
        services.AddSingleton<ErasureLedgerStore>();
        services.AddSingleton<ProcessingActivityStore>();
        services.AddSingleton<ProcessingActivityService>();
        services.AddSingleton<ConsentLedgerStore>();
        services.AddSingleton<ConsentLedgerService>();
        services.AddSingleton<SubjectDiscoveryService>();
        services.AddSingleton<LegalHoldService>();
        services.AddRetention();
        services.AddSingleton<DpiaService>();
        services.AddDpiasAndCrossBorder();
        services.AddSingleton<RestoreStore>();
        services.AddSingleton<RestorePlan>();
        services.AddSingleton<RestoreExecution>();
        services.AddSingleton<RestoreService>();
        services.AddSingleton<BackupOverview>();
        services.AddSingleton<TimeTravelService>();
        services.AddSingleton<DrillScratchStore>();
        services.AddSingleton<DrillStore>();
        services.AddSingleton<DrillReports>();
        services.AddSingleton<DrillService>();
        services.AddSingleton<ReadinessService>();
        services.AddEvidenceSigning();
        services.AddDownloadLinks();
        services.AddSubjectPackages();
        services.AddComplianceReports();
        services.AddEvidencePackages();
        services.AddExports();
        services.AddReportSchedules();
        services.AddImports();
        services.AddErasures();
        services.AddFunctionRuntime();

        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddSingleton<DemoTenantSeeder>();
        services.AddHostedService<DemoSeedingService>();
        return services;
    }
}
