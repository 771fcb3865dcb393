using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Restore drills end to end: restored in isolation, verified against the manifest, discarded, reported and signed.</summary>
public sealed class DrillTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    [Fact]
    public async Task Drill_RestoresVerifiesAndDiscards_AndItsSignedReportVerifies()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await Services.SeedControlsAsync(tenant, 1500);
        await owner.CreateAsync(tenant, "risks", new { title = "Vendor lock-in — Prüfung 日本", status = "identified", likelihood = 2, impact = 3 });
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var before = await LiveStateAsync(tenant);

        var drill = await owner.DrillAsync(tenant);

        Assert.Equal("Passed", drill.GetProperty("status").GetString());
        var drillId = drill.GetProperty("id").GetString()!;
        var stored = await owner.GetJsonAsync(BackupUrl(tenant, $"/drills/{drillId}"));
        Assert.Equal(restorePointId, stored.GetProperty("restorePointId").GetString());
        Assert.Equal("Passed", stored.GetProperty("status").GetString());
        Assert.True(stored.GetProperty("rtoSeconds").GetDouble() > 0);
        Assert.True(stored.GetProperty("rtoMet").GetBoolean());
        var counts = stored.GetProperty("collections").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(1500, counts["controls"].GetProperty("expectedRecords").GetInt64());
        Assert.Equal(1500, counts["controls"].GetProperty("foundRecords").GetInt64());
        Assert.Equal(counts["controls"].GetProperty("expectedChunks").GetInt32(), counts["controls"].GetProperty("matchingChunks").GetInt32());
        Assert.Equal(1, counts["risks"].GetProperty("foundRecords").GetInt64());
        Assert.Equal(0, counts["evidence"].GetProperty("foundRecords").GetInt64());

        var signed = await owner.GetJsonAsync(BackupUrl(tenant, $"/drills/{drillId}/report"));
        var reportText = signed.GetProperty("report").GetString()!;
        var report = JsonDocument.Parse(reportText).RootElement;
        Assert.Equal("Passed", report.GetProperty("outcome").GetString());
        Assert.Equal(tenant, report.GetProperty("tenantId").GetString());
        Assert.Equal(restorePointId, report.GetProperty("restorePointId").GetString());
        Assert.Contains("SOC 2 A1.3", report.GetProperty("controls").EnumerateArray().Select(c => c.GetString()));
        Assert.True(report.GetProperty("hashChecks").GetProperty("manifestRootHashValid").GetBoolean());
        Assert.Equal(1501, report.GetProperty("scratchRowsDiscarded").GetInt64());
        var signature = signed.GetProperty("signature").Deserialize<EvidenceSignature>(JsonSerializerOptions.Web)!;
        Assert.True(VerifiesWithEcdsa(Encoding.UTF8.GetBytes(reportText), signature));
        Assert.False(VerifiesWithEcdsa(Encoding.UTF8.GetBytes(reportText.Replace("\"Passed\"", "\"Failed\"", StringComparison.Ordinal)), signature));

        Assert.Empty(await ScratchRowsAsync(tenant, drillId));
        Assert.Equal(before, await LiveStateAsync(tenant));
        var history = (await owner.GetJsonAsync(BackupUrl(tenant, "/drills"))).GetProperty("items");
        Assert.Equal(drillId, history[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Drill_OfADamagedChunk_FailsNamingIt_AndStillDiscardsTheScratchPartition()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        for (var i = 0; i < 4; i++)
        {
            await owner.CreateAsync(tenant, "controls", new { code = $"AC-{i}", title = $"Control {i}", status = "draft" });
        }
        await owner.CreateAsync(tenant, "risks", new { title = "Vendor lock-in", status = "identified", likelihood = 2, impact = 3 });
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var manifest = (await Services.GetRequiredService<BackupStorage>().Primary.GetManifestAsync(tenant, restorePointId, Ct))!;
        var damaged = manifest.Collections.Single(c => c.Name == "controls").Chunks.Single().Sha256;
        await FlipAByteAsync(ChunkStore.ChunkName(tenant, damaged));

        var drill = await owner.DrillAsync(tenant, restorePointId);

        Assert.Equal("Failed", drill.GetProperty("status").GetString());
        var reasons = drill.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, reason => reason.GetProperty("code").GetString() == "chunk-altered"
            && reason.GetProperty("message").GetString()!.Contains(damaged, StringComparison.Ordinal)
            && reason.GetProperty("message").GetString()!.Contains("controls", StringComparison.Ordinal));
        var controls = drill.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "controls");
        Assert.Equal(4, controls.GetProperty("expectedRecords").GetInt64());
        Assert.Equal(0, controls.GetProperty("foundRecords").GetInt64());
        var risks = drill.GetProperty("collections").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "risks");
        Assert.True(risks.GetProperty("passed").GetBoolean());
        Assert.Empty(await ScratchRowsAsync(tenant, drill.GetProperty("id").GetString()!));
        var report = JsonDocument.Parse((await owner.GetJsonAsync(BackupUrl(tenant, $"/drills/{drill.GetProperty("id").GetString()}/report"))).GetProperty("report").GetString()!);
        Assert.Equal("Failed", report.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ScheduledDrill_StartsOncePerOccurrence()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        await owner.BackUpOkAsync(tenant);
        var policies = Services.GetRequiredService<BackupPolicyStore>();
        var stored = await policies.GetAsync(tenant, Ct);
        var schedule = stored.Policy.DrillSchedule!;
        var occurrence = BackupSchedules.LastOccurrence(schedule, DateTimeOffset.UtcNow)!.Value;
        await policies.SaveAsync(stored with { LastScheduledDrill = occurrence.AddDays(-40) }, Ct);

        await hub.RunSchedulerAsync();
        await hub.RunSchedulerAsync();

        var drillId = RestoreDrill.ScheduledId(occurrence);
        var drills = (await owner.GetJsonAsync(BackupUrl(tenant, "/drills"))).GetProperty("items").EnumerateArray().ToList();
        var drill = Assert.Single(drills);
        Assert.Equal(drillId, drill.GetProperty("id").GetString());
        Assert.Equal("Scheduled", drill.GetProperty("trigger").GetString());
        var finished = await owner.FinishedAsync($"/api/tenants/{tenant}/orchestrations/drill:{tenant}:{drillId}");
        Assert.Equal("Passed", finished.GetProperty("output").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Drill_OfAnUnknownRestorePoint_Is404_AndWithoutAnyIs409()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        await (await owner.PostAsJsonAsync(BackupUrl(tenant, "/drills"), new { restorePointId = "rp-nope" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.PostAsync(BackupUrl(tenant, "/drills"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "no-restore-point");
        await (await owner.GetAsync(BackupUrl(tenant, "/drills/drill-nope"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.GetAsync(BackupUrl(tenant, "/drills/drill-nope/report"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task DrillAndReadinessRoutes_AreTenantIsolated_AndAuditorsMayReadButNotStart()
    {
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        await owner.BackUpOkAsync(tenant);
        var drillId = (await owner.DrillAsync(tenant)).GetProperty("id").GetString()!;
        string[] reads = ["/drills", $"/drills/{drillId}", $"/drills/{drillId}/report", "/readiness"];

        using var stranger = hub.Owner(other);
        foreach (var path in reads)
        {
            await (await stranger.GetAsync(BackupUrl(tenant, path), Ct)).ExpectAsync(HttpStatusCode.NotFound);
        }
        await (await stranger.PostAsync(BackupUrl(tenant, "/drills"), null, Ct)).ExpectAsync(HttpStatusCode.NotFound);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        foreach (var path in reads)
        {
            await (await auditor.GetAsync(BackupUrl(tenant, path), Ct)).ExpectAsync(HttpStatusCode.OK);
        }
        await (await auditor.PostAsync(BackupUrl(tenant, "/drills"), null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        using var member = hub.TenantClient(tenant, Role.Member);
        await (await member.GetAsync(BackupUrl(tenant, "/readiness"), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>Verification as an outside auditor would do it: only the report bytes, the signature and the public key.</summary>
    private static bool VerifiesWithEcdsa(byte[] report, EvidenceSignature signature)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(signature.PublicKeyPem);
        return key.VerifyData(report, Convert.FromBase64String(signature.Value), System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
    }

    private async Task<List<TableEntity>> ScratchRowsAsync(string tenant, string drillId) =>
        await hub.PrimaryTable(StorageNames.DrillScratchTable)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DrillScratchStore.Partition(tenant, drillId)}"), cancellationToken: Ct)
            .ToListAsync(Ct);

    private async Task<string> LiveStateAsync(string tenant)
    {
        var history = Services.GetRequiredService<TenantHistory>();
        var lines = new List<string> { $"head {(await Services.GetRequiredService<RecordStore>().GetHeadAsync(tenant, Ct)).LastSequence}" };
        foreach (var collection in Collections.Names)
        {
            await foreach (var record in history.CollectionNowAsync(tenant, collection, Ct))
            {
                lines.Add($"{record.Collection}/{record.Id}/v{record.Version}/{record.Data.GetRawText()}");
            }
        }
        return string.Join("\n", lines);
    }

    private async Task FlipAByteAsync(string blobName)
    {
        var blob = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient(StorageNames.BackupsContainer).GetBlobClient(blobName);
        var bytes = (await blob.DownloadContentAsync(Ct)).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x5a;
        await blob.UploadAsync(new BinaryData(bytes), overwrite: true, Ct);
    }
}
