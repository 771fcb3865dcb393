using System.Diagnostics;
using System.Text.Json;
using DataGovernance.Classification;
using DataGovernance.Records;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>A record write whose classification cannot be queued still succeeds: the re-scan repairs what the queue missed.</summary>
public sealed class ClassificationQueueOutageTests(HubFixture hub)
{
    [Fact]
    public async Task AWrite_WhenTheQueueIsUnreachable_IsCommittedAnyway_WithinTheSendTimeout_AndTheFailureIsLogged()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var services = hub.App.Services;
        // The real tables and blobs of the primary account, with its queue endpoint on a port nobody listens on.
        var queueDown = hub.Primary.ConnectionString.Replace($":{hub.Primary.QueuePort}/", $":{FreePorts.Next()}/", StringComparison.Ordinal);
        var storage = new HubStorage(new StorageAccount("primary", new StorageConnection(queueDown, null, null, null, null)), services.GetRequiredService<HubStorage>().Secondary);
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var queue = new ClassificationQueue(storage, new QueueSignals(), loggers.CreateLogger<ClassificationQueue>());
        var records = new RecordService(services.GetRequiredService<RecordStore>(), services.GetRequiredService<ChangeLogStore>(),
            services.GetRequiredService<RecordCache>(), queue, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var created = await records.CreateAsync(tenant, Collections.People,
            JsonSerializer.SerializeToElement(new { fullName = "Ada Lovelace", email = "ada@example.com", status = "active" }),
            new WriteContext(Actor.System("test"), "test-outage"), ct);
        watch.Stop();

        Assert.True(created.Succeeded);
        Assert.True(watch.Elapsed < ClassificationQueue.SendTimeout + TimeSpan.FromSeconds(5), $"The write took {watch.Elapsed}.");
        var stored = await services.GetRequiredService<RecordStore>().GetAsync(tenant, Collections.People, created.Value.Id, ct);
        Assert.NotNull(stored);
        var warning = Assert.Single(logs.Logs, log => log.EventId.Id == 9702);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(created.Value.Id, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ada@example.com", warning.AllText, StringComparison.Ordinal);
    }
}
