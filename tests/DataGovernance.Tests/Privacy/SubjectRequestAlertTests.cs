using DataGovernance.Monitoring;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

public sealed class SubjectRequestAlertTests(HubFixture hub)
{
    private AlertStore Alerts => hub.App.Services.GetRequiredService<AlertStore>();

    [Fact]
    public async Task DeadlineTimer_RaisesOneOverdueAndOneDueSoonAlert_PerRequest_NeverTwice()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        // GDPR, received 40 days ago: a month has passed. CCPA, received 40 days ago: 5 of 45 days left.
        var overdue = (await dpo.ReceiveAsync(tenant, Intake("Access", DateTimeOffset.UtcNow.AddDays(-40)))).Id();
        var dueSoon = (await dpo.ReceiveAsync(tenant, Intake("Know", DateTimeOffset.UtcNow.AddDays(-40)))).Id();
        var later = (await dpo.ReceiveAsync(tenant, Intake("Know", DateTimeOffset.UtcNow.AddDays(-1)))).Id();
        var closed = (await dpo.ReceiveAsync(tenant, Intake("Access", DateTimeOffset.UtcNow.AddDays(-40)))).Id();
        await dpo.StepAsync(tenant, closed, "status", new { status = "Withdrawn" });

        await Eventually.TrueAsync(async () => (await PrivacyAlertsAsync(tenant)).Count >= 2, TimeSpan.FromSeconds(30),
            "The deadline timer raised no alerts within 30 s.");
        // More runs, also racing the timer: nothing new may be raised.
        var services = hub.App.Services.GetRequiredService<PrivacyRequestAlerts>();
        await Task.WhenAll(services.RaiseDueAsync(Ct), services.RaiseDueAsync(Ct));
        await services.RaiseDueAsync(Ct);

        var alerts = await PrivacyAlertsAsync(tenant);
        Assert.Equal(
            [(PrivacyRequestAlerts.DueSoon, dueSoon, AlertSeverity.Warning), (PrivacyRequestAlerts.Overdue, overdue, AlertSeverity.Critical)],
            alerts.Select(alert => (alert.Kind, alert.Subject, alert.Severity)).Order());
        Assert.All(alerts, alert => Assert.DoesNotContain("Jane", alert.Message, StringComparison.Ordinal));
        // The verification code is sent by its own worker, so its step may land before or after the alert's.
        Assert.Single((await dpo.GetRequestAsync(tenant, overdue)).Actions(), action => action == "OverdueAlerted");
        Assert.DoesNotContain((await dpo.GetRequestAsync(tenant, later)).Actions(), action => action.EndsWith("Alerted", StringComparison.Ordinal));
        Assert.Single(await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestOverdueAlerted"));
    }

    private async Task<IReadOnlyList<Alert>> PrivacyAlertsAsync(string tenant) =>
        await Alerts.ListAsync(tenant, PrivacyRequestAlerts.KindPrefix, 100, Ct);
}
