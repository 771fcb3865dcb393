using DataGovernance.Outcomes;
using DataGovernance.Records;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Exports;

public enum ExportFormat
{
    Csv,
    Json,
    Ndjson,
    Xml,
    Xlsx,
}

public enum ExportStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>What to export: a collection or a saved view, in one format.</summary>
public sealed record ExportRequest(string? Collection, string? ViewId, ExportFormat Format);

/// <summary>One export job as the DataExports table keeps it.</summary>
public sealed record DataExport(string Id, string TenantId, ExportRequest Request, ExportStatus Status, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>Starts export jobs (an orchestration each) and reads their state.</summary>
public sealed class ExportService
{
    public Task<Result<DataExport>> StartAsync(string tenantId, ExportRequest request, WriteContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<Result<DataExport>> GetAsync(string tenantId, string exportId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}

public static class ExportServiceCollectionExtensions
{
    public static IServiceCollection AddExports(this IServiceCollection services) =>
        services.AddSingleton<ExportService>();
}
