using DataGovernance.Orchestrations.Admin;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Orchestrations.EvidencePackages;
using DataGovernance.Orchestrations.Exports;
using DataGovernance.Orchestrations.Imports;
using DataGovernance.Orchestrations.Management;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Orchestrations.Reports;
using DataGovernance.Orchestrations.Team;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The durable engine, every hub area's workflows, and the management service.</summary>
    public static IServiceCollection AddDataGovernanceWorkflows(this IServiceCollection services)
    {
        services.AddDurableEngine();
        services.AddAdminWorkflows();
        services.AddBackupWorkflows();
        services.AddTeamWorkflows();
        services.AddPrivacyRequestWorkflows();
        services.AddRetentionWorkflows();
        services.AddReportWorkflows();
        services.AddClassificationWorkflows();
        services.AddEvidencePackageWorkflows();
        services.AddExportWorkflows();
        services.AddImportWorkflows();
        services.AddImportFileExpiry();
        services.AddSingleton<OrchestrationService>();
        return services;
    }
}
