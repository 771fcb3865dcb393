using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// Data subject requests per tenant: row <c>{requestId}</c> holds the request as JSON with the columns listings filter
/// on; rows <c>{requestId}|{sequence}</c> hold its history steps. A change and its step are one transaction.
/// </summary>
public sealed class PrivacyRequestStore(HubStorage storage)
{
    private const string RequestKind = "request";

    private const string StepKind = "step";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.PrivacyRequestsTable);

    public async Task AddAsync(string tenantId, PrivacyRequest request, PrivacyRequestStep step, CancellationToken cancellationToken) =>
        await Table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenantId, request)),
            new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenantId, request.Id, step)),
        ], cancellationToken);

    public async Task<(PrivacyRequest Request, ETag ETag)?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, requestId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Kind") == RequestKind ? (ToRequest(row.Value), row.Value.ETag) : null;
    }

    /// <summary>The request's steps, oldest first.</summary>
    public async Task<IReadOnlyList<PrivacyRequestStep>> HistoryAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var prefix = $"{requestId}|";
        var steps = new List<PrivacyRequestStep>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            steps.Add(JsonSerializer.Deserialize<PrivacyRequestStep>(row.GetString("Document")!, Json)!);
        }
        return steps;
    }

    /// <summary>
    /// Replaces the request if unchanged since read, appending <paramref name="step"/> in the same transaction; false when
    /// someone else changed it meanwhile.
    /// </summary>
    public async Task<bool> ReplaceAsync(string tenantId, PrivacyRequest request, ETag current, PrivacyRequestStep? step, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, ToEntity(tenantId, request), current)];
        if (step is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenantId, request.Id, step)));
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>One page of the tenant's requests in id (that is, creation) order.</summary>
    public async Task<(IReadOnlyList<PrivacyRequest> Items, string? ContinuationToken)> ListAsync(
        string tenantId, PrivacyRequestFilter filter, DateTimeOffset now, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Kind eq {RequestKind}"),
            filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
            filter.Type is { } type ? TableClient.CreateQueryFilter($"Type eq {type.ToString()}") : null,
            filter.DueBefore is { } dueBefore ? TableClient.CreateQueryFilter($"DueAt lt {Day(dueBefore)}") : null,
            filter.Overdue ? TableClient.CreateQueryFilter($"Open eq {true} and OverdueFrom le {now}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(ToRequest)], page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Open requests of every tenant whose deadline passes at or before <paramref name="until"/>, with their tenant and ETag.</summary>
    public async Task<IReadOnlyList<(string TenantId, PrivacyRequest Request, ETag ETag)>> ListOpenDueAsync(
        DateTimeOffset until, CancellationToken cancellationToken)
    {
        var due = new List<(string, PrivacyRequest, ETag)>();
        var query = TableClient.CreateQueryFilter($"Kind eq {RequestKind} and Open eq {true} and OverdueFrom le {until}");
        await foreach (var row in Table.QueryAsync<TableEntity>(query, cancellationToken: cancellationToken))
        {
            due.Add((row.PartitionKey, ToRequest(row), row.ETag));
        }
        return due;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string tenantId, PrivacyRequest request)
    {
        // Deadlines are stored as of the request's own state (they do not depend on the time of writing).
        var deadlines = PrivacyDeadlineRules.For(request, request.UpdatedAt);
        return new TableEntity(tenantId, request.Id)
        {
            ["Kind"] = RequestKind,
            ["Status"] = request.Status.ToString(),
            ["Type"] = request.Type.ToString(),
            ["Open"] = !request.Status.IsClosed(),
            ["DueAt"] = Day(deadlines.EffectiveDueAt),
            ["OverdueFrom"] = deadlines.OverdueFrom,
            ["CodeHash"] = request.Verification.CodeHash,
            ["Document"] = JsonSerializer.Serialize(request with { Deadlines = null, History = null }, Json),
        };
    }

    private static TableEntity ToEntity(string tenantId, string requestId, PrivacyRequestStep step) =>
        new(tenantId, $"{requestId}|{step.Sequence.ToString("D4", CultureInfo.InvariantCulture)}")
        {
            ["Kind"] = StepKind,
            ["Document"] = JsonSerializer.Serialize(step, Json),
        };

    private static PrivacyRequest ToRequest(TableEntity row)
    {
        var request = JsonSerializer.Deserialize<PrivacyRequest>(row.GetString("Document")!, Json)!;
        return request with { Verification = request.Verification with { CodeHash = row.GetString("CodeHash") } };
    }
}
