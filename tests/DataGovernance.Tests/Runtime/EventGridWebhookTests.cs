using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>A hub with Event Grid functions for the webhook tests; each test uses event ids of its own.</summary>
public sealed class EventGridHost(HubFixture hub) : IAsyncLifetime
{
    public const string ItemShipped = "Contoso.Items.ItemShipped";
    public const string Flaky = "Contoso.Audit.Flaky";

    public HubApplication App { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public Recorder<(string Function, EventGridEvent Event)> Deliveries { get; } = new();

    /// <summary>Event ids whose first delivery to FlakyAudit fails.</summary>
    public ConcurrentDictionary<string, bool> FailOnce { get; } = new(StringComparer.Ordinal);

    public ValueTask InitializeAsync()
    {
        App = RuntimeHosts.Start(hub, services =>
        {
            services.AddFunction(Recording("ReportsCreated", new EventGridTrigger(WatchedBlobWriter.BlobCreatedEventType, "/blobServices/default/containers/reports/")));
            services.AddFunction(Recording("AnyBlobCreated", new EventGridTrigger(WatchedBlobWriter.BlobCreatedEventType)));
            services.AddFunction(Recording("ItemShippedHandler", new EventGridTrigger(ItemShipped)));
            services.AddFunction(Recording("SteadyAudit", new EventGridTrigger(Flaky)));
            services.AddFunction(FunctionDefinition.EventGrid("FlakyAudit", new EventGridTrigger(Flaky), (gridEvent, _, _) =>
            {
                Deliveries.Add(("FlakyAudit", gridEvent));
                return FailOnce.TryRemove(gridEvent.Id, out _) ? throw new InvalidOperationException("The audit sink is down.") : Task.CompletedTask;
            }));
        }, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" }, logs: Logs);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<string> DeliveredTo(string eventId) =>
        [.. Deliveries.Values.Where(delivery => delivery.Event.Id == eventId).Select(delivery => delivery.Function).Order(StringComparer.Ordinal)];

    private FunctionDefinition Recording(string name, EventGridTrigger trigger) =>
        FunctionDefinition.EventGrid(name, trigger, (gridEvent, _, _) =>
        {
            Deliveries.Add((name, gridEvent));
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The Event Grid webhook: both schemas and their handshakes, dispatch, idempotency, retries and its key.</summary>
public sealed class EventGridWebhookTests(HubFixture hub, EventGridHost host) : IClassFixture<EventGridHost>
{
    private const string Url = "/api/events/eventgrid?key=" + RuntimeHosts.WebhookKey;

    private static string NewId() => Guid.NewGuid().ToString();

    private static JsonObject GridEvent(string id, string eventType, string subject, JsonNode? data = null) => new()
    {
        ["id"] = id,
        ["topic"] = "/subscriptions/5a4d2c1b-0000-4000-8000-000000000001/resourceGroups/hub/providers/Microsoft.Storage/storageAccounts/contosodata",
        ["subject"] = subject,
        ["eventType"] = eventType,
        ["eventTime"] = "2026-06-26T18:41:00.9584103Z",
        ["data"] = data ?? new JsonObject { ["api"] = "PutBlockList", ["contentType"] = "text/csv", ["contentLength"] = 524288, ["blobType"] = "BlockBlob" },
        ["dataVersion"] = "",
        ["metadataVersion"] = "1",
    };

    private static JsonObject CloudEvent(string id, string type, string subject) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "/contoso/warehouse",
        ["type"] = type,
        ["subject"] = subject,
        ["time"] = "2026-06-26T18:41:00Z",
        ["datacontenttype"] = "application/json",
        ["data"] = new JsonObject { ["itemId"] = "item-7" },
    };

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json", string? eventTypeHeader = "Notification", string url = Url)
    {
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (eventTypeHeader is not null)
        {
            request.Headers.Add("aeg-event-type", eventTypeHeader);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Batch(params JsonObject[] events) => new JsonArray([.. events.Select(gridEvent => gridEvent.DeepClone())]).ToJsonString();

    [Fact]
    public async Task EventGridSchema_SubscriptionValidation_IsAnswered200_WithTheValidationCode()
    {
        var validation = GridEvent(NewId(), "Microsoft.EventGrid.SubscriptionValidationEvent", "",
            new JsonObject { ["validationCode"] = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", ["validationUrl"] = "https://rp-eastus2.eventgrid.azure.net/validate" });
        validation["dataVersion"] = "2";

        var body = await (await PostAsync(Batch(validation), eventTypeHeader: "SubscriptionValidation")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
        Assert.Empty(host.DeliveredTo(validation["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CloudEvents_AbuseProtectionHandshake_AllowsTheRequestingOrigin()
    {
        using var client = host.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, Url);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Contains("POST", response.Content.Headers.Allow);

        using var withoutOrigin = new HttpRequestMessage(HttpMethod.Options, Url);
        await (await client.SendAsync(withoutOrigin, TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-handshake");
    }

    [Fact]
    public async Task EventGridSchema_Delivery_ReachesEveryMatchingFunction_AndNoOther()
    {
        var (inReports, elsewhere, shipped) = (NewId(), NewId(), NewId());

        var body = await (await PostAsync(Batch(
            GridEvent(inReports, WatchedBlobWriter.BlobCreatedEventType, "/blobServices/default/containers/reports/blobs/q3.csv"),
            GridEvent(elsewhere, WatchedBlobWriter.BlobCreatedEventType, "/blobServices/default/containers/reports-archive/blobs/q3.csv"),
            GridEvent(shipped, EventGridHost.ItemShipped, "items/7")))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, body.GetProperty("events").GetInt32());
        Assert.Equal(4, body.GetProperty("delivered").GetInt32());
        Assert.Equal(["AnyBlobCreated", "ReportsCreated"], host.DeliveredTo(inReports));
        Assert.Equal(["AnyBlobCreated"], host.DeliveredTo(elsewhere));
        Assert.Equal(["ItemShippedHandler"], host.DeliveredTo(shipped));
        var delivered = host.Deliveries.Values.First(delivery => delivery.Event.Id == inReports).Event;
        Assert.True(delivered.TryGetSystemEventData(out var data));
        Assert.Equal(524288, Assert.IsType<StorageBlobCreatedEventData>(data).ContentLength);
    }

    [Fact]
    public async Task CloudEvents_SingleAndBatch_AreDelivered_AsEventGridEvents()
    {
        var (single, first, second) = (NewId(), NewId(), NewId());

        await (await PostAsync(CloudEvent(single, EventGridHost.ItemShipped, "items/1").ToJsonString(), "application/cloudevents+json; charset=utf-8")).ExpectAsync(HttpStatusCode.OK);
        var batch = await (await PostAsync(Batch(CloudEvent(first, EventGridHost.ItemShipped, "items/2"), CloudEvent(second, EventGridHost.ItemShipped, "items/3")),
            "application/cloudevents-batch+json; charset=utf-8")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, batch.GetProperty("delivered").GetInt32());
        Assert.All(new[] { single, first, second }, id => Assert.Equal(["ItemShippedHandler"], host.DeliveredTo(id)));
        var delivered = host.Deliveries.Values.Single(delivery => delivery.Event.Id == single).Event;
        Assert.Equal("/contoso/warehouse", delivered.Topic);
        Assert.Equal("items/1", delivered.Subject);
        Assert.Equal(EventGridHost.ItemShipped, delivered.EventType);
        Assert.Equal(new DateTimeOffset(2026, 6, 26, 18, 41, 0, TimeSpan.Zero), delivered.EventTime);
        Assert.Equal("item-7", delivered.Data.ToObjectFromJson<JsonObject>()!["itemId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redelivery_OfAHandledEvent_IsAcknowledged_WithoutRunningTheHandlersAgain()
    {
        var id = NewId();
        var gridEvent = GridEvent(id, WatchedBlobWriter.BlobCreatedEventType, "/blobServices/default/containers/reports/blobs/again.csv");

        await (await PostAsync(Batch(gridEvent))).ExpectAsync(HttpStatusCode.OK);
        var again = await (await PostAsync(Batch(gridEvent))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, again.GetProperty("delivered").GetInt32());
        Assert.Equal(2, again.GetProperty("alreadyDelivered").GetInt32());
        Assert.Equal(["AnyBlobCreated", "ReportsCreated"], host.DeliveredTo(id));
    }

    [Fact]
    public async Task FailingHandler_Answers500_AndTheRedelivery_RunsOnlyTheFunctionThatFailed()
    {
        var id = NewId();
        host.FailOnce[id] = true;
        var gridEvent = GridEvent(id, EventGridHost.Flaky, "audit/1", new JsonObject { ["entry"] = 1 });

        await (await PostAsync(Batch(gridEvent))).ExpectAsync(HttpStatusCode.InternalServerError, "event-delivery-failed");
        Assert.Equal(["FlakyAudit", "SteadyAudit"], host.DeliveredTo(id));

        var redelivered = await (await PostAsync(Batch(gridEvent))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, redelivered.GetProperty("delivered").GetInt32());
        Assert.Equal(1, redelivered.GetProperty("alreadyDelivered").GetInt32());
        Assert.Equal(["FlakyAudit", "FlakyAudit", "SteadyAudit"], host.DeliveredTo(id));
    }

    [Theory]
    [InlineData("/api/events/eventgrid")]
    [InlineData("/api/events/eventgrid?key=")]
    [InlineData("/api/events/eventgrid?key=webhook-key-for-tests-0123456789abcdeX")]
    [InlineData("/api/events/eventgrid?code=webhook-key-for-tests-0123456789abcdef")]
    public async Task WithoutTheRightKey_EveryRequest_Is401_RunsNothing_AndIsAudited(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = NewId();
        using var client = host.App.CreateClient();
        var correlationId = $"webhook-{Guid.NewGuid():N}";
        using var options = new HttpRequestMessage(HttpMethod.Options, url);
        options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(Batch(GridEvent(id, EventGridHost.ItemShipped, "items/9")), Encoding.UTF8, "application/json") };
        post.Headers.Add("aeg-event-type", "Notification");
        post.Headers.Add("X-Correlation-Id", correlationId);
        var refused = await client.SendAsync(post, ct);

        await refused.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-webhook-key");
        await (await client.SendAsync(options, ct)).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-webhook-key");
        Assert.Empty(host.DeliveredTo(id));
        using var platformAdmin = hub.PlatformAdmin();
        var audit = await platformAdmin.ReadAllPagesAsync("/api/admin/audit?pageSize=200&action=ReceiveEventGridEvents", ct);
        var entry = Assert.Single(audit, entry => entry.Text("correlationId") == correlationId);
        Assert.Equal("denied", entry.Text("outcome"), ignoreCase: true);
        Assert.Equal("invalid-webhook-key", entry.Reason());
        Assert.Equal(401, entry.StatusCode());
        Assert.DoesNotContain("key=", entry.Text("path"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnAHostWithoutAKey_TheWebhookAcceptsNothing()
    {
        using var anonymous = hub.Anonymous();
        using var content = new StringContent(Batch(GridEvent(NewId(), EventGridHost.ItemShipped, "items/1")), Encoding.UTF8, "application/json");

        var response = await anonymous.PostAsync("/api/events/eventgrid?key=", content, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-webhook-key");
    }

    [Theory]
    [InlineData("{not json", "application/json", "Notification")]
    [InlineData("""[{"id":"1","eventType":"Contoso.Items.ItemShipped"}]""", "application/json", "Notification")]
    [InlineData("[1, 2]", "application/json", "Notification")]
    [InlineData("[]", "application/json", "Notification")]
    [InlineData("""{"specversion":"1.0","id":"c-1","type":"Contoso.Items.ItemShipped"}""", "application/cloudevents+json", null)]
    [InlineData("""[{"id":"v","subject":"","eventType":"Contoso.Items.ItemShipped","eventTime":"2026-01-01T00:00:00Z","data":{},"dataVersion":"1"}]""", "application/json", "SubscriptionValidation")]
    public async Task MalformedBody_Is400_AndRunsNothing(string body, string contentType, string? eventTypeHeader)
    {
        var before = host.Deliveries.Count;

        var problem = await (await PostAsync(body, contentType, eventTypeHeader)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-events");

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, host.Deliveries.Count);
    }

    [Fact]
    public async Task TheWebhookKey_NeverReachesTheLogs()
    {
        await (await PostAsync(Batch(GridEvent(NewId(), EventGridHost.ItemShipped, "items/5")))).ExpectAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(host.Logs.Logs, log => log.AllText.Contains(RuntimeHosts.WebhookKey, StringComparison.Ordinal));
        Assert.Contains(host.Logs.Logs, log => log.Message.Contains("POST /api/events/eventgrid answered 200", StringComparison.Ordinal));
    }
}
