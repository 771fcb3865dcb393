using System.Net;
using Azure.Data.Tables;
using DataGovernance.Classification;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Classification.DataClassificationApi;

namespace DataGovernance.Tests.Classification;

/// <summary>When a stored result no longer stands, and how re-scans of one tenant keep out of each other's way.</summary>
public sealed class ClassificationStalenessTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    private DataClassificationStore Store => Services.GetRequiredService<DataClassificationStore>();

    private TableClient Results => hub.PrimaryTable(StorageNames.DataClassificationsTable);

    [Theory]
    [InlineData("another subject index key")]
    [InlineData("older built-in recognizers")]
    public async Task AResultOfTheSameRecordVersion_IsClassifiedAgain_UnderAnotherKeyOrOlderBuiltInRecognizers_AndItsOldRowsGo(string change)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreateAsync(tenant, "people", Person());
        await owner.ResultWhenAsync(tenant, "people", person, _ => true, "the person classified");
        var stored = (await Store.GetAsync(tenant, "people", person, Ct))!;
        // A row keyed under the key in use before, owned by the result.
        var old = stored.Index[0] with { Key = new string('0', 32) };
        await Services.GetRequiredService<SubjectIndexStore>().UpsertAsync(tenant, [old], Ct);
        var before = change == "another subject index key"
            ? stored with { Index = [.. stored.Index, old], IndexKey = "0000000000000000" }
            : stored with { Index = [.. stored.Index, old], BuiltInVersion = Classifier.BuiltInVersion - 1 };
        Assert.True((await Store.SaveAsync(tenant, before, stored.ETag, Ct)).Saved);
        var classifications = Services.GetRequiredService<DataClassificationService>();

        Assert.Equal(ClassificationOutcome.Classified, await classifications.ReclassifyAsync(tenant, "people", person, Ct));

        var after = (await Store.GetAsync(tenant, "people", person, Ct))!;
        Assert.Equal((Services.GetRequiredService<SubjectKeys>().Fingerprint(tenant), Classifier.BuiltInVersion), (after.IndexKey, after.BuiltInVersion));
        Assert.False((await Results.GetEntityIfExistsAsync<TableEntity>(tenant, SubjectIndexStore.RowKey(old), cancellationToken: Ct)).HasValue);
        Assert.True((await owner.DiscoverAsync(tenant, new { email = "zoe.mueller@example.com" })).HasRecord("people", person));
        Assert.Equal(ClassificationOutcome.Unchanged, await classifications.ReclassifyAsync(tenant, "people", person, Ct));
    }

    [Fact]
    public async Task ALateWorker_WritingTheIndexRowsOfAnOlderResult_DoesNotBringBackRowsTheNewerOneRemoved()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreateAsync(tenant, "people", Person(email: "first@example.com", phone: null, nationalId: null));
        await owner.ResultWhenAsync(tenant, "people", person, _ => true, "the first version classified");
        var first = (await Store.GetAsync(tenant, "people", person, Ct))!;
        Assert.Empty(first.Stale);
        await owner.ReplaceAsync(tenant, "people", person, Person(email: "second@example.com", phone: null, nationalId: null));
        await owner.ResultWhenAsync(tenant, "people", person, result => result.GetProperty("recordVersion").GetInt64() == 2, "the second version classified");
        await owner.DiscoverWhenAsync(tenant, new { email = "first@example.com" }, matches => !matches.HasRecord("people", person), "the first address gone");

        // The worker that committed the first result wakes up only now to write its index rows.
        await Services.GetRequiredService<DataClassificationService>().ApplyIndexAsync(tenant, first, Ct);

        Assert.False((await owner.DiscoverAsync(tenant, new { email = "first@example.com" })).HasRecord("people", person));
        Assert.True((await owner.DiscoverAsync(tenant, new { email = "second@example.com" })).HasRecord("people", person));
    }

    [Fact]
    public async Task ARescanInManySmallChunksAtOnce_Completes_AndCountsEveryRecordOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var people = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            people.Add(await owner.CreateAsync(tenant, "people", Person(email: $"person{i}@example.com")));
        }
        foreach (var person in people)
        {
            await owner.ResultWhenAsync(tenant, "people", person, _ => true, "classified");
        }
        foreach (var person in people)
        {
            await Results.DeleteEntityAsync(tenant, DataClassificationStore.ResultRowKey("people", person), cancellationToken: Ct);
        }
        var client = Services.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(RescanOrchestration), new RescanInput(tenant, 1, 4),
            StartOrchestrationOptions.ForTenant(tenant, $"rescan-test:{tenant}"), Ct);
        var done = await FinishedAsync(client, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var report = done.ReadOutputAs<RescanReport>()!;
        Assert.Equal((8, 8, 8, true), (report.Chunks, report.RecordsScanned, report.RecordsClassified, report.MapRecounted));
        var map = await (await owner.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(8, map.GetProperty("recordsClassified").GetInt32());
    }

    [Fact]
    public async Task ARescanAskedForWhileOneIsUnderWay_JoinsIt_AndOneAskedForAfterwards_RunsAgain()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreateAsync(tenant, "people", Person());
        await owner.ResultWhenAsync(tenant, "people", person, _ => true, "the person classified");
        var rescans = Services.GetRequiredService<RescanOperations>();
        var client = Services.GetRequiredService<DurableTaskClient>();

        var first = await rescans.StartAsync(tenant, Ct);
        var second = await rescans.StartAsync(tenant, Ct);

        Assert.Equal(($"classification-rescan:{tenant}", first), (first, second));
        var done = await FinishedAsync(client, first);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, done.ReadOutputAs<RescanReport>()!.RecordsScanned);

        var third = await rescans.StartAsync(tenant, Ct);
        var again = await FinishedAsync(client, third);

        Assert.Equal(first, third);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, again.RuntimeStatus);
        Assert.True(again.CreatedAt > done.CreatedAt, "The re-scan asked for after the first finished runs again.");
        Assert.Equal(1, again.ReadOutputAs<RescanReport>()!.RecordsUnchanged);
    }

    private static async Task<OrchestrationMetadata> FinishedAsync(DurableTaskClient client, string instanceId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        return await client.WaitForInstanceCompletionAsync(instanceId, true, deadline.Token);
    }
}
