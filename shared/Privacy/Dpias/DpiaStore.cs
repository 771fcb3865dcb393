using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>What a write does to the claim row of an automatically opened assessment.</summary>
public enum DpiaClaimChange
{
    None,
    Take,
    Release,
}

/// <summary>
/// Assessments per tenant: row <c>{dpiaId}</c> the assessment as JSON with the columns listings filter on, rows
/// <c>{dpiaId}|{sequence}</c> its history steps, and for an automatically opened one a claim row
/// <c>auto|{trigger}|{sha256 of the subject}</c> naming it. The claim is added in the same transaction as the
/// assessment, so of two concurrent openings for the same trigger and subject exactly one succeeds. A document longer
/// than a string property holds continues in Document1, Document2, … (<see cref="ChunkedText"/>).
/// </summary>
public sealed class DpiaStore(HubStorage storage)
{
    private const string DpiaKind = "dpia";
    private const string StepKind = "step";
    private const string ClaimKind = "claim";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// The longest assessment document a row holds: 1 MiB is 512K UTF-16 characters, less room for the other columns.
    /// The validator keeps the content well below this (<see cref="MaxContentCharacters"/>), leaving room for the sign-off.
    /// </summary>
    public const int MaxDocumentCharacters = 480_000;

    /// <summary>How long the content of an assessment (title, description, answers, risks, links) may be as stored JSON.</summary>
    public const int MaxContentCharacters = 400_000;

    private TableClient Table => storage.Primary.Table(StorageNames.DpiasTable);

    public static string ClaimKey(DpiaTrigger trigger, string subject) =>
        $"auto|{trigger}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)))}";

    /// <summary>The id of the assessment that holds the claim for <paramref name="trigger"/> and <paramref name="subject"/>, if any.</summary>
    public async Task<string?> ClaimHolderAsync(string tenantId, DpiaTrigger trigger, string subject, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, ClaimKey(trigger, subject), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("DpiaId") : null;
    }

    /// <summary>The length of <paramref name="content"/> as stored JSON, which escapes some characters into several.</summary>
    public static int StoredLength(DpiaContent content) => JsonSerializer.Serialize(content, Json).Length;

    /// <summary>Adds a new assessment with its first step (and its claim when opened automatically); false when the claim was taken meanwhile.</summary>
    public async Task<bool> AddAsync(string tenantId, Dpia dpia, DpiaStep step, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, ToEntity(tenantId, dpia)),
            new(TableTransactionActionType.Add, ToEntity(tenantId, dpia.Id, step)),
        ];
        if (dpia.OpenedAutomatically is { } opening)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Claim(tenantId, opening, dpia.Id)));
        }
        return await SubmitAsync(actions, cancellationToken);
    }

    public async Task<(Dpia Dpia, ETag ETag)?> GetAsync(string tenantId, string dpiaId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, dpiaId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Kind") == DpiaKind ? (ToDpia(row.Value), row.Value.ETag) : null;
    }

    /// <summary>
    /// Replaces the assessment if unchanged since read, appending <paramref name="step"/> and taking or releasing its
    /// claim in the same transaction; false when it changed meanwhile or (taking) another assessment holds the claim.
    /// </summary>
    public async Task<bool> ReplaceAsync(
        string tenantId, Dpia dpia, ETag current, DpiaStep step, DpiaClaimChange claim, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, ToEntity(tenantId, dpia), current),
            new(TableTransactionActionType.Add, ToEntity(tenantId, dpia.Id, step)),
        ];
        if (dpia.OpenedAutomatically is { } opening && claim == DpiaClaimChange.Take)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Claim(tenantId, opening, dpia.Id)));
        }
        if (dpia.OpenedAutomatically is { } released && claim == DpiaClaimChange.Release)
        {
            var key = ClaimKey(released.Trigger, released.Subject);
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, key, cancellationToken: cancellationToken);
            if (row.HasValue && row.Value!.GetString("DpiaId") == dpia.Id)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, row.Value, row.Value.ETag));
            }
        }
        return await SubmitAsync(actions, cancellationToken);
    }

    /// <summary>The assessment's steps, oldest first.</summary>
    public async Task<IReadOnlyList<DpiaStep>> HistoryAsync(string tenantId, string dpiaId, CancellationToken cancellationToken)
    {
        var prefix = $"{dpiaId}|";
        var steps = new List<DpiaStep>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            steps.Add(JsonSerializer.Deserialize<DpiaStep>(ChunkedText.Read(row, "Document"), Json)!);
        }
        return steps;
    }

    /// <summary>One page of the tenant's assessments in id (creation day) order.</summary>
    public async Task<(IReadOnlyList<Dpia> Items, string? ContinuationToken)> ListAsync(
        string tenantId, DpiaFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Kind eq {DpiaKind}"),
            filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
            filter.Trigger is { } trigger ? TableClient.CreateQueryFilter($"Trigger eq {trigger.ToString()}") : null,
            filter.Owner is { } owner ? TableClient.CreateQueryFilter($"Owner eq {owner}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(ToDpia)], page.ContinuationToken);
        }
        return ([], null);
    }

    private async Task<bool> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
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

    private static TableEntity Claim(string tenantId, DpiaAutomaticOpening opening, string dpiaId) =>
        new(tenantId, ClaimKey(opening.Trigger, opening.Subject)) { ["Kind"] = ClaimKind, ["DpiaId"] = dpiaId };

    private static TableEntity ToEntity(string tenantId, Dpia dpia)
    {
        var document = JsonSerializer.Serialize(dpia with { Assessment = null, History = null }, Json);
        if (document.Length > MaxDocumentCharacters)
        {
            // The validator and the review's comment limits keep every assessment below this; reaching it is a bug.
            throw new InvalidOperationException($"DPIA {dpia.Id} is {document.Length} characters as JSON; a row holds at most {MaxDocumentCharacters}.");
        }
        var entity = new TableEntity(tenantId, dpia.Id)
        {
            ["Kind"] = DpiaKind,
            ["Status"] = dpia.Status.ToString(),
            ["Trigger"] = dpia.OpenedAutomatically?.Trigger.ToString(),
            ["Owner"] = dpia.Owner,
            ["Version"] = dpia.Version,
        };
        ChunkedText.Write(entity, "Document", document);
        return entity;
    }

    private static TableEntity ToEntity(string tenantId, string dpiaId, DpiaStep step)
    {
        var entity = new TableEntity(tenantId, $"{dpiaId}|{step.Sequence.ToString("D4", CultureInfo.InvariantCulture)}") { ["Kind"] = StepKind };
        ChunkedText.Write(entity, "Document", JsonSerializer.Serialize(step, Json));
        return entity;
    }

    private static Dpia ToDpia(TableEntity row) => JsonSerializer.Deserialize<Dpia>(ChunkedText.Read(row, "Document"), Json)!;
}
