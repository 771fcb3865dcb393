using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>A hold as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredLegalHold(LegalHold Hold, ETag ETag);

/// <summary>
/// Legal holds: partition = tenant, row = hold id, the hold as one JSON document beside the columns the listing and the
/// held-record check filter on. Released holds stay. Subject holds carry pseudonymous keys only.
/// </summary>
public sealed class LegalHoldStore(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.LegalHoldsTable);

    public async Task<StoredLegalHold?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredLegalHold(ToHold(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Adds a new hold; ids are random, so a clash is a bug, not a client mistake, and throws.</summary>
    public async Task<LegalHold> AddAsync(string tenantId, LegalHold hold, CancellationToken cancellationToken)
    {
        await Table.AddEntityAsync(ToEntity(tenantId, hold), cancellationToken);
        return hold;
    }

    /// <summary>Replaces the hold if its row is unchanged since <paramref name="current"/> was read.</summary>
    public async Task<Result<LegalHold>> ReplaceAsync(string tenantId, LegalHold hold, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, hold), current, TableUpdateMode.Replace, cancellationToken);
            return hold;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Failure.PreconditionFailed($"Legal hold {hold.Id} was changed by someone else; read it again and retry.");
        }
    }

    /// <summary>One page of the tenant's holds in id order, and the SDK's token for the next.</summary>
    public async Task<(IReadOnlyList<LegalHold> Items, string? NextToken)> ListAsync(
        string tenantId, LegalHoldFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Query(tenantId, filter), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToHold).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every hold in force in the tenant, streamed.</summary>
    public async IAsyncEnumerable<LegalHold> ActiveAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = new LegalHoldFilter(LegalHoldStatus.Active, null, null, null);
        await foreach (var row in Table.QueryAsync<TableEntity>(Query(tenantId, filter), 1000, cancellationToken: cancellationToken))
        {
            yield return ToHold(row);
        }
    }

    private static string Query(string tenantId, LegalHoldFilter filter) => TableFilter.All(
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
        filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
        filter.Scope is { } scope ? TableClient.CreateQueryFilter($"Scope eq {scope.ToString()}") : null,
        filter.Collection is { } collection ? TableClient.CreateQueryFilter($"Collection eq {collection}") : null,
        filter.RecordId is { } recordId ? TableClient.CreateQueryFilter($"RecordId eq {recordId}") : null);

    private static TableEntity ToEntity(string tenantId, LegalHold hold) => new(tenantId, hold.Id)
    {
        ["Document"] = JsonSerializer.Serialize(hold, Json),
        ["Status"] = hold.Status.ToString(),
        ["Scope"] = hold.Scope.ToString(),
        ["Collection"] = hold.Record?.Collection,
        ["RecordId"] = hold.Record?.RecordId,
        ["Version"] = hold.Version,
    };

    private static LegalHold ToHold(TableEntity row) => JsonSerializer.Deserialize<LegalHold>(row.GetString("Document")!, Json)!;
}
