using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;

namespace DataGovernance.Storage;

/// <summary>
/// A tenant's documents of one kind, one per row: partition = tenant, row = the document's id, the document as JSON
/// (continued in Document1, Document2, … past a property's size, see <see cref="ChunkedText"/>) beside the columns listings filter on. Every change after the first write is guarded by the row's ETag.
/// </summary>
/// <param name="noun">What a conflict calls the document ("Legal hold").</param>
/// <param name="columns">The filterable columns of a document, written beside it.</param>
public sealed class DocumentRows<T>(Func<TableClient> table, string noun, Func<T, string> idOf, Func<T, IEnumerable<KeyValuePair<string, object?>>> columns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<(T Document, ETag ETag)?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await table().GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return row.HasValue ? (ToDocument(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Adds a new document; ids are random, so a clash is a bug, not a client mistake, and throws.</summary>
    public async Task<T> AddAsync(string tenantId, T document, CancellationToken cancellationToken)
    {
        await table().AddEntityAsync(ToEntity(tenantId, document), cancellationToken);
        return document;
    }

    /// <summary>Replaces the document if its row is unchanged since <paramref name="current"/> was read.</summary>
    public async Task<Result<T>> ReplaceAsync(string tenantId, T document, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await table().UpdateEntityAsync(ToEntity(tenantId, document), current, TableUpdateMode.Replace, cancellationToken);
            return document;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Conflict(idOf(document));
        }
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await table().DeleteEntityAsync(tenantId, id, current, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Conflict(id);
        }
    }

    /// <summary>One page of the documents matching <paramref name="filter"/> (an OData filter within the tenant) in id order, and the SDK's token for the next.</summary>
    public async Task<(IReadOnlyList<T> Items, string? NextToken)> ListAsync(
        string tenantId, string? filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in table().QueryAsync<TableEntity>(Query(tenantId, filter), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToDocument).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every document matching <paramref name="filter"/> in id order, streamed page by page.</summary>
    public async IAsyncEnumerable<T> ScanAsync(string tenantId, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in table().QueryAsync<TableEntity>(Query(tenantId, filter), 1000, cancellationToken: cancellationToken))
        {
            yield return ToDocument(row);
        }
    }

    private static string Query(string tenantId, string? filter) =>
        TableFilter.All(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), string.IsNullOrEmpty(filter) ? null : filter);

    private TableEntity ToEntity(string tenantId, T document)
    {
        var entity = new TableEntity(tenantId, idOf(document));
        ChunkedText.Write(entity, "Document", JsonSerializer.Serialize(document, Json));
        foreach (var (name, value) in columns(document))
        {
            entity[name] = value;
        }
        return entity;
    }

    private static T ToDocument(TableEntity row) => JsonSerializer.Deserialize<T>(ChunkedText.Read(row, "Document"), Json)!;

    private Failure Conflict(string id) => Failure.PreconditionFailed($"{noun} {id} was changed by someone else; read it again and retry.");
}
