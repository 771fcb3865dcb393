using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Storage.Blobs;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>A hub started the way the Functions host starts a custom handler: FUNCTIONS_CUSTOMHANDLER_PORT set.</summary>
public sealed class CustomHandlerHost(HubFixture hub) : IAsyncLifetime
{
    public const string Inbox = "ch-inbox";

    public int Port { get; } = FreePorts.Next();

    public string QueueName { get; } = RuntimeHosts.UniqueQueueName("ch");

    public HubApplication App { get; private set; } = null!;

    public Recorder<QueueMessageInfo> Messages { get; } = new();

    public Recorder<TimerInfo> InvokedTimer { get; } = new();

    public Recorder<TimerInfo> ScheduledTimer { get; } = new();

    public Recorder<EventGridEvent> Events { get; } = new();

    public ValueTask InitializeAsync()
    {
        App = RuntimeHosts.Start(hub, services =>
        {
            services.AddFunction(FunctionDefinition.Queue("ChQueue", QueueName, (message, _, _) =>
            {
                Messages.Add(message);
                return Task.CompletedTask;
            }));
            services.AddFunction(FunctionDefinition.Queue("ChFailing", QueueName + "-fails", (_, _, _) =>
                throw new InvalidOperationException("The classifier rejected the document.")));
            services.AddFunction(FunctionDefinition.Timer("ChNightly", "0 0 2 * * *", (timer, _, _) =>
            {
                InvokedTimer.Add(timer);
                return Task.CompletedTask;
            }));
            services.AddFunction(FunctionDefinition.Timer("ChEverySecond", "* * * * * *", (timer, _, _) =>
            {
                ScheduledTimer.Add(timer);
                return Task.CompletedTask;
            }, runOnStartup: true));
            services.AddFunction(FunctionDefinition.EventGrid("ChInbox", new EventGridTrigger(WatchedBlobWriter.BlobCreatedEventType, $"/blobServices/default/containers/{Inbox}/"),
                (gridEvent, _, _) =>
                {
                    Events.Add(gridEvent);
                    return Task.CompletedTask;
                }));
        }, new Dictionary<string, string?>
        {
            [HostingMode.CustomHandlerPortSetting] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.2",
        }, programChoosesPort: true);
        Assert.Equal(new Uri($"http://127.0.0.1:{Port}/"), App.ClientOptions.BaseAddress);
        return ValueTask.CompletedTask;
    }

    /// <summary>A client of the port the Functions host would talk to, not the test server's own address.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Custom-handler mode: the Functions host's payloads for every trigger, proxied HTTP, and the hub's own triggers off.</summary>
public sealed class CustomHandlerTests(HubFixture hub, CustomHandlerHost host) : IClassFixture<CustomHandlerHost>
{
    private static async Task<JsonElement> InvokeAsync(HttpClient client, string function, string payload, HttpStatusCode expected)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/{function}", content, TestContext.Current.CancellationToken);
        var body = await response.ExpectAsync(expected);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["Logs", "Outputs", "ReturnValue"], body.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
        return body;
    }

    private static string Sys(string method) =>
        $$"""{"MethodName":"{{method}}","UtcNow":"2026-11-24T10:00:00.0000000Z","RandGuid":"{{Guid.NewGuid()}}"}""";

    [Fact]
    public async Task TheHandlerPort_AnswersGetRoot_AndServesProxiedHttpFunctions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var functionsHost = host.Client();

