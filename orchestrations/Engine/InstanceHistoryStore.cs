using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// The sentinel row of an instance: its current execution and status, guarded by the row's ETag.
/// <see cref="Checkpoints"/> counts every checkpoint of the instance, so status updates can be ordered.
/// </summary>
public sealed record Sentinel(
    TaskName Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    int NextEpisode,
    long Checkpoints,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    string? TenantId,
    string? ParentInstanceId);

/// <summary>An event waiting in an instance's inbox.</summary>
public sealed record InboxEntry(string RowKey, HistoryEvent Event, string? ExecutionId, DateTimeOffset VisibleAt, DateTimeOffset ArrivedAt, ETag ETag);

/// <summary>An episode's pending sends.</summary>
public sealed record OutboxEntry(string RowKey, IReadOnlyList<OutboundMessage> Messages);

/// <summary>Everything stored about an instance: sentinel, current execution's history, inbox and outbox.</summary>
public sealed record InstanceState(
    string InstanceId,
    Sentinel? Sentinel,
    ETag SentinelETag,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxEntry> Inbox,
    IReadOnlyList<OutboxEntry> Outbox);

/// <summary>The checkpoint of one episode, committed as one entity-group transaction.</summary>
public sealed record Checkpoint(
    Sentinel Sentinel,
    string EpisodeExecutionId,
    int Episode,
    IReadOnlyList<HistoryEvent> EpisodeEvents,
    IReadOnlyList<OutboundMessage> Outbox,
    IReadOnlyList<InboxEntry> Consumed);

/// <summary>
/// The History table of a task hub. Each instance is one partition: a sentinel row (<c>s</c>), one row per
/// episode of each execution (<c>h:{execution}:{episode}</c>), inbox rows (<c>i:…</c>) and outbox rows
/// (<c>o:{execution}:{episode}</c>). A checkpoint appends the episode, records the outbox, deletes the consumed
/// inbox rows and moves the sentinel in one transaction guarded by the sentinel's ETag: the single-writer rule.
/// </summary>
public sealed class InstanceHistoryStore(HubStorage storage, TaskHubNames names, PayloadStore payloads)
{
    /// <summary>Transaction limit (100) minus the episode, outbox and sentinel rows.</summary>
    public const int MaxRowsPerCheckpoint = 97;

    private const string SentinelKey = "s";

    public TableClient Table => storage.Primary.Table(names.HistoryTable);

