using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The security detectors: each raises its alert (in the dashboard and on the alerts queue) when it should, and only then.</summary>
public sealed class SecurityDetectorTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecurityEventService Service => hub.App.Services.GetRequiredService<SecurityEventService>();

    private SecurityDetectionOptions Thresholds => hub.App.Services.GetRequiredService<IOptions<SecurityDetectionOptions>>().Value;

    [Fact]
    public async Task RoleRaisedToAdminOrOwner_ThroughTheApi_RaisesRoleElevated_InTheDashboardAndOnTheQueue_ButLoweringDoesNot()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var url = $"/api/tenants/{tenant}/team/role-assignments/user-9";

        await (await owner.PutJsonAsync(url, Roles("Member"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await AlertsAsync(tenant, SecurityAlerts.RoleElevated));
        await (await owner.PutJsonAsync(url, Roles("Member", "Admin"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(url, Roles("Member"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(url, Roles("Auditor"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var alert = Assert.Single(await AlertsAsync(tenant, SecurityAlerts.RoleElevated));
        Assert.Equal("user-9", alert.GetProperty("subject").GetString());
        Assert.Equal("Warning", alert.GetProperty("severity").GetString());
        Assert.Contains("Admin", alert.GetProperty("message").GetString(), StringComparison.Ordinal);
        var message = await ReceiveAlertAsync(tenant, SecurityAlerts.RoleElevated);
        Assert.Equal(alert.GetProperty("id").GetString(), message.GetProperty("id").GetString());
        Assert.Equal("user-9", message.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task MassExport_TheThresholdsDownloadByOneCaller_RaisesOneAlert_AndOneFewerDoesNot()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var at = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var downloads = Thresholds.MassExportDownloads;

        for (var i = 0; i < downloads - 1; i++)
        {
            var url = i % 2 == 0 ? $"/api/tenants/{tenant}/backup/time-travel?at={at}" : $"/api/tenants/{tenant}/backup/time-travel/controls?at={at}";
            Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(url, Ct)).StatusCode);
        }
        await (await owner.GetAsync($"/api/tenants/{tenant}/backup/time-travel?at={at}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Empty(await AlertsAsync(tenant, SecurityAlerts.MassExport));

        await auditor.GetStringAsync($"/api/tenants/{tenant}/backup/time-travel/risks?at={at}", Ct);
        await auditor.GetStringAsync($"/api/tenants/{tenant}/backup/time-travel?at={at}", Ct);

        var alert = Assert.Single(await AlertsAsync(tenant, SecurityAlerts.MassExport));
        Assert.Equal("user:user-auditor", alert.GetProperty("subject").GetString());
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        using var reader = hub.TenantClient(tenant, Role.Owner);
        var exports = await reader.ReadAllPagesAsync($"/api/tenants/{tenant}/security/events?type=DataExported", Ct);
        Assert.Equal(downloads + 2, exports.Count);
        Assert.Equal(downloads + 1, exports.Count(e => e.GetProperty("actor").GetString() == "user:user-auditor"));
    }

    [Fact]
    public async Task FailureBurst_AcrossEnoughAccounts_AlertsOnce_AndTheSameCountOnFewerAccountsDoesNot()
    {
        var tenant = await hub.CreateTenantAsync();
        var (failures, accounts) = (Thresholds.FailureBurstFailures, Thresholds.FailureBurstAccounts);

        await FailSignInsAsync(tenant, "203.0.113.50", failures, accounts - 1);
        Assert.Empty(await AlertsAsync(tenant, SecurityAlerts.FailureBurst));

        await FailSignInsAsync(tenant, "203.0.113.51", failures, accounts);
        await FailSignInsAsync(tenant, "203.0.113.51", failures, accounts);

        var alert = Assert.Single(await AlertsAsync(tenant, SecurityAlerts.FailureBurst));
        Assert.Equal("203.0.113.51", alert.GetProperty("subject").GetString());
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Equal(alert.GetProperty("id").GetString(), (await ReceiveAlertAsync(tenant, SecurityAlerts.FailureBurst)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task AdminSignIn_FirstAddressIsLearned_ANewOneAlerts_AKnownOneDoesNot()
    {
        var tenant = await hub.CreateTenantAsync();

        await SignInAsync(tenant, "admin-1", "198.51.100.1", Role.Admin);
        Assert.Empty(await AlertsAsync(tenant, SecurityAlerts.AdminNewIp));
        await SignInAsync(tenant, "admin-1", "198.51.100.2", Role.Admin, Role.Auditor);
        await SignInAsync(tenant, "admin-1", "198.51.100.1", Role.Admin);
        await SignInAsync(tenant, "admin-1", "198.51.100.2", Role.Admin);
        await SignInAsync(tenant, "member-1", "198.51.100.1", Role.Member);
        await SignInAsync(tenant, "member-1", "198.51.100.3", Role.Member);
        await SignInAsync(tenant, "member-1", "198.51.100.3", Role.Owner);

        var alert = Assert.Single(await AlertsAsync(tenant, SecurityAlerts.AdminNewIp));
        Assert.Equal("admin-1", alert.GetProperty("subject").GetString());
        Assert.Contains("198.51.100.2", alert.GetProperty("message").GetString(), StringComparison.Ordinal);

        await SignInAsync(tenant, "member-1", "198.51.100.4", Role.Owner);
        Assert.Equal(["member-1", "admin-1"], (await AlertsAsync(tenant, SecurityAlerts.AdminNewIp)).Select(a => a.GetProperty("subject").GetString()));
    }

    private async Task FailSignInsAsync(string tenant, string address, int failures, int accounts)
    {
        var context = new WriteContext(new Actor("anonymous"), "sign-in", address);
        for (var i = 0; i < failures; i++)
        {
            await Service.RecordAsync(tenant, SecurityEventType.SignInFailed, context, $"account-{i % accounts}", null, Ct);
        }
    }

    private Task<SecurityEvent> SignInAsync(string tenant, string user, string address, params Role[] roles) =>
        Service.RecordAsync(tenant, SecurityEventType.SignInSucceeded, new WriteContext(new Actor($"user:{user}"), "sign-in", address), user,
            new Dictionary<string, string> { [SecurityEventDetails.Roles] = SecurityEventDetails.JoinRoles(roles) }, Ct);

    /// <summary>The dashboard's security alerts of one kind, newest first.</summary>
    private async Task<List<JsonElement>> AlertsAsync(string tenant, string kind)
    {
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var dashboard = await (await owner.GetAsync($"/api/tenants/{tenant}/security/dashboard", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. dashboard.GetProperty("alerts").EnumerateArray().Where(alert => alert.GetProperty("kind").GetString() == kind)];
    }

    /// <summary>
    /// Takes this tenant's alert of <paramref name="kind"/> off the alerts queue. Other tests' messages are only hidden
    /// for a second, so that tests running at the same time find theirs.
    /// </summary>
    private async Task<JsonElement> ReceiveAlertAsync(string tenant, string kind)
    {
        var queue = new QueueClient(hub.Primary.ConnectionString, StorageNames.AlertsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), Ct)).Value)
            {
                var alert = JsonSerializer.Deserialize<JsonElement>(message.Body.ToString());
                if (alert.GetProperty("tenantId").GetString() == tenant && alert.GetProperty("kind").GetString() == kind)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
                    return alert;
                }
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"No {kind} alert of tenant {tenant} on the {StorageNames.AlertsQueue} queue within 30 s.");
    }

    private static object Roles(params string[] roles) => new { roles };
}
