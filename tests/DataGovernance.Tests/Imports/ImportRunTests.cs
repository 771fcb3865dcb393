using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Imports;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Orchestrations.Imports;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using DataGovernance.Tests.Records;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>
/// A commit or rollback as a run: who it names, the rules of its own time, the files of exactly one validation, steps
/// that come back after their run moved on, and runs that stop without finishing.
/// </summary>
public sealed class ImportRunTests(HubFixture hub)
{
    private static readonly object TransfersNeedAMechanism = new { residency = "eu", allowedRegions = Array.Empty<string>(), allowedCountries = new { health = new[] { "EEA" } } };

    private const string Controls = "code,title,status\r\nR-1,One,draft\r\nR-2,Two,draft\r\nR-3,Three,draft\r\n";

    private ImportService Imports => hub.App.Services.GetRequiredService<ImportService>();

    private ImportExecution Execution => hub.App.Services.GetRequiredService<ImportExecution>();

    private ImportBatchStore Batches => hub.App.Services.GetRequiredService<ImportBatchStore>();

    private RecordStore Records => hub.App.Services.GetRequiredService<RecordStore>();

    [Fact]
    public async Task TheChangeLog_NamesWhoCommitted_NotWhoUploaded()
    {
        var tenant = await hub.CreateTenantAsync();
        using var uploader = hub.WithBearer(HubFixture.DevToken(tenant, "uploader", Role.Owner));
        using var committer = hub.WithBearer(HubFixture.DevToken(tenant, "committer", Role.Owner));
        var id = await uploader.UploadIdAsync(tenant, "controls", Controls);
        await uploader.ValidatedAsync(tenant, id);

        var batch = await committer.RunAsync(tenant, id);

        Assert.Equal("Committed", batch.Prop("status"));
        var run = batch.GetProperty("run");
        Assert.NotEqual(batch.Prop("requestedBy"), run.Prop("requestedBy"));
        Assert.Contains("committer", run.Prop("requestedBy"), StringComparison.Ordinal);
        var timeline = await committer.ReadAllPagesAsync($"/api/tenants/{tenant}/timeline?pageSize=100", Ct);
        var imported = timeline.Where(entry => entry.Prop("recordId").StartsWith(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, imported.Count);
        Assert.All(imported, entry => Assert.Equal(run.Prop("requestedBy"), entry.Prop("actor")));
    }

    [Fact]
    public async Task Commit_AppliesTheCrossBorderRulesOfItsOwnTime_AndTellsTheWriteObservers()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        const string Vendors = """[{ "name": "Carrier", "country": "US", "status": "active", "dataCategories": ["contact"] }]""";

        // Without rules a transfer lacking a mechanism is accepted, and the write observer opens a DPIA for it, as for a single write.
        var first = await owner.UploadAsync(tenant, "vendors", Encoding.UTF8.GetBytes(Vendors), Json, "vendors.json");
        var firstId = (await first.ExpectAsync(HttpStatusCode.Created)).Prop("id");
        await owner.ValidatedAsync(tenant, firstId);
        Assert.Equal("Committed", (await owner.RunAsync(tenant, firstId)).Prop("status"));
        var vendor = Assert.Single(await owner.RecordsAsync(tenant, "vendors")).Prop("id");
        var dpia = Assert.Single(await owner.DpiaListAsync(tenant));
        Assert.Equal(vendor, dpia.GetProperty("openedAutomatically").Prop("subject"));

        // Validated without rules, committed after rules that require a mechanism were saved: the commit refuses the row.
        var second = await owner.UploadAsync(tenant, "vendors", Encoding.UTF8.GetBytes(Vendors.Replace("Carrier", "Courier", StringComparison.Ordinal)), Json, "vendors.json");
        var secondId = (await second.ExpectAsync(HttpStatusCode.Created)).Prop("id");
        Assert.Equal(1, (await owner.ValidatedAsync(tenant, secondId)).Count("valid"));
        await owner.SaveRulesAsync(tenant, TransfersNeedAMechanism);

        var failed = await owner.RunAsync(tenant, secondId);

        Assert.Equal("Failed", failed.Prop("status"));
        Assert.Contains("transfer-mechanism-required", failed.Prop("failureReason"), StringComparison.Ordinal);
        Assert.Equal([vendor], (await owner.RecordsAsync(tenant, "vendors")).Select(record => record.Prop("id")));
    }

