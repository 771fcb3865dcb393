using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Exports;
using DataGovernance.Records;
using System.Security.Cryptography;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>What keeps restricted data inside an export's masking: who gets links, what a job reads and what a failure leaves.</summary>
public sealed class ExportSafetyTests(HubFixture hub)
{
    [Fact]
    public async Task UnmaskedExport_GetsNoDownloadLink_ForACallerWithoutExportsUnmasked()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "people", DataClassificationApi.Person());
        var (job, _, _) = await hub.ExportAsync(owner, tenant, new { collection = "people", format = "json" });
        Assert.True(job.GetProperty("unmasked").GetBoolean());
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var seen = await (await auditor.GetAsync($"{ExportsUrl(tenant)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Completed", seen.Str("status"));
        Assert.False(seen.TryGetProperty("downloadUrl", out var url) && url.ValueKind != JsonValueKind.Null, seen.GetRawText());
        Assert.Equal("unmasked-export-requires-exports-unmasked", seen.Str("downloadWithheld"));
        var again = await (await owner.GetAsync($"{ExportsUrl(tenant)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("/api/downloads/", again.Str("downloadUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViewEditedBeforeTheJobRuns_DoesNotChangeWhatTheJobWrites()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "people", DataClassificationApi.Person());
        var view = await owner.CreateViewAsync(tenant, new { name = "Names", collection = "people", fields = NameFields });
        var held = await HeldService().StartAsync(tenant, new ExportRequest(null, view.Str("id"), ExportFormat.Json), Context, Ct);
        var export = held.Value!;
        Assert.Contains("nationalId", export.RestrictedFields);

        var edited = new { name = "Names", collection = "people", fields = WithNationalId };
        await (await owner.PutJsonAsync($"{ViewsUrl(tenant)}/{view.Str("id")}", edited, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        var file = await hub.App.Services.GetRequiredService<ExportJob>().WriteFileAsync(tenant, export.Id, Ct);

        var row = Assert.Single(JsonDocument.Parse(await DownloadAsync(export.AttemptBlobName(file.Attempt!))).RootElement.EnumerateArray());
        Assert.False(row.TryGetProperty("nationalId", out _), row.GetRawText());
        Assert.Equal("Finance", row.Str("department"));
    }

    [Fact]
    public async Task MaskedExport_OfAViewFilteredOrSortedOnARestrictedField_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "people", DataClassificationApi.Person());
        var filtered = await owner.CreateViewAsync(tenant, new
        {
            name = "By id", collection = "people", fields = NameFields, filter = new[] { new { field = "nationalId", op = "contains", value = "AB" } },
        });
        var sorted = await owner.CreateViewAsync(tenant, new { name = "Ordered", collection = "people", fields = NameFields, sort = new[] { new { field = "nationalId" } } });
        using var admin = hub.TenantClient(tenant, Role.Admin);

        foreach (var view in new[] { filtered, sorted })
        {
            var refused = await (await admin.PostAsJsonAsync(ExportsUrl(tenant), new { viewId = view.Str("id"), format = "csv" }, Ct))
                .ExpectAsync(HttpStatusCode.UnprocessableEntity, "view-uses-masked-field");
            Assert.True(refused.GetProperty("errors").TryGetProperty("viewId", out _), refused.GetRawText());
        }
        Assert.Empty(await admin.ReadAllPagesAsync(ExportsUrl(tenant), Ct));
        await owner.StartExportAsync(tenant, new { viewId = filtered.Str("id"), format = "csv" });
    }

    [Fact]
    public async Task FailedAttempt_LeavesNoFile_AndCompletionKeepsOnlyTheFileItRecorded()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        for (var i = 0; i < 3; i++)
        {
            await owner.CreateAsync(tenant, "risks", new { title = $"Risk {i}", status = "identified", likelihood = 1, impact = 1 });
        }
        var export = (await HeldService().StartAsync(tenant, new ExportRequest("risks", null, ExportFormat.Xlsx), Context, Ct)).Value!;
        var job = hub.App.Services.GetRequiredService<ExportJob>();
        // A stored row that is no longer a record (its document cut short) fails the attempt after the valid rows were written.
        var records = hub.App.Services.GetRequiredService<HubStorage>().Primary.Table(StorageNames.RecordsTable);
        var generation = await hub.App.Services.GetRequiredService<RecordStore>().GetGenerationAsync(tenant, Ct);
        var corrupt = new TableEntity(tenant, RecordRows.RecordKey(generation, "risks", "zz-corrupt")) { ["Version"] = 1L, ["Data"] = "{\"title\":" };
        await records.AddEntityAsync(corrupt, Ct);

        await Assert.ThrowsAsync<JsonException>(() => job.WriteFileAsync(tenant, export.Id, Ct));
        Assert.Empty(await FilesAsync(export));

        await records.DeleteEntityAsync(corrupt.PartitionKey, corrupt.RowKey, cancellationToken: Ct);
        var first = await job.WriteFileAsync(tenant, export.Id, Ct);
        var duplicate = await job.WriteFileAsync(tenant, export.Id, Ct);
        Assert.Equal(2, (await FilesAsync(export)).Count);
        var completed = (await hub.App.Services.GetRequiredService<ExportService>().CompleteAsync(tenant, export.Id, duplicate, Ct))!;
        var kept = Assert.Single(await FilesAsync(export));
        Assert.Equal(completed.BlobName, kept);
        var content = await DownloadAsync(completed.BlobName);
        Assert.Equal(completed.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
        Assert.NotEqual(first.Attempt, completed.FileAttempt);
    }

    [Fact]
    public async Task FailedExport_HasNoFile()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "risks", new { title = "Risk", status = "identified", likelihood = 1, impact = 1 });
        var export = (await HeldService().StartAsync(tenant, new ExportRequest("risks", null, ExportFormat.Csv), Context, Ct)).Value!;
        await hub.App.Services.GetRequiredService<ExportJob>().WriteFileAsync(tenant, export.Id, Ct);

        var failed = await hub.App.Services.GetRequiredService<ExportService>().FailAsync(tenant, export.Id, "A later step failed.", Ct);

        Assert.Equal(ExportStatus.Failed, failed!.Status);
        Assert.Empty(await FilesAsync(export));
    }

    [Fact]
    public async Task ConcurrentUpdatesOfAJob_AllLand()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var export = (await HeldService().StartAsync(tenant, new ExportRequest("risks", null, ExportFormat.Csv), Context, Ct)).Value!;
        var store = hub.App.Services.GetRequiredService<ExportStore>();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() =>
            store.UpdateAsync(tenant, export.Id, current => current with { FailureReason = current.FailureReason + "x" }, Ct), Ct)));

        Assert.Equal(24, (await store.GetAsync(tenant, export.Id, Ct))!.FailureReason!.Length);
    }

    private async Task<List<string>> FilesAsync(DataExport export)
    {
        var container = hub.App.Services.GetRequiredService<HubStorage>().Primary.Container(StorageNames.ExportsContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, export.BlobPrefix, Ct))
        {
            names.Add(blob.Name);
        }
        return names;
    }

    private static readonly string[] NameFields = ["fullName", "department"];
    private static readonly string[] WithNationalId = ["fullName", "department", "nationalId"];
    private static readonly WriteContext Context = new(new Actor("user:admin-1"), "export-safety");

    /// <summary>An export service whose jobs wait until the test runs their step itself.</summary>
    private ExportService HeldService() => ActivatorUtilities.CreateInstance<ExportService>(hub.App.Services, (IExportStarter)new HeldStarter());

    private async Task<byte[]> DownloadAsync(string blobName) =>
        (await hub.App.Services.GetRequiredService<ExportStore>().File(blobName).DownloadContentAsync(Ct)).Value.Content.ToArray();

    private sealed class HeldStarter : IExportStarter
    {
        public Task StartAsync(DataExport job, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