        await (await functionsHost.GetAsync("/", ct)).ExpectAsync(HttpStatusCode.OK);
        var health = await (await functionsHost.GetAsync("/api/health", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", health.GetProperty("status").GetString());

        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var created = await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        using var auditor = host.Client(HubFixture.DevToken(tenant, "auditor-1", Role.Auditor));
        var read = await (await auditor.GetAsync($"/api/tenants/{tenant}/records/controls/{id}", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, read.GetProperty("id").GetString());
        using var anonymous = host.Client();
        await (await anonymous.GetAsync($"/api/tenants/{tenant}/records/controls/{id}", ct)).ExpectAsync(HttpStatusCode.Unauthorized, "missing-credentials");
    }

    [Fact]
    public async Task QueueInvocation_RunsTheHandler_WithTheMessageAndItsMetadata()
    {
        using var functionsHost = host.Client();
        var id = Guid.NewGuid().ToString();
        var payload = $$"""
            {
              "Data": { "message": "{\"requestId\":\"r-42\",\"tenantId\":\"contoso\"}" },
              "Metadata": {
                "DequeueCount": 2,
                "ExpirationTime": "2026-12-01T17:58:31+00:00",
                "Id": "\"{{id}}\"",
                "InsertionTime": "2026-11-24T17:58:31+00:00",
                "NextVisibleTime": "2026-11-24T18:08:32+00:00",
                "PopReceipt": "\"AgAAAAMAAAAAAAAAAgtnj8x+1QE=\"",
                "sys": {{Sys("ChQueue")}}
              }
            }
            """;

        var answer = await InvokeAsync(functionsHost, "ChQueue", payload, HttpStatusCode.OK);

        Assert.NotEmpty(answer.GetProperty("Logs").EnumerateArray());
        var message = Assert.Single(host.Messages.Values, value => value.Id == id);
        Assert.Equal("""{"requestId":"r-42","tenantId":"contoso"}""", message.Body);
        Assert.Equal(2, message.DequeueCount);
        Assert.Equal("AgAAAAMAAAAAAAAAAgtnj8x+1QE=", message.PopReceipt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 58, 31, TimeSpan.Zero), message.InsertedOn);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 58, 31, TimeSpan.Zero), message.ExpiresOn);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 18, 8, 32, TimeSpan.Zero), message.NextVisibleOn);
    }

    [Fact]
    public async Task FailingInvocation_Answers500_WithTheErrorInLogs_AndNoStackTrace()
    {
        using var functionsHost = host.Client();
        var payload = $$$"""{"Data":{"message":"{}"},"Metadata":{"DequeueCount":1,"Id":"m-1","sys":{{{Sys("ChFailing")}}}}}""";

        var answer = await InvokeAsync(functionsHost, "ChFailing", payload, HttpStatusCode.InternalServerError);

        var log = Assert.Single(answer.GetProperty("Logs").EnumerateArray()).GetString()!;
        Assert.Contains("The classifier rejected the document.", log, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerInvocation_HandsOnTheScheduleStatus_AndPastDue()
    {
        using var functionsHost = host.Client();
        var pastDue = $$$"""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},
                              "ScheduleStatus":{"Last":"2026-11-23T02:00:00+00:00","Next":"2026-11-24T02:00:00+00:00","LastUpdated":"2026-11-23T02:00:00.0500000+00:00"},
                              "IsPastDue":true}},
             "Metadata":{"sys":{{{Sys("ChNightly")}}}}}
            """;
        var first = $$$"""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{{{Sys("ChNightly")}}}}}""";

        await InvokeAsync(functionsHost, "ChNightly", pastDue, HttpStatusCode.OK);
        await InvokeAsync(functionsHost, "ChNightly", first, HttpStatusCode.OK);

        var late = Assert.Single(host.InvokedTimer.Values, timer => timer.IsPastDue);
        Assert.Equal("0 0 2 * * *", late.Schedule);
        Assert.Equal(new TimerScheduleStatus(
            new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 23, 2, 0, 0, 50, TimeSpan.Zero)), late.ScheduleStatus);
        Assert.Contains(host.InvokedTimer.Values, timer => !timer.IsPastDue && timer.ScheduleStatus is null);
    }

    [Fact]
    public async Task EventGridInvocation_RunsTheHandlerOncePerEventId_AndOnlyForItsSubject()
    {
        using var functionsHost = host.Client();
        var id = Guid.NewGuid().ToString();
        JsonObject Invocation(string eventId, string container) => new()
        {
            ["Data"] = new JsonObject
            {
                ["eventGridEvent"] = new JsonObject
                {
                    ["id"] = eventId,
                    ["topic"] = "/subscriptions/5a4d2c1b-0000-4000-8000-000000000001/resourceGroups/hub/providers/Microsoft.Storage/storageAccounts/contosodata",
                    ["subject"] = $"/blobServices/default/containers/{container}/blobs/report.pdf",
                    ["eventType"] = "Microsoft.Storage.BlobCreated",
                    ["eventTime"] = "2026-11-24T10:00:00Z",
                    ["data"] = new JsonObject { ["api"] = "PutBlob", ["contentType"] = "application/pdf", ["contentLength"] = 99, ["blobType"] = "BlockBlob" },
                    ["dataVersion"] = "",
                    ["metadataVersion"] = "1",
                },
            },
            ["Metadata"] = JsonNode.Parse(Sys("ChInbox")) is { } sys ? new JsonObject { ["sys"] = sys } : null,
        };

        await InvokeAsync(functionsHost, "ChInbox", Invocation(id, CustomHandlerHost.Inbox).ToJsonString(), HttpStatusCode.OK);
        var again = await InvokeAsync(functionsHost, "ChInbox", Invocation(id, CustomHandlerHost.Inbox).ToJsonString(), HttpStatusCode.OK);
        var otherId = Guid.NewGuid().ToString();
        await InvokeAsync(functionsHost, "ChInbox", Invocation(otherId, "elsewhere").ToJsonString(), HttpStatusCode.OK);

        var delivered = Assert.Single(host.Events.Values, gridEvent => gridEvent.Id == id);
        Assert.Equal($"/blobServices/default/containers/{CustomHandlerHost.Inbox}/blobs/report.pdf", delivered.Subject);
        Assert.Contains("before", again.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Events.Values, gridEvent => gridEvent.Id == otherId);
    }

    [Theory]
    [InlineData("ChQueue", """{"Data":{},"Metadata":{}}""", "Data.message")]
    [InlineData("ChQueue", """{"Metadata":{}}""", "Data.message")]
    [InlineData("ChNightly", """{"Data":{"timer":{"ScheduleStatus":{"Last":"yesterday"},"IsPastDue":false}}}""", "Data.timer")]
    [InlineData("ChInbox", """{"Data":{"eventGridEvent":{"id":"x"}}}""", "Data.eventGridEvent")]
    public async Task MalformedInvocation_Is400_NamingTheBinding_AndRunsNothing(string function, string payload, string field)
    {
        using var functionsHost = host.Client();
        var before = host.Messages.Count + host.InvokedTimer.Count + host.Events.Count;
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");

        var problem = await (await functionsHost.PostAsync($"/{function}", content, TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-invocation");

        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.Equal(before, host.Messages.Count + host.InvokedTimer.Count + host.Events.Count);
    }

    [Fact]
    public async Task InvokingAFunctionThatDoesNotExist_Is404()
    {
        using var functionsHost = host.Client();
        using var content = new StringContent("""{"Data":{},"Metadata":{}}""", Encoding.UTF8, "application/json");

        await (await functionsHost.PostAsync("/NoSuchFunction", content, TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task TheHubsOwnListenersTimersAndLocalEvents_AreOff()
    {
        var ct = TestContext.Current.CancellationToken;
        var queue = RuntimeHosts.Queues(hub.Primary.ConnectionString).GetQueueClient(host.QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        var sent = await queue.SendMessageAsync("""{"left":"alone"}""", ct);
        host.App.Services.GetRequiredService<QueueSignals>().Nudge(host.QueueName);
        await new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient(CustomHandlerHost.Inbox).CreateIfNotExistsAsync(cancellationToken: ct);

        var upload = await host.App.Services.GetRequiredService<WatchedBlobWriter>().UploadAsync(CustomHandlerHost.Inbox, "quiet.pdf", BinaryData.FromString("%PDF"), "application/pdf", ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        Assert.DoesNotContain(host.Messages.Values, message => message.Id == sent.Value.MessageId);
        var waiting = (await queue.PeekMessagesAsync(10, ct)).Value;
        Assert.Equal("""{"left":"alone"}""", Assert.Single(waiting).Body.ToString());
        Assert.Empty(host.ScheduledTimer.Values);
        Assert.Null(upload.EventId);
        Assert.DoesNotContain(host.Events.Values, gridEvent => gridEvent.Subject.EndsWith("/quiet.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheCustomHandlerPort_TheInvocationRoutesDoNotExist()
    {
        var ct = TestContext.Current.CancellationToken;
        using var local = hub.Anonymous();
        using var content = new StringContent("""{"Data":{"message":"{}"},"Metadata":{}}""", Encoding.UTF8, "application/json");

        await (await local.PostAsync($"/{LocalEvents.FunctionName}", content, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await local.GetAsync("/", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(HubRoute.All(hub.App.Services), route => !route.Pattern.StartsWith("/api/", StringComparison.Ordinal));
    }
}