    [Fact]
    public async Task ValidRowsChangedAfterTheirValidation_FailTheCommitWithAClearReason_AndAnUnforeseenFailureSaysNoMore()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        var validation = (await owner.ValidatedAsync(tenant, id)).GetProperty("validation").Prop("id");
        var blob = ImportBlob(tenant, id, $"valid-rows-{validation}.jsonl");
        var rows = (await blob.DownloadContentAsync(Ct)).Value.Content.ToString();
        // Still a valid control, so only the count and hash the validation recorded can tell.
        await blob.UploadAsync(BinaryData.FromString(rows.Replace("\"Two\"", "\"Forged\"", StringComparison.Ordinal)), overwrite: true, Ct);

        var tampered = await owner.RunAsync(tenant, id);

        Assert.Equal("Failed", tampered.Prop("status"));
        Assert.Contains("no longer match their validation", tampered.Prop("failureReason"), StringComparison.Ordinal);
        Assert.Empty(await owner.RecordsAsync(tenant, "controls"));

        await blob.DeleteAsync(cancellationToken: Ct);
        var lost = await owner.RunAsync(tenant, id);
        Assert.Equal(("Failed", ImportOrchestration.UnexpectedFailure), (lost.Prop("status"), lost.Prop("failureReason")));
        Assert.Equal((1, (string?)null), await HeadAsync(tenant));

