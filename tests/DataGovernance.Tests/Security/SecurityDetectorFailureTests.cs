using DataGovernance.Monitoring;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>A detector that fails neither fails the recording nor stops the other detectors, and is logged as an error.</summary>
public sealed class SecurityDetectorFailureTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFailingDetector_IsLoggedAsAnError_WhileTheEventIsStored_AndTheOtherDetectorsAlert()
    {
        var tenant = await hub.CreateTenantAsync();
        var services = hub.App.Services;
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var service = new SecurityEventService(
            services.GetRequiredService<SecurityEventStore>(),
            [new BrokenDetector(), new RoleElevationDetector()],
            services.GetRequiredService<SecurityDetectionStore>(),
            services.GetRequiredService<AlertStore>(),
            services.GetRequiredService<AlertQueue>(),
            TimeProvider.System,
            loggers.CreateLogger<SecurityEventService>());

        var recorded = await service.RecordAsync(tenant, SecurityEventType.RoleChanged, new WriteContext(new Actor("user:owner-1"), "c", "192.0.2.7"), "user-3",
            new Dictionary<string, string> { [SecurityEventDetails.PreviousRoles] = "", [SecurityEventDetails.Roles] = "Owner" }, Ct);

        var stored = await services.GetRequiredService<SecurityEventStore>().ListAsync(tenant, new SecurityEventFilter(null, null, null), 10, null, Ct);
        Assert.Equal(recorded.Id, Assert.Single(stored.Items).Id);
        var alert = Assert.Single(await services.GetRequiredService<AlertStore>().ListAsync(tenant, SecurityAlerts.KindPrefix, 10, Ct));
        Assert.Equal(SecurityAlerts.RoleElevated, alert.Kind);
        var failure = Assert.Single(logs.Logs, log => log.EventId.Id == 5003);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains(nameof(BrokenDetector), failure.Message, StringComparison.Ordinal);
        Assert.Contains("detector is broken", failure.Exception, StringComparison.Ordinal);
    }

    private sealed class BrokenDetector : ISecurityDetector
    {
        public Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("This detector is broken.");
    }
}
