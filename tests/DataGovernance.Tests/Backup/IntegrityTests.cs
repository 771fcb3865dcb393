using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using DataGovernance.Backup;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Integrity checks find damaged chunks in either region and say where, what and which data it affects.</summary>
public sealed class IntegrityTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    private BackupStorage Storage => Services.GetRequiredService<BackupStorage>();

    /// <summary>Any byte of a stored chunk counts: the gzip header's timestamp, the compressed data, the trailer.</summary>
    [Theory]
    [InlineData(5)]
    [InlineData(-2)]
    [InlineData(-1)]
    public async Task DamagedChunks_AreReportedWithRegionChunkAndCollection_AndRaiseAnAlert(int flippedByte)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        await owner.CreateAsync(tenant, "risks", new { title = "Vendor lock-in", status = "identified", likelihood = 2, impact = 3 });
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var manifest = (await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct))!;
        var control = Assert.Single(manifest.AllChunks, item => item.Collection == "controls").Chunk.Sha256;
        var risk = Assert.Single(manifest.AllChunks, item => item.Collection == "risks").Chunk.Sha256;

        await FlipAByteAsync(new BlobServiceClient(hub.Secondary.ConnectionString), ChunkStore.ChunkName(tenant, control), flippedByte);
        await Storage.Primary.DeleteChunkAsync(tenant, risk, Ct);
        var report = await CheckIntegrityAsync(owner, tenant);

        Assert.Equal(1, report.GetProperty("restorePointsChecked").GetInt32());
        var options = Services.GetRequiredService<IOptions<BackupOptions>>().Value;
        var problems = Problems(report.GetProperty("problems"));
        Assert.Equal(
            [
                new IntegrityProblem(restorePointId, options.SecondaryRegion, control, "controls", "chunk-altered"),
                new IntegrityProblem(restorePointId, options.PrimaryRegion, risk, "risks", "chunk-missing"),
            ],
            problems.OrderBy(problem => problem.Collection, StringComparer.Ordinal));
        Assert.Equal(["northeurope", "westeurope"], problems.Select(problem => problem.Region).Order(StringComparer.Ordinal));

        var check = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("lastIntegrityCheck");
        Assert.False(check.GetProperty("intact").GetBoolean());
        Assert.Equal(problems.ToHashSet(), Problems(check.GetProperty("problems")).ToHashSet());

        var alert = Assert.Single(await AlertsAsync(owner, tenant));
        Assert.Equal(BackupAlerts.Integrity, alert.GetProperty("kind").GetString());
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Equal(restorePointId, alert.GetProperty("subject").GetString());
        var message = alert.GetProperty("message").GetString()!;
        foreach (var expected in new[] { restorePointId, control, risk, "controls", "risks", "northeurope", "westeurope" })
        {
            Assert.Contains(expected, message, StringComparison.Ordinal);
        }

        // The next check finds the same damage: it is reported again, but alerted only once.
        Assert.Equal(problems.Count, Problems((await CheckIntegrityAsync(owner, tenant)).GetProperty("problems")).Count);
        Assert.Single(await AlertsAsync(owner, tenant));
    }

    [Fact]
    public async Task UntouchedRestorePoints_AreReportedIntact_WithoutAlerts()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        var first = await owner.BackUpOkAsync(tenant);
        await owner.CreateAsync(tenant, "controls", new { code = "AC-02", title = "Encryption at rest", status = "draft" });
        var second = await owner.BackUpOkAsync(tenant);

        var report = await CheckIntegrityAsync(owner, tenant);

        Assert.Equal(2, report.GetProperty("restorePointsChecked").GetInt32());
        Assert.Empty(report.GetProperty("problems").EnumerateArray());
        foreach (var restorePointId in new[] { first, second })
        {
            var check = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("lastIntegrityCheck");
            Assert.True(check.GetProperty("intact").GetBoolean(), check.ToString());
            Assert.Empty(check.GetProperty("problems").EnumerateArray());
        }
        Assert.Empty(await AlertsAsync(owner, tenant));
    }

    /// <summary>Starts a check over HTTP and follows the operation to its report.</summary>
    private static async Task<JsonElement> CheckIntegrityAsync(HttpClient owner, string tenant)
    {
        var started = await owner.PostAsync(BackupUrl(tenant, "/integrity-checks"), null, Ct);
        var accepted = await started.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(started.Headers.Location!.OriginalString, accepted.GetProperty("statusQueryGetUri").GetString());
        var status = await owner.FinishedAsync(started.Headers.Location!.OriginalString);
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"The check did not complete: {status}");
        var report = status.GetProperty("output");
        Assert.Equal(tenant, report.GetProperty("tenantId").GetString());
        return report;
    }

    private static async Task<List<JsonElement>> AlertsAsync(HttpClient owner, string tenant) =>
        [.. (await (await owner.GetAsync(BackupUrl(tenant, "/alerts"), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private static List<IntegrityProblem> Problems(JsonElement problems) => problems.Deserialize<List<IntegrityProblem>>(BackupJson.Options)!;

    /// <summary>Changes one byte of a blob (an index from the end when negative, -2: the middle), as a storage fault would.</summary>
    private static async Task FlipAByteAsync(BlobServiceClient account, string blobName, int index = -2)
    {
        var blob = account.GetBlobContainerClient(StorageNames.BackupsContainer).GetBlobClient(blobName);
        var bytes = (await blob.DownloadContentAsync(Ct)).Value.Content.ToArray();
        bytes[index switch { -2 => bytes.Length / 2, < 0 => bytes.Length + index, _ => index }] ^= 0x5a;
        await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, Ct);
    }
}
