using DataGovernance.Classification;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>The scan service against real storage: timeouts logged without the sample, records with repeated keys.</summary>
public sealed class ClassificationServiceTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TimedOutRecognizer_IsLoggedOnce_WithoutTheSample()
    {
        var tenant = await hub.CreateTenantAsync();
        var recognizers = hub.App.Services.GetRequiredService<TenantRecognizerService>();
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var service = new ClassificationService(recognizers, loggers.CreateLogger<ClassificationService>());
        var saved = await recognizers.ReplaceAsync(tenant, new TenantRecognizersRequest([new("Slow", "^(a+)+$", 20, null, null, null)]), 0,
            new WriteContext(new Actor("user:owner-1"), "c"), Ct);
        Assert.True(saved.Succeeded);
        var sample = new string('a', 40) + "!";

        var scanned = await service.ScanAsync(tenant, new ScanRequest(null, System.Text.Json.JsonDocument.Parse($$"""{"a":"{{sample}}","b":"{{sample}}"}""").RootElement), Ct);

        Assert.Equal(["a", "b"], scanned.Value!.Timeouts.Select(timeout => timeout.FieldPath));
        var logged = Assert.Single(logs.Logs, log => log.EventId.Id == 9701);
        Assert.Contains("Slow", logged.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(sample, logged.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordWithARepeatedKey_IsScannedValueByValue()
    {
        var tenant = await hub.CreateTenantAsync();
        var service = hub.App.Services.GetRequiredService<ClassificationService>();
        var record = System.Text.Json.JsonDocument.Parse("""{"note":"x","note":"mail ada@example.com"}""").RootElement;

        var scanned = await service.ScanAsync(tenant, new ScanRequest(null, record), Ct);

        var match = Assert.Single(scanned.Value!.Matches);
        Assert.Equal("note", match.FieldPath);
        Assert.Equal("***@*******.*om", match.MaskedValue);
    }
}
