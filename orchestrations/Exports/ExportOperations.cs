using DataGovernance.Exports;

namespace DataGovernance.Orchestrations.Exports;

/// <summary>Starts an export job's orchestration; the instance id is the job's, so a repeated start is the same job.</summary>
public sealed class ExportOperations(DurableTaskClient client) : IExportStarter
{
    public static string InstanceId(string tenantId, string exportId) => $"export:{tenantId}:{exportId}";

    public Task StartAsync(DataExport job, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(ExportOrchestration), new ExportJobInput(job.TenantId, job.Id),
            StartOrchestrationOptions.ForTenant(job.TenantId, InstanceId(job.TenantId, job.Id)), cancellationToken);
}
