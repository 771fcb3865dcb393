using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Evidence;
using DataGovernance.EvidencePackages;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.EvidencePackages.EvidencePackageApi;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>
/// What failed writes leave in storage: nothing. A package write that fails midway (here: cancelled once its blob is
/// being written) and an evidence upload whose body breaks off leave no blob behind; a built package keeps exactly one ZIP.
/// </summary>
public sealed class EvidencePackageBlobTests(HubFixture hub)
{
    [Fact]
    public async Task APackageWriteCancelledMidway_LeavesNoZip()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var setup = await owner.CreateEvidenceSetupAsync(tenant);
        // A large file (beyond the test hub's upload limit, so stored directly) keeps the write going long enough to cancel it midway.
        var files = hub.App.Services.GetRequiredService<EvidenceFileStore>();
        var staged = await files.StageAsync(tenant, new MemoryStream(RandomBytes(48 * 1024 * 1024)), long.MaxValue, Ct);
        await files.KeepAsync(tenant, staged!, "application/pdf", Ct);
        await files.DiscardAsync(staged!, Ct);
        await owner.CreateRecordAsync(tenant, "evidence", new
        {
            title = "Large export", status = "accepted", collectedOn = "2026-05-01", requirementIds = new[] { setup.Requirement },
            fileName = "large.pdf", contentType = "application/pdf", sizeBytes = staged!.Size, sha256 = staged.Sha256,
        });
        var package = new EvidencePackage(Guid.NewGuid().ToString("N"), new EvidencePackageScope("soc2", [], null, null), EvidencePackageStatus.Building,
            "user-1", DateTimeOffset.UtcNow, []);
        var writer = hub.App.Services.GetRequiredService<EvidencePackageWriter>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var writing = writer.WriteAsync(tenant, package, cancel.Token);
        await Eventually.TrueAsync(async () => await BlobsAsync(tenant, package.Id, BlobStates.Uncommitted) > 0 || writing.IsCompleted,
            TimeSpan.FromSeconds(60), "The package's ZIP was never being written.");
        Assert.False(writing.IsCompleted, "The write finished before it could be cancelled; the test needs a larger file.");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writing);
        Assert.Equal(0, await BlobsAsync(tenant, package.Id, BlobStates.None));
    }

    [Fact]
    public async Task ABuiltPackage_KeepsOneZip_AndAFailedOneNone()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var setup = await owner.CreateEvidenceSetupAsync(tenant);

        var built = await owner.BuildPackageAsync(tenant, new { framework = "soc2" });
        await new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence")
            .GetBlobClient($"{tenant}/sha256/{Sha256(setup.ControlFile)}").UploadAsync(new BinaryData(RandomBytes(3_000)), overwrite: true, Ct);
        var failed = await owner.BuildPackageAsync(tenant, new { framework = "soc2" });

        Assert.Equal(("Completed", "Failed"), (built.Prop("status"), failed.Prop("status")));
        Assert.Equal(1, await BlobsAsync(tenant, built.Prop("id"), BlobStates.None));
        Assert.Equal(0, await BlobsAsync(tenant, failed.Prop("id"), BlobStates.None));
        Assert.Equal(built.GetProperty("contents").Prop("sha256"), Sha256(await hub.DownloadAsync(built)));
    }

    [Fact]
    public async Task AnUploadThatBreaksOffMidway_LeavesNoStagingBlob()
    {
        var tenant = await hub.CreateTenantAsync();
        var store = hub.App.Services.GetRequiredService<EvidenceFileStore>();

        await Assert.ThrowsAsync<IOException>(() => store.StageAsync(tenant, new BreakingStream(12 * 1024 * 1024), 100L * 1024 * 1024, Ct));

        var staging = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence");
        var left = 0;
        await foreach (var _ in staging.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/staging/", Ct))
        {
            left++;
        }
        Assert.Equal(0, left);
    }

    private async Task<int> BlobsAsync(string tenant, string packageId, BlobStates states)
    {
        var zips = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence-packages");
        var count = 0;
        await foreach (var _ in zips.GetBlobsAsync(BlobTraits.None, states, $"{tenant}/{packageId}/", Ct))
        {
            count++;
        }
        return count;
    }

    /// <summary>A request body that yields <paramref name="before"/> bytes and then breaks, as an aborted upload does.</summary>
    private sealed class BreakingStream(long before) : Stream
    {
        private long _left = before;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0)
            {
                throw new IOException("The client went away.");
            }
            var read = (int)Math.Min(count, _left);
            Random.Shared.NextBytes(buffer.AsSpan(offset, read));
            _left -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
