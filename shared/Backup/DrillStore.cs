using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Restore drills per tenant (RestoreDrills table: partition = tenant id, row = drill id) and their signed reports
/// in the <c>backup-reports</c> container: <c>{tenant}/drills/{drillId}/report.json</c> and <c>…/signature.json</c>,
/// each written once.
/// </summary>
public sealed class DrillStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.RestoreDrillsTable);

    public async Task AddAsync(RestoreDrill drill, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(drill), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier attempt of the same start.
        }
    }

    public async Task UpdateAsync(RestoreDrill drill, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(drill), TableUpdateMode.Replace, cancellationToken);

    public async Task<RestoreDrill?> GetAsync(string tenantId, string drillId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, drillId, cancellationToken: cancellationToken);
        return row.HasValue ? ToDrill(row.Value!) : null;
    }

    /// <summary>The tenant's drills, newest first.</summary>
    public async Task<IReadOnlyList<RestoreDrill>> ListAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var drills = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken)
            .Select(ToDrill).ToListAsync(cancellationToken);
        return [.. drills.OrderByDescending(drill => drill.StartedAt).ThenByDescending(drill => drill.Id, StringComparer.Ordinal).Take(max)];
    }

    /// <summary>Stores the report and its signature unless stored before (a repeated step keeps the first, equally valid, signature).</summary>
    public async Task SaveReportAsync(string tenantId, string drillId, byte[] report, EvidenceSignature signature, CancellationToken cancellationToken)
    {
        await CreateOnceAsync(BlobName(tenantId, drillId, "report.json"), new BinaryData(report), cancellationToken);
        await CreateOnceAsync(BlobName(tenantId, drillId, "signature.json"), BinaryData.FromObjectAsJson(signature, BackupJson.Options), cancellationToken);
    }

    /// <summary>The report bytes and signature of a drill, or null when it has none (yet).</summary>
    public async Task<(byte[] Report, EvidenceSignature Signature)?> GetReportAsync(string tenantId, string drillId, CancellationToken cancellationToken)
    {
        var container = storage.Primary.Container(StorageNames.BackupReportsContainer);
        try
        {
            var report = (await container.GetBlobClient(BlobName(tenantId, drillId, "report.json")).DownloadContentAsync(cancellationToken)).Value.Content;
            var signature = (await container.GetBlobClient(BlobName(tenantId, drillId, "signature.json")).DownloadContentAsync(cancellationToken)).Value.Content;
            return (report.ToArray(), signature.ToObjectFromJson<EvidenceSignature>(BackupJson.Options)!);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static string BlobName(string tenantId, string drillId, string file) => $"{tenantId}/drills/{drillId}/{file}";

    private async Task CreateOnceAsync(string name, BinaryData content, CancellationToken cancellationToken)
    {
        try
        {
            await storage.Primary.Container(StorageNames.BackupReportsContainer).GetBlobClient(name).UploadAsync(content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier attempt: evidence is never replaced.
        }
    }

    private static TableEntity ToEntity(RestoreDrill drill) => new(drill.TenantId, drill.Id)
    {
        ["Trigger"] = drill.Trigger.ToString(),
        ["RequestedBy"] = drill.RequestedBy,
        ["RestorePointId"] = drill.RestorePointId,
        ["Status"] = drill.Status.ToString(),
        ["StartedAt"] = drill.StartedAt,
        ["VerifiedAt"] = drill.VerifiedAt,
        ["FinishedAt"] = drill.FinishedAt,
        ["RtoSeconds"] = drill.RtoSeconds,
        ["RtoTargetMinutes"] = drill.RtoTargetMinutes,
        ["Collections"] = JsonSerializer.Serialize(drill.Collections, BackupJson.Options),
        ["Reasons"] = JsonSerializer.Serialize(drill.Reasons, BackupJson.Options),
    };

    private static RestoreDrill ToDrill(TableEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        Enum.Parse<DrillTrigger>(row.GetString("Trigger") ?? nameof(DrillTrigger.OnDemand)),
        row.GetString("RequestedBy") ?? "",
        row.GetString("RestorePointId") ?? "",
        Enum.Parse<DrillStatus>(row.GetString("Status") ?? nameof(DrillStatus.Running)),
        row.GetDateTimeOffset("StartedAt") ?? default,
        row.GetDateTimeOffset("VerifiedAt"),
        row.GetDateTimeOffset("FinishedAt"),
        row.GetDouble("RtoSeconds"),
        row.GetInt32("RtoTargetMinutes") ?? 0,
        JsonSerializer.Deserialize<List<CollectionCheck>>(row.GetString("Collections") ?? "[]", BackupJson.Options) ?? [],
        JsonSerializer.Deserialize<List<DrillFinding>>(row.GetString("Reasons") ?? "[]", BackupJson.Options) ?? []);
}
