using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGovernance.Tests.Hosting;

public sealed class LoggingTests(HubFixture hub)
{
    private const string Email = "jane.roe@example.com";

    [Fact]
    public async Task RequestLogs_NameTheRouteTemplate_AndNoLogCarriesPersonalData()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var provider = new CapturingLoggerProvider();
        await using var logged = Start(provider);
        using var client = logged.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubFixture.DevToken(tenant, "dpo-1", Role.DataProtectionOfficer));
        var people = $"/api/tenants/{tenant}/records/people";

        var person = new { fullName = "Jane Roe", email = Email, status = "active", owner = Email, homeAddress = "1 Privacy Lane" };
        var created = await (await client.PostAsJsonAsync(people, person, ct)).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var listed = await (await client.GetAsync($"{people}?owner={Uri.EscapeDataString(Email)}", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(listed.GetProperty("items").EnumerateArray());
        await (await client.GetAsync($"{people}/{id}", ct)).ExpectAsync(HttpStatusCode.OK);
        var invalid = new { fullName = "Jane Roe", email = Email, status = "retired", country = "Atlantis" };
        await (await client.PostAsJsonAsync(people, invalid, ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var logs = provider.Logs;
        var requestLines = logs.Where(log => log.Category.EndsWith("RequestTelemetryMiddleware", StringComparison.Ordinal)).ToList();
        Assert.Contains(requestLines, log =>
            log.Message.Contains("POST /api/tenants/{tenantId}/records/{collection}", StringComparison.Ordinal) && log.Message.Contains("201", StringComparison.Ordinal));
        Assert.Contains(requestLines, log =>
            log.Message.Contains("GET /api/tenants/{tenantId}/records/{collection}", StringComparison.Ordinal) && log.Message.Contains("200", StringComparison.Ordinal));
        Assert.Contains(requestLines, log => log.Message.Contains("/api/tenants/{tenantId}/records/{collection}/{id}", StringComparison.Ordinal));
        Assert.All(requestLines, log =>
        {
            Assert.DoesNotContain(tenant, log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("?", log.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("/people", log.Message, StringComparison.Ordinal);
        });

        AssertNoPersonalData(logs);
    }

    [Fact]
    public async Task APathCarryingPersonalData_IsRejected_AndDoesNotReachTheLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var provider = new CapturingLoggerProvider();
        await using var logged = Start(provider);
        using var client = logged.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HubFixture.DevToken(tenant, "dpo-1", Role.DataProtectionOfficer));

        await (await client.GetAsync($"/api/tenants/{tenant}/records/people/{Email}", ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");

        var logs = provider.Logs;
        Assert.Contains(logs, log => log.Message.Contains("/api/tenants/{tenantId}/records/{collection}/{id} answered 400", StringComparison.Ordinal));
        AssertNoPersonalData(logs);
    }

    private HubApplication Start(CapturingLoggerProvider provider)
    {
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings["Logging:LogLevel:Default"] = "Information";
        var app = new HubApplication(settings, builder => builder.ConfigureLogging(logging => logging.AddProvider(provider)));
        app.StartServer();
        return app;
    }

    private static void AssertNoPersonalData(IReadOnlyList<CapturedLog> logs)
    {
        var leaks = logs.Where(log => log.AllText.Contains("jane.roe", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, "Personal data reached the logs:\n" + string.Join("\n---\n", leaks.Select(log => log.AllText)));
    }

    [Fact]
    public async Task RequestLogs_CarryTheCorrelationIdAsAScope()
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = new CapturingLoggerProvider();
        await using var logged = Start(provider);
        using var client = logged.CreateClient();
        var correlationId = $"log-scope-{Guid.NewGuid():N}";

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Add("X-Correlation-Id", correlationId);
        await (await client.SendAsync(request, ct)).ExpectAsync(HttpStatusCode.OK);

        var line = Assert.Single(provider.Logs, log => log.Scopes.Contains($"CorrelationId={correlationId}") && log.EventId.Id == 1201);
        Assert.Contains("GET /api/health", line.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Information, line.Level);
    }
}
