using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Hosting;

/// <summary>Second hub instances wired to storage that is, or becomes, unreachable.</summary>
public sealed class StorageOutageTests(HubFixture hub)
{
    /// <summary>A connection string whose endpoints all point at a loopback port nothing listens on.</summary>
    private static string Unreachable()
    {
        var port = FreePorts.Next();
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
               "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
               $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
               $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    [Fact]
    public async Task Readiness_WithTheSecondaryRegionDown_Returns503_WithTheSecondaryCheckUnhealthy_Quickly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new HubApplication(hub.Settings(hub.Primary.ConnectionString, Unreachable()));
        app.StartServer();
        using var client = app.CreateClient();

        var watch = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/health/ready", ct);
        watch.Stop();

        var body = await response.ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.False(body.GetProperty("ready").GetBoolean());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(checks["primary"].GetProperty("healthy").GetBoolean(), body.GetRawText());
        Assert.False(checks["secondary"].GetProperty("healthy").GetBoolean(), body.GetRawText());
        Assert.False(string.IsNullOrEmpty(checks["secondary"].GetProperty("error").GetString()));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5.5), $"Readiness took {watch.Elapsed.TotalSeconds:F1} s.");

        using var liveness = await client.GetAsync("/api/health", ct);
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    [Fact]
    public async Task PrimaryStorageOutage_AnswersRecordReadsWith503StorageUnavailable_AndRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        var outage = await AzuriteProcess.StartAsync("outage");
        var outageRunning = true;
        try
        {
            await using var app = new HubApplication(hub.Settings(outage.ConnectionString, hub.Secondary.ConnectionString));
            app.StartServer();
            var tenant = $"t-{Guid.NewGuid():N}"[..20];
            using var admin = app.CreateClient();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubFixture.DevToken(null, "platform-admin", Role.PlatformAdmin));
            await (await admin.PostAsJsonAsync("/api/admin/tenants", new { id = tenant, name = "Outage Tenant", dataResidency = "eu" }, ct)).ExpectAsync(HttpStatusCode.Created);
            using var owner = app.CreateClient();
            owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubFixture.DevToken(tenant, "owner-1", Role.Owner));
            var created = await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "BC-1", title = "Backups", status = "draft" }, ct))
                .ExpectAsync(HttpStatusCode.Created);
            var record = $"/api/tenants/{tenant}/records/controls/{created.GetProperty("id").GetString()}";
            await (await owner.GetAsync(record, ct)).ExpectAsync(HttpStatusCode.OK);

            await outage.DisposeAsync();
            outageRunning = false;

            using var request = new HttpRequestMessage(HttpMethod.Get, record);
            request.Headers.Add("X-Correlation-Id", "during-outage-1");
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            var response = await owner.SendAsync(request, ct);
            var problem = await response.ExpectAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("during-outage-1", problem.GetProperty("correlationId").GetString());
            Assert.Equal(record, problem.GetProperty("instance").GetString());

            var list = await owner.GetAsync($"/api/tenants/{tenant}/records/controls", ct);
            await list.ExpectAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.NotNull(list.Headers.RetryAfter);
        }
        finally
        {
            if (outageRunning)
            {
                await outage.DisposeAsync();
            }
        }
    }
}
