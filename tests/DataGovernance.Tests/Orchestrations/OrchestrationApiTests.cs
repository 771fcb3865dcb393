using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Workbench;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>The management API: operators across tenants, tenant administrators within theirs, the async pattern.</summary>
public sealed class OrchestrationApiTests(EngineHost engine) : IClassFixture<EngineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenantAdmins_SeeAndControlTheirTenantsInstancesOnly()
    {
        var (tenant, other) = (await engine.Hub.CreateTenantAsync(), await engine.Hub.CreateTenantAsync());
        var mine = await StartWaitingAsync(tenant);
        var theirs = await StartWaitingAsync(other);
        using var owner = Client(HubFixture.DevToken(tenant, "owner", Role.Owner));

        var list = await (await owner.GetAsync($"/api/tenants/{tenant}/orchestrations", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([mine], list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()));
        await (await owner.GetAsync($"/api/tenants/{tenant}/orchestrations/{theirs}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.PostAsync($"/api/tenants/{tenant}/orchestrations/{theirs}/terminate", null, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var accepted = await owner.PostAsJsonAsync($"/api/tenants/{tenant}/orchestrations/{mine}/terminate", new { reason = "cancelled by owner" }, Ct);
        await accepted.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/tenants/{tenant}/orchestrations/{mine}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await engine.CompletionAsync(mine)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.Client.GetInstanceAsync(theirs, cancellation: Ct))!.RuntimeStatus);
        await (await owner.PostAsync($"/api/tenants/{tenant}/orchestrations/{mine}/terminate", null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "instance-finished");
    }

    [Fact]
    public async Task Auditor_ReadsButCannotControl()
    {
        var tenant = await engine.Hub.CreateTenantAsync();
        var instance = await StartWaitingAsync(tenant);
        using var auditor = Client(HubFixture.DevToken(tenant, "auditor", Role.Auditor));

        await (await auditor.GetAsync($"/api/tenants/{tenant}/orchestrations/{instance}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PostAsync($"/api/tenants/{tenant}/orchestrations/{instance}/suspend", null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Operators_RaiseEvents_AndFollowTheStatusResourceToTheOutput()
    {
        var tenant = await engine.Hub.CreateTenantAsync();
        var instance = await StartWaitingAsync(tenant);
        using var operatorClient = Client(HubFixture.DevToken(null, "operator", Role.PlatformOperator));

        var raised = await operatorClient.PostAsJsonAsync($"/api/admin/orchestrations/{instance}/events/{AwaitSignal.EventName}", "go", Ct);
        var body = await raised.ExpectAsync(HttpStatusCode.Accepted);
        var location = raised.Headers.Location!.OriginalString;
        Assert.Equal($"/api/admin/orchestrations/{instance}", location);
        Assert.Equal(location, body.GetProperty("statusQueryGetUri").GetString());

        var status = await PollAsync(operatorClient, location + "?showHistory=true", "Completed");
        Assert.Equal("go", status.GetProperty("output").GetString());
        Assert.Equal(tenant, status.GetProperty("tenantId").GetString());
        Assert.Contains(status.GetProperty("history").EnumerateArray(), e => e.GetProperty("eventType").GetString() == "EventRaised");

        var filtered = await (await operatorClient.GetAsync($"/api/admin/orchestrations?tenantId={tenant}&status=Completed", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(filtered.GetProperty("items").EnumerateArray(), item => item.GetProperty("instanceId").GetString() == instance);
    }

    [Fact]
    public async Task Purge_RefusesActiveInstances_AndBulkPurgeRunsAsAnOrchestration()
    {
        var tenant = await engine.Hub.CreateTenantAsync();
        var active = await StartWaitingAsync(tenant);
        var finished = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 1, StartOrchestrationOptions.ForTenant(tenant, $"{tenant}:chain:{i}"), Ct);
            finished.Add((await engine.CompletionAsync(id)).InstanceId);
        }
        using var admin = Client(HubFixture.DevToken(null, "admin", Role.PlatformAdmin));

        await (await admin.DeleteAsync($"/api/admin/orchestrations/{active}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "instance-active");
        var one = await (await admin.DeleteAsync($"/api/admin/orchestrations/{finished[0]}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, one.GetProperty("purgedInstanceCount").GetInt32());
        await (await admin.PostAsJsonAsync("/api/admin/orchestrations/purge", new { statuses = (string[])["Running"] }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var started = await admin.PostAsJsonAsync("/api/admin/orchestrations/purge", new { tenantId = tenant }, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var status = await PollAsync(admin, started.Headers.Location!.OriginalString, "Completed");

        Assert.Equal(2, status.GetProperty("output").GetInt32());
        Assert.Null(await engine.Client.GetInstanceAsync(finished[1], cancellation: Ct));
        Assert.NotNull(await engine.Client.GetInstanceAsync(active, cancellation: Ct));
    }

    [Fact]
    public async Task MalformedRequests_GetClearErrors()
    {
        var tenant = await engine.Hub.CreateTenantAsync();
        var instance = await StartWaitingAsync(tenant);
        using var admin = Client(HubFixture.DevToken(null, "admin", Role.PlatformAdmin));

        await (await admin.PostAsync($"/api/admin/orchestrations/{instance}/events/bad%20name", null, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-event-name");
        await (await admin.GetAsync("/api/admin/orchestrations?status=Sleeping", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        await (await admin.GetAsync("/api/admin/orchestrations?continuationToken=garbage", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        await (await admin.GetAsync("/api/admin/orchestrations/no-such-instance", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<string> StartWaitingAsync(string tenant)
    {
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null,
            StartOrchestrationOptions.ForTenant(tenant, $"{tenant}:wait:{Guid.NewGuid():N}"), Ct);
        await engine.StatusAsync(id, OrchestrationRuntimeStatus.Running);
        return id;
    }

    private HttpClient Client(string token)
    {
        var client = engine.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string location, string status)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var body = await (await client.GetAsync(location, Ct)).ExpectAsync(HttpStatusCode.OK);
            if (body.GetProperty("runtimeStatus").GetString() == status)
            {
                return body;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"{location} never reached {status}.");
    }
}