        // A new validation writes files of its own and removes the ones it replaces; its rows commit.
        var again = (await owner.ValidatedAsync(tenant, id)).GetProperty("validation").Prop("id");
        Assert.NotEqual(validation, again);
        Assert.False(await ImportBlob(tenant, id, $"errors-{validation}.csv").ExistsAsync(Ct));
        Assert.True(await ImportBlob(tenant, id, $"errors-{again}.csv").ExistsAsync(Ct));
        var done = await owner.RunAsync(tenant, id);
        Assert.Equal(("Committed", 3), (done.Prop("status"), done.Count("imported")));
    }

    [Fact]
    public async Task AValidationThatMeetsAnUnreadableRow_LeavesNoFilesOfItsOwn()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls + "R-4,\"Unclosed,draft\r\n");

        await (await owner.ValidateAsync(tenant, id)).ExpectAsync(HttpStatusCode.BadRequest, "import-malformed-csv");

        var container = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("imports");
        var left = await container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/{id}/", Ct).Select(blob => blob.Name).ToListAsync(Ct);
        Assert.Equal([$"{tenant}/{id}/upload"], left);
        Assert.Equal("Uploaded", (await owner.GetImportAsync(tenant, id)).Prop("status"));
    }

    [Fact]
    public async Task StepsOfAFinishedRun_ThatArriveAgain_ChangeNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var committed = await owner.ImportAsync(tenant, "controls", Controls);
        var batch = await BatchAsync(tenant, committed.Prop("id"));
        var run = batch.Run!;
        var frozen = new FrozenHead(run.FromGeneration, batch.FirstSequence!.Value - 1);
        var before = await owner.RecordsAsync(tenant, "controls");

        // A freeze delivered again after the run ended would hold the tenant's records for good; it is refused.
        await Assert.ThrowsAsync<ImportRunException>(() => Execution.FreezeAsync(tenant, batch, run, Ct));
        // Even past the batch's own check, the records' generation moved on since the run was requested.
        await Assert.ThrowsAsync<GenerationBusyException>(() =>
            hub.App.Services.GetRequiredService<GenerationStore>().FreezeAsync(tenant, run.FreezeId(batch.Id), Ct, run.FromGeneration));
        // A build delivered again after the switch would clear the live generation and its change entries first; it is refused.
        await Assert.ThrowsAsync<GenerationBusyException>(() => Execution.BuildAsync(tenant, batch, run, frozen, DateTimeOffset.UtcNow, Ct));

        Assert.Equal((run.FromGeneration + 1, (string?)null), await HeadAsync(tenant));
        Assert.Equal(before.Select(record => record.Prop("id")), (await owner.RecordsAsync(tenant, "controls")).Select(record => record.Prop("id")));
        var timeline = await owner.ReadAllPagesAsync($"/api/tenants/{tenant}/timeline?pageSize=100", Ct);
        Assert.Equal(3, timeline.Count(entry => entry.Prop("recordId").StartsWith(batch.Id, StringComparison.Ordinal)));
        await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "AFTER", title = "After", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ARunThatStoppedBeforeItsSwitch_IsEndedBySweep_AndTheRecordsAreAsBefore()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        await owner.ValidatedAsync(tenant, id);
        // The run began and froze and built, and then its orchestration was lost (terminated, or never started).
        var (batch, run) = await BeginStoppedRunAsync(tenant, id);
        var frozen = await Execution.FreezeAsync(tenant, batch, run, Ct);
        await Execution.BuildAsync(tenant, batch, run, frozen, DateTimeOffset.UtcNow, Ct);
        await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "W", title = "W", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Conflict, "restore-in-progress");

        Assert.True(await hub.App.Services.GetRequiredService<ImportRunEnding>().EndStoppedRunsAsync(Ct) >= 1);

        var ended = await owner.GetImportAsync(tenant, id);
        Assert.Equal(("Failed", "The run never started."), (ended.Prop("status"), ended.Prop("failureReason")));
        Assert.Equal((frozen.Generation, (string?)null), await HeadAsync(tenant));
        Assert.DoesNotContain(hub.RawRows(tenant), row => row.RowKey.StartsWith($"r:{frozen.Generation + 1:D6}:", StringComparison.Ordinal));
        Assert.Empty(await owner.RecordsAsync(tenant, "controls"));
        await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "W", title = "W", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Committed", (await owner.RunAsync(tenant, id)).Prop("status"));
    }

    [Fact]
    public async Task ARunThatStoppedAfterItsSwitch_IsRecordedAsDoneBySweep()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "OLD", title = "Before", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        await owner.ValidatedAsync(tenant, id);
        var (batch, run) = await BeginStoppedRunAsync(tenant, id);
        var frozen = await Execution.FreezeAsync(tenant, batch, run, Ct);
        var built = await Execution.BuildAsync(tenant, batch, run, frozen, DateTimeOffset.UtcNow, Ct);
        Assert.True(await Execution.SwitchAsync(tenant, id, run, frozen, built.LastSequence, Ct));

        await hub.App.Services.GetRequiredService<ImportRunEnding>().EndStoppedRunsAsync(Ct);

        Assert.Equal("Committed", (await owner.GetImportAsync(tenant, id)).Prop("status"));
        Assert.Equal(4, (await owner.RecordsAsync(tenant, "controls")).Count);
        // Followed up as the run would have: the replaced generation is gone, and the tenant is re-classified.
        Assert.DoesNotContain(hub.RawRows(tenant), row => row.RowKey.StartsWith($"r:{frozen.Generation:D6}:", StringComparison.Ordinal));
        Assert.NotNull(await hub.App.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(RescanOperations.InstanceId(tenant), cancellation: Ct));
    }

    [Fact]
    public async Task AValidationThatOverlapsACommit_IsRefused_AndTheCommitKeepsItsRows()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        var validated = await owner.ValidatedAsync(tenant, id);
        var begun = await Imports.BeginAsync(tenant, id, ImportRunKind.Commit, false, Actor.System("tests"), Ct);
        Assert.True(begun.Succeeded);

        await (await owner.ValidateAsync(tenant, id)).ExpectAsync(HttpStatusCode.Conflict, "import-not-validatable");
        var again = await Imports.BeginAsync(tenant, id, ImportRunKind.Commit, false, Actor.System("tests"), Ct);

        Assert.Equal("import-not-validated", again.Failure!.Code);
        var batch = await BatchAsync(tenant, id);
        Assert.Equal((ImportStatus.Committing, begun.Value.Run!.Id), (batch.Status, batch.Run!.Id));
        Assert.Equal(validated.GetProperty("validation").Prop("id"), batch.Validation!.Id);
        await hub.App.Services.GetRequiredService<ImportRunEnding>().EndAsync(tenant, id, batch.Run.Id, "Ended by the test.", Ct);
    }

    /// <summary>Begins a commit as the API would, without its orchestration, and dates it past the sweep's starting time.</summary>
    private async Task<(ImportBatch Batch, ImportRun Run)> BeginStoppedRunAsync(string tenant, string id)
    {
        var begun = await Imports.BeginAsync(tenant, id, ImportRunKind.Commit, false, Actor.System("tests"), Ct);
        Assert.True(begun.Succeeded, begun.Succeeded ? null : begun.Failure.Detail);
        var aged = await Batches.UpdateAsync(tenant, id, batch => batch with
        {
            Run = batch.Run! with { RequestedAt = DateTimeOffset.UtcNow - ImportRunEnding.StartingTime - TimeSpan.FromMinutes(1) },
        }, Ct);
        return (aged!, aged!.Run!);
    }

    private async Task<ImportBatch> BatchAsync(string tenant, string id) => (await Batches.GetAsync(tenant, id, Ct))!.Value.Batch;

    private async Task<(int Generation, string? FrozenBy)> HeadAsync(string tenant) =>
        await Records.GetHeadAsync(tenant, Ct) is var head ? (head.Generation, head.FrozenBy) : default;

    private BlobClient ImportBlob(string tenant, string id, string name) =>
        new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("imports").GetBlobClient($"{tenant}/{id}/{name}");
}
