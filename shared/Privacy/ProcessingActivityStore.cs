using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>An activity as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredProcessingActivity(ProcessingActivity Activity, ETag ETag);

/// <summary>
/// The record of processing activities: partition = tenant, row = activity id, the activity as one JSON document
/// beside the columns the listing filters on.
/// </summary>
public sealed class ProcessingActivityStore(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.ProcessingActivitiesTable);

    public async Task<StoredProcessingActivity?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredProcessingActivity(ToActivity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Adds a new activity; ids are random, so a clash is a bug, not a client mistake, and throws.</summary>
    public async Task<ProcessingActivity> AddAsync(string tenantId, ProcessingActivity activity, CancellationToken cancellationToken)
    {
        await Table.AddEntityAsync(ToEntity(tenantId, activity), cancellationToken);
        return activity;
    }

    /// <summary>Replaces the activity if its row is unchanged since <paramref name="current"/> was read.</summary>
    public async Task<Result<ProcessingActivity>> ReplaceAsync(string tenantId, ProcessingActivity activity, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, activity), current, TableUpdateMode.Replace, cancellationToken);
            return activity;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Failure.PreconditionFailed($"Processing activity {activity.Id} was changed by someone else; read it again and retry.");
        }
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(tenantId, id, current, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Failure.PreconditionFailed($"Processing activity {id} was changed by someone else; read it again and retry.");
        }
    }

    /// <summary>One page of the tenant's activities in id order, and the SDK's token for the next.</summary>
    public async Task<(IReadOnlyList<ProcessingActivity> Items, string? NextToken)> ListAsync(
        string tenantId, ProcessingActivityFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Query(tenantId, filter), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToActivity).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every matching activity in id order, streamed page by page.</summary>
    public async IAsyncEnumerable<ProcessingActivity> ScanAsync(
        string tenantId, ProcessingActivityFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(Query(tenantId, filter), 1000, cancellationToken: cancellationToken))
        {
            yield return ToActivity(row);
        }
    }

    private static string Query(string tenantId, ProcessingActivityFilter filter) => TableFilter.All(
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
        filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
        filter.Owner is { } owner ? TableClient.CreateQueryFilter($"Owner eq {owner}") : null,
        filter.LegalBasis is { } basis ? TableClient.CreateQueryFilter($"LegalBasis eq {basis.ToString()}") : null);

    private static TableEntity ToEntity(string tenantId, ProcessingActivity activity) => new(tenantId, activity.Id)
    {
        ["Document"] = JsonSerializer.Serialize(activity, Json),
        ["Status"] = activity.Status.ToString(),
        ["Owner"] = activity.Owner,
        ["LegalBasis"] = activity.LegalBasis.ToString(),
        ["Version"] = activity.Version,
    };

    private static ProcessingActivity ToActivity(TableEntity row) =>
        JsonSerializer.Deserialize<ProcessingActivity>(row.GetString("Document")!, Json)!;
}
