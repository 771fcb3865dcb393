using System.Text.RegularExpressions;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Blobs;
using DataGovernance.Runtime;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>
/// BlobCreated events the hub raises itself on its own (Azurite publishes none). Each test has a storage account
/// of its own, since every hub on an account competes for its hub-local-events queue.
/// </summary>
public sealed partial class LocalEventTests(HubFixture hub)
{
    private const string Inbox = "evidence-inbox";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static FunctionDefinition InboxWatcher(Func<EventGridEvent, Task> handler) =>
        FunctionDefinition.EventGrid("EvidenceArrived", new EventGridTrigger(WatchedBlobWriter.BlobCreatedEventType, $"/blobServices/default/containers/{Inbox}/"),
            (gridEvent, _, _) => handler(gridEvent));

    private static async Task CreateContainersAsync(AzuriteProcess storage, params string[] names)
    {
        var blobs = new BlobServiceClient(storage.ConnectionString);
        foreach (var name in names)
        {
            await blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task BlobWrittenToAWatchedContainer_RaisesTheDocumentedBlobCreatedEvent_AndAnUnwatchedContainerRaisesNone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await AzuriteProcess.StartAsync("local-events");
        var received = new Recorder<EventGridEvent>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(InboxWatcher(gridEvent =>
        {
            received.Add(gridEvent);
            return Task.CompletedTask;
        })), primaryStorage: storage.ConnectionString);
        await CreateContainersAsync(storage, Inbox, "scratch");
        var writer = app.Services.GetRequiredService<WatchedBlobWriter>();
        var startedAt = DateTimeOffset.UtcNow;

        var unwatched = await writer.UploadAsync("scratch", "notes.txt", BinaryData.FromString("just notes"), "text/plain", ct);
        var small = await writer.UploadAsync(Inbox, "contoso/soc2-report.pdf", BinaryData.FromBytes(new byte[1234]), "application/pdf", ct);
        var large = await writer.UploadAsync(Inbox, "contoso/evidence-export.zip", BinaryData.FromBytes(new byte[WatchedBlobWriter.SingleUploadLimit + 1]), "application/zip", ct);

        Assert.Null(unwatched.EventId);
        Assert.NotNull(small.EventId);
        await received.WaitForAsync(2, Patience);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal(2, received.Count);

        var gridEvent = Assert.Single(received.Values, value => value.Id == small.EventId);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1", gridEvent.Topic);
        Assert.Equal($"/blobServices/default/containers/{Inbox}/blobs/contoso/soc2-report.pdf", gridEvent.Subject);
        Assert.Equal("Microsoft.Storage.BlobCreated", gridEvent.EventType);
        Assert.Equal("", gridEvent.DataVersion);
        Assert.InRange(gridEvent.EventTime, startedAt.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.True(gridEvent.TryGetSystemEventData(out var systemData));
        var data = Assert.IsType<StorageBlobCreatedEventData>(systemData);
        Assert.Equal("PutBlob", data.Api);
        Assert.Equal("application/pdf", data.ContentType);
        Assert.Equal(1234, data.ContentLength);
        Assert.Equal("BlockBlob", data.BlobType);
        Assert.Equal(small.Url.ToString(), data.Url);
        Assert.Equal(small.ETag, data.ETag);
        Assert.Matches(Sequencer(), data.Sequencer);
        Assert.False(string.IsNullOrEmpty(data.RequestId));
        Assert.False(string.IsNullOrEmpty(data.ClientRequestId));

        var staged = Assert.Single(received.Values, value => value.Id == large.EventId);
        Assert.True(staged.TryGetSystemEventData(out var stagedData));
        Assert.Equal("PutBlockList", Assert.IsType<StorageBlobCreatedEventData>(stagedData).Api);
        Assert.Equal(WatchedBlobWriter.SingleUploadLimit + 1, ((StorageBlobCreatedEventData)stagedData).ContentLength);
    }

    [Fact]
    public async Task FailingHandlerOfALocalEvent_IsRetriedThroughTheQueue_UntilItSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = await AzuriteProcess.StartAsync("local-retries");
        var attempts = new Recorder<string>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(InboxWatcher(gridEvent =>
        {
            attempts.Add(gridEvent.Id);
            return attempts.Count < 3 ? throw new InvalidOperationException("The scanner is busy.") : Task.CompletedTask;
        })), primaryStorage: storage.ConnectionString);
        await CreateContainersAsync(storage, Inbox);

        var upload = await app.Services.GetRequiredService<WatchedBlobWriter>().UploadAsync(Inbox, "scan-me.txt", BinaryData.FromString("scan"), "text/plain", ct);

        await attempts.WaitForAsync(3, Patience);
        var queue = RuntimeHosts.Queues(storage.ConnectionString).GetQueueClient(LocalEvents.QueueName);
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount == 0, Patience));
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var eventId = Assert.IsType<string>(upload.EventId);
        Assert.Equal([eventId, eventId, eventId], attempts.Values);
        Assert.False(await RuntimeHosts.Queues(storage.ConnectionString).GetQueueClient(LocalEvents.QueueName + "-poison").ExistsAsync(ct));
    }

    [GeneratedRegex("^[0-9A-F]{32}$")]
    private static partial Regex Sequencer();
}
