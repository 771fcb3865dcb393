using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Imports;
using DataGovernance.Orchestrations.Imports;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>
/// Import files are deleted once a batch has been idle longer than the file retention; the batch stays. The sweep runs
/// across tenants with a clock moved weeks ahead, so it runs on a hub with storage of its own: on the shared one it
/// would delete the files of other tests' imports.
/// </summary>
public sealed class ImportFileRetentionTests(ImportFilesHost host) : IClassFixture<ImportFilesHost>
{
    private const string Controls = "code,title,status\r\nR-1,Access review,draft\r\nR-2,Badge audit,sometimes\r\n";

    [Fact]
    public async Task Retention_DeletesEveryFileOfAnIdleBatch_ByPrefix_AndTheBatchStays_WithItsFilesRefused()
    {
        var tenant = await host.CreateTenantAsync();
        using var owner = host.Owner(tenant);
        var validated = await owner.UploadIdAsync(tenant, "controls", Controls);
        await owner.ValidatedAsync(tenant, validated);
        // A file of a name the hub does not write today: retention goes by the batch's prefix, not by known names.
        await host.Container.GetBlobClient($"{tenant}/{validated}/notes/extra.txt").UploadAsync(BinaryData.FromString("kept for a while"), Ct);
        var committed = (await owner.ImportAsync(tenant, "controls", "code,title,status\r\nC-1,Key rotation,draft\r\n")).Prop("id");
        Assert.Equal(4, await host.BlobCountAsync($"{tenant}/{validated}/"));

        Assert.Equal(0, await host.SweepAsync(TimeSpan.FromDays(29)));
        Assert.Equal(4, await host.BlobCountAsync($"{tenant}/{validated}/"));
        Assert.False((await owner.GetImportAsync(tenant, validated)).TryGetProperty("filesDeletedAt", out _));

        await host.SweepAsync(TimeSpan.FromDays(31));

        Assert.Equal(0, await host.BlobCountAsync($"{tenant}/"));
        var batch = await owner.GetImportAsync(tenant, validated);
        Assert.Equal(("Validated", 2, 1), (batch.Prop("status"), batch.Count("rows"), batch.Count("invalid")));
        Assert.True(batch.GetProperty("filesDeletedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(30));
        Assert.True((await owner.GetImportAsync(tenant, committed)).TryGetProperty("filesDeletedAt", out _));
        await (await owner.GetAsync(ImportsUrl(tenant, $"/{validated}/errors"), Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-files-deleted");
        await (await owner.ValidateAsync(tenant, validated)).ExpectAsync(HttpStatusCode.Conflict, "import-files-deleted");
        await (await owner.PostAsJsonAsync(ImportsUrl(tenant, $"/{validated}/commit"), new { skipInvalidRows = true }, Ct))
            .ExpectAsync(HttpStatusCode.Conflict, "import-files-deleted");

        // A rollback reads the records, not the files.
        Assert.Equal("RolledBack", (await owner.RunAsync(tenant, committed, "rollback")).Prop("status"));
        Assert.Empty(await owner.RecordsAsync(tenant, "controls"));
    }

    [Fact]
    public async Task Retention_LeavesTheFilesOfABatchBeingCommitted()
    {
        var tenant = await host.CreateTenantAsync();
        using var owner = host.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        await owner.ValidatedAsync(tenant, id);
        // As a commit's run sees it between its start and its end; the sweep must not pull the files from under it.
        var batches = host.Services.GetRequiredService<ImportBatchStore>();
        await batches.UpdateAsync(tenant, id, batch => batch with { Status = ImportStatus.Committing }, Ct);

        await host.SweepAsync(TimeSpan.FromDays(31));

        Assert.Equal(3, await host.BlobCountAsync($"{tenant}/{id}/"));
        Assert.Null((await batches.GetAsync(tenant, id, Ct))!.Value.Batch.FilesDeletedAt);
    }

    [Fact]
    public void TheSweep_IsAnHourlyTimerOfTheFunctionCatalog()
    {
        var function = host.Services.GetRequiredService<FunctionCatalog>().Find(ImportFileExpiry.FunctionName);

        Assert.NotNull(function);
        Assert.Equal(new TimerTrigger("0 45 * * * *"), function.Trigger);
    }
}

/// <summary>A hub with a primary storage account of its own (the secondary is the shared one), for the import file sweep.</summary>
public sealed class ImportFilesHost(HubFixture hub) : IAsyncLifetime
{
    private AzuriteProcess _primary = null!;

    public HubApplication App { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public BlobContainerClient Container => Services.GetRequiredService<HubStorage>().Primary.Container(StorageNames.ImportsContainer);

    public async ValueTask InitializeAsync()
    {
        _primary = await AzuriteProcess.StartAsync("import-files");
        App = new HubApplication(hub.Settings(_primary.ConnectionString, hub.Secondary.ConnectionString));
        App.StartServer();
    }

    public Task<string> CreateTenantAsync() => HubFixture.CreateTenantThroughAsync(Client(HubFixture.DevToken(null, "platform-admin", Role.PlatformAdmin)));

    public HttpClient Owner(string tenant) => Client(HubFixture.DevToken(tenant, "owner-1", Role.Owner));

    /// <summary>One run of the sweep as if <paramref name="later"/> had passed; the number of batches whose files it deleted.</summary>
    public Task<int> SweepAsync(TimeSpan later) =>
        ActivatorUtilities.CreateInstance<ImportFileRetention>(Services, (TimeProvider)new FakeTimeProvider(DateTimeOffset.UtcNow + later))
            .DeleteExpiredAsync(Ct);

    public async Task<int> BlobCountAsync(string prefix)
    {
        var count = 0;
        await foreach (var _ in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, Ct))
        {
            count++;
        }
        return count;
    }

    private HttpClient Client(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _primary.DisposeAsync();
    }
}
