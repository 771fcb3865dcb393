using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataGovernance.Records;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Records;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>A commit shows all of its batch or nothing: not partly while it runs, and nothing at all when it fails midway.</summary>
public sealed class ImportCommitAtomicityTests(HubFixture hub)
{
    private const int Rows = 1_500;

    private static string ControlsCsv(string prefix)
    {
        var csv = new StringBuilder("code,title,status\r\n");
        for (var row = 0; row < Rows; row++)
        {
            csv.Append(prefix).Append(row).Append(",Control ").Append(row).Append(",draft\r\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task Commit_ThatMeetsARowTheSchemaRefusesLate_LeavesNothingVisible_NotEvenWhileItRuns()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateIdAsync(tenant, "controls", new { code = "OLD", title = "Existing", status = "draft" });
        var before = await TenantState.CaptureAsync(hub, owner, tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", ControlsCsv("T-"));
        var validated = await owner.ValidatedAsync(tenant, id);
        Assert.Equal(Rows, validated.Count("valid"));

        // The accepted rows are storage the commit reads again; a row changed there is only found when the commit reaches
        // it, after the rows before it were written to the next generation.
        var blob = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("imports").GetBlobClient($"{tenant}/{id}/valid-rows-{validated.GetProperty("validation").GetProperty("id").GetString()}.jsonl");
        var lines = (await blob.DownloadContentAsync(Ct)).Value.Content.ToString().TrimEnd('\n').Split('\n');
        lines[^1] = $"{{\"row\":{Rows + 1},\"data\":{{\"code\":\"LATE\"}}}}";
        await blob.UploadAsync(BinaryData.FromString(string.Join('\n', lines) + "\n"), overwrite: true, Ct);

        var started = await owner.PostAsync(ImportsUrl(tenant, $"/{id}/commit"), null, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var looks = 0;
        var failed = await owner.SettledAsync(tenant, id, async _ =>
        {
            looks++;
            Assert.Single(await owner.RecordsAsync(tenant, "controls"));
        });

        Assert.Equal("Failed", failed.Prop("status"));
        Assert.Contains($"Row {Rows + 1}", failed.Prop("failureReason"), StringComparison.Ordinal);
        var after = await TenantState.CaptureAsync(hub, owner, tenant);
        Assert.Equal((before.TopSequence, before.TimelineCount, before.Listing), (after.TopSequence, after.TimelineCount, after.Listing));
        // Row for row (and ETag for ETag) the partition is as before; only the head row was written (frozen, then thawed).
        Assert.Equal(WithoutHead(before.Rows), WithoutHead(after.Rows));
        var head = await hub.App.Services.GetRequiredService<RecordStore>().GetHeadAsync(tenant, Ct);
        Assert.Equal((1, (string?)null), (head.Generation, head.FrozenBy));
        Assert.DoesNotContain(hub.RawRows(tenant), row => row.RowKey.StartsWith("r:000002:", StringComparison.Ordinal));

        // Validated again from the upload, the same batch commits, and the tenant's records take writes again.
        await owner.ValidatedAsync(tenant, id);
        var committed = await owner.RunAsync(tenant, id);
        Assert.Equal(("Committed", Rows), (committed.Prop("status"), committed.Count("imported")));
        Assert.Equal(Rows + 1, (await owner.RecordsAsync(tenant, "controls")).Count);
        await owner.CreateIdAsync(tenant, "controls", new { code = "NEW", title = "After", status = "draft" });
        Assert.True(looks > 0, "The commit ended before anyone looked.");
    }

    private static string[] WithoutHead(string rows) => [.. rows.Split('\n').Where(row => !row.StartsWith(RecordRows.HeadRowKey, StringComparison.Ordinal))];

    [Fact]
    public async Task Commit_IsNeverPartlyVisible_AndRecordWritesBesideItAreRefusedOrKept()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", ControlsCsv("V-"));
        await owner.ValidatedAsync(tenant, id);

        var started = await owner.PostAsync(ImportsUrl(tenant, $"/{id}/commit"), null, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var seen = new HashSet<int>();
        var keptWrites = 0;
        var committed = await owner.SettledAsync(tenant, id, async _ =>
        {
            seen.Add((await owner.RecordsAsync(tenant, "controls")).Count(control => control.GetProperty("data").Prop("code").StartsWith("V-", StringComparison.Ordinal)));
            var write = await owner.PostAsync(RecordApi.CollectionUrl(tenant, "controls"),
                JsonContent.Create(new { code = "W", title = "During", status = "draft" }), Ct);
            if (write.StatusCode == HttpStatusCode.Conflict)
            {
                await write.ExpectAsync(HttpStatusCode.Conflict, "restore-in-progress");
            }
            else
            {
                await write.ExpectAsync(HttpStatusCode.Created);
                keptWrites++;
            }
        });
        Assert.Equal("Committed", committed.Prop("status"));
        // Every look saw none of the batch or all of it (once switched, before the batch was marked committed), never a part.
        Assert.All(seen, count => Assert.True(count is 0 or Rows, $"A listing during the commit saw {count} of the batch's {Rows} records."));
        Assert.Contains(0, seen);
        var after = await owner.RecordsAsync(tenant, "controls");
        Assert.Equal(Rows, after.Count(control => control.GetProperty("data").Prop("code").StartsWith("V-", StringComparison.Ordinal)));
        // A write taken while the commit ran is not lost when the head switches: the frozen copy holds it, or it came after.
        Assert.Equal(keptWrites, after.Count(control => control.GetProperty("data").Prop("code") == "W"));
    }

    [Fact]
    public async Task Commit_IsRefused_WhileARestoreHoldsTheRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", "code,title,status\r\nR-1,One,draft\r\n");
        await owner.ValidatedAsync(tenant, id);
        var generations = hub.App.Services.GetRequiredService<GenerationStore>();
        await generations.FreezeAsync(tenant, "restore-elsewhere", Ct);
        try
        {
            await (await owner.PostAsync(ImportsUrl(tenant, $"/{id}/commit"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "records-busy");
            Assert.Equal("Validated", (await owner.GetImportAsync(tenant, id)).Prop("status"));
        }
        finally
        {
            await generations.ThawAsync(tenant, "restore-elsewhere", Ct);
        }
        Assert.Equal("Committed", (await owner.RunAsync(tenant, id)).Prop("status"));
    }
}
