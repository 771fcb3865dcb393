using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>A host with runtime settings out of range refuses to start, naming the setting.</summary>
public sealed class RuntimeSettingsTests(HubFixture hub)
{
    [Theory]
    [InlineData("Hub:Triggers:QueueConcurrency", "0", "Hub:Triggers:QueueConcurrency")]
    [InlineData("Hub:Triggers:MaxPollingIntervalSeconds", "0.01", "Hub:Triggers:MaxPollingIntervalSeconds")]
    [InlineData("Hub:Triggers:VisibilityTimeoutSeconds", "0.5", "Hub:Triggers:VisibilityTimeoutSeconds")]
    [InlineData("Hub:EventGrid:WebhookKey", "too-short", "Hub:EventGrid:WebhookKey")]
    [InlineData("FUNCTIONS_CUSTOMHANDLER_PORT", "not-a-port", "FUNCTIONS_CUSTOMHANDLER_PORT")]
    public void AnInvalidSetting_KeepsTheHostFromStarting(string key, string value, string named)
    {
        var failure = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = RuntimeHosts.Start(hub, _ => { }, new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
    }
}