    public async Task<InstanceState> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        Sentinel? sentinel = null;
        var sentinelETag = default(ETag);
        var inbox = new List<InboxEntry>();
        var outbox = new List<OutboxEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {InboxKeys.Prefix}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == SentinelKey)
            {
                sentinel = ToSentinel(row);
                sentinelETag = row.ETag;
            }
            else if (row.RowKey.StartsWith(InboxKeys.Prefix, StringComparison.Ordinal))
            {
                var json = await payloads.LoadAsync(row.GetString("Event"), cancellationToken);
                inbox.Add(new InboxEntry(row.RowKey, Deserialize<HistoryEvent>(json), row.GetString("ExecutionId"),
                    row.GetDateTimeOffset("VisibleAt") ?? default, row.GetDateTimeOffset("ArrivedAt") ?? default, row.ETag));
            }
            else if (row.RowKey.StartsWith("o:", StringComparison.Ordinal))
            {
                var json = await payloads.LoadAsync(row.GetString("Messages"), cancellationToken);
                outbox.Add(new OutboxEntry(row.RowKey, Deserialize<List<OutboundMessage>>(json)));
            }
        }
        var history = sentinel is null ? [] : await LoadHistoryAsync(instanceId, sentinel.ExecutionId, cancellationToken);
        return new InstanceState(instanceId, sentinel, sentinelETag, history, inbox, outbox);
    }

    public async Task<IReadOnlyList<HistoryEvent>> LoadHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken)
    {
        var prefix = $"h:{executionId}:";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        var history = new List<HistoryEvent>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var json = await payloads.LoadAsync(row.GetString("Events"), cancellationToken);
            history.AddRange(Deserialize<List<HistoryEvent>>(json));
        }
        return history;
    }

    public async Task<Sentinel?> GetSentinelAsync(string instanceId, CancellationToken cancellationToken) =>
        (await GetSentinelWithETagAsync(instanceId, cancellationToken)).Sentinel;

    public async Task<(Sentinel? Sentinel, ETag ETag)> GetSentinelWithETagAsync(string instanceId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, SentinelKey, cancellationToken: cancellationToken);
        return row.HasValue ? (ToSentinel(row.Value!), row.Value!.ETag) : (null, default);
    }

    /// <summary>Commits an episode; throws <see cref="ConcurrencyConflictException"/> when another writer got there first.</summary>
    public async Task CommitAsync(string instanceId, ETag expectedSentinel, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var episodeKey = $"{checkpoint.EpisodeExecutionId}:{checkpoint.Episode:D8}";
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(instanceId, "h:" + episodeKey)
            {
                ["Events"] = await payloads.StoreAsync(instanceId, Serialize(checkpoint.EpisodeEvents), cancellationToken),
            }),
        };
        if (checkpoint.Outbox.Count > 0)
        {
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(instanceId, "o:" + episodeKey)
            {
                ["Messages"] = await payloads.StoreAsync(instanceId, Serialize(checkpoint.Outbox), cancellationToken),
            }));
        }
        actions.AddRange(checkpoint.Consumed.Select(entry =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, entry.RowKey), entry.ETag)));
        var sentinel = await ToEntityAsync(instanceId, checkpoint.Sentinel, cancellationToken);
        actions.Add(expectedSentinel == default
            ? new(TableTransactionActionType.Add, sentinel)
            : new(TableTransactionActionType.UpdateReplace, sentinel, expectedSentinel));
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"Instance {instanceId} was checkpointed by another worker.");
        }
    }

    /// <summary>Adds an event to an instance's inbox; false when a row with that key was delivered before.</summary>
    public async Task<bool> AddToInboxAsync(string instanceId, string rowKey, HistoryEvent inboxEvent, string? executionId, DateTimeOffset visibleAt, DateTimeOffset arrivedAt, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(instanceId, rowKey)
            {
                ["Event"] = await payloads.StoreAsync(instanceId, Serialize(inboxEvent), cancellationToken),
                ["ExecutionId"] = executionId,
                ["VisibleAt"] = visibleAt,
                ["ArrivedAt"] = arrivedAt,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task DeleteRowAsync(string instanceId, string rowKey, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(instanceId, rowKey, ETag.All, cancellationToken);

    /// <summary>Deletes every row of the instance in transactions of up to 100; returns how many were deleted.</summary>
    public async Task<int> DeletePartitionAsync(string instanceId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var batch = new List<TableTransactionAction>(100);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
            if (batch.Count == 100)
            {
                deleted += await SubmitDeletesAsync(batch, cancellationToken);
            }
        }
        return deleted + await SubmitDeletesAsync(batch, cancellationToken);
    }

    private async Task<int> SubmitDeletesAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }
        var count = batch.Count;
        await Table.SubmitTransactionAsync(batch, cancellationToken);
        batch.Clear();
        return count;
    }

    private async Task<TableEntity> ToEntityAsync(string instanceId, Sentinel sentinel, CancellationToken cancellationToken) => new(instanceId, SentinelKey)
    {
        ["Name"] = sentinel.Name.Name,
        ["Version"] = sentinel.Name.Version,
        ["ExecutionId"] = sentinel.ExecutionId,
        ["Status"] = sentinel.Status.ToString(),
        ["NextEpisode"] = sentinel.NextEpisode,
        ["Checkpoints"] = sentinel.Checkpoints,
        ["CreatedAt"] = sentinel.CreatedAt,
        ["LastUpdatedAt"] = sentinel.LastUpdatedAt,
        ["CompletedAt"] = sentinel.CompletedAt,
        ["Output"] = sentinel.Output is null ? null : await payloads.StoreAsync(instanceId, sentinel.Output, cancellationToken),
        ["CustomStatus"] = sentinel.CustomStatus,
        ["Failure"] = sentinel.Failure is null ? null : Serialize(sentinel.Failure),
        ["TenantId"] = sentinel.TenantId,
        ["ParentInstanceId"] = sentinel.ParentInstanceId,
    };

    private static Sentinel ToSentinel(TableEntity row) => new(
        new TaskName(row.GetString("Name") ?? "", row.GetString("Version")),
        row.GetString("ExecutionId") ?? "",
        Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("Status") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        row.GetInt32("NextEpisode") ?? 0,
        row.GetInt64("Checkpoints") ?? 0,
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("LastUpdatedAt") ?? default,
        row.GetDateTimeOffset("CompletedAt"),
        row.GetString("Output"),
        row.GetString("CustomStatus"),
        row.GetString("Failure") is { } failure ? Deserialize<TaskFailureDetails>(failure) : null,
        row.GetString("TenantId"),
        row.GetString("ParentInstanceId"));

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, DurableJson.Options);

    internal static T Deserialize<T>(string? json) =>
        JsonSerializer.Deserialize<T>(json ?? throw new InvalidOperationException("Missing stored JSON."), DurableJson.Options)!;
}
