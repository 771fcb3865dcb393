using DataGovernance.Functions.Admin;
using DataGovernance.Functions.Audit;
using DataGovernance.Functions.Backup;
using DataGovernance.Functions.Classification;
using DataGovernance.Functions.Downloads;
using DataGovernance.Functions.Evidence;
using DataGovernance.Functions.EvidencePackages;
using DataGovernance.Functions.Exports;
using DataGovernance.Functions.Hosting;
using DataGovernance.Functions.Hosting.OpenApi;
using DataGovernance.Functions.Identity;
using DataGovernance.Functions.Imports;
using DataGovernance.Functions.Monitoring;
using DataGovernance.Functions.Orchestrations;
using DataGovernance.Functions.Privacy;
using DataGovernance.Functions.Records;
using DataGovernance.Functions.Reports;
using DataGovernance.Functions.Runtime;
using DataGovernance.Functions.Security;
using DataGovernance.Functions.Settings;
using DataGovernance.Functions.Team;
using DataGovernance.Functions.Views;

if (args is ["dev-token", .. var options])
{
    return DevTokenCommand.Run(options);
}
if (args is ["verify-package", .. var packageArguments])
{
    return VerifyPackageCommand.Run(packageArguments, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(FunctionAppCommand.IsInvoked(args) ? [] : args);
builder.AddDataGovernanceHost();

var app = builder.Build();
app.UseDataGovernancePipeline();
app.MapMonitoring();
app.MapAdmin();
app.MapSettings();
app.MapSecurity();
app.MapClassification();
app.MapDataClassification();
app.MapTeam();
app.MapInvitations();
app.MapAuth();
app.MapRecords();
app.MapProcessingActivities();
app.MapConsents();
app.MapLegalHolds();
app.MapRetentionPolicies();
app.MapRetentionRuns();
app.MapAudit();
app.MapOrchestrations();
app.MapBackup();
app.MapRestores();
app.MapPrivacyRequests();
app.MapDpias();
app.MapCrossBorder();
app.MapSubjectPackages();
app.MapErasures();
app.MapDownloads();
app.MapSubjectDiscovery();
app.MapPlatformBackups();
app.MapTimeTravel();
app.MapComplianceReports();
app.MapReportSchedules();
app.MapEvidenceFiles();
app.MapEvidencePackages();
app.MapDataViews();
app.MapExports();
app.MapImports();
app.MapImportMappingTemplates();
app.MapHubOpenApi();
var functions = app.MapFunctionRuntime();
if (FunctionAppCommand.IsInvoked(args))
{
    return FunctionAppCommand.Run(functions, args);
}
app.Run();
return 0;

public partial class Program;
