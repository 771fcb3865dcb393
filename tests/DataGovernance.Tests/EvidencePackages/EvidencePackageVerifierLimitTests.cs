using System.Buffers.Binary;
using System.IO.Compression;
using DataGovernance.EvidencePackages;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>The verifier's limits on an untrusted ZIP, each met on its own with small limits (no hub needed: the verifier is pure).</summary>
public sealed class EvidencePackageVerifierLimitTests
{
    [Fact]
    public void MoreEntriesThanTheLimit_AreRefused_BeforeTheDirectoryIsLoaded()
    {
        var zip = Zip(Enumerable.Range(0, 11).Select(i => ($"evidence/{i}.txt", new byte[] { 1 })));
        // Loading this directory would fail at its last header (package-unreadable): the count is judged before any is loaded.
        var unloadable = CraftedZips.BreakLastDirectoryHeader(zip);

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new ZipLimits(10, 1_000_000, 100));
        var refusedUnloaded = EvidencePackageVerifier.Verify(new MemoryStream(unloadable), null, new ZipLimits(10, 1_000_000, 100));
        var withinLimit = EvidencePackageVerifier.Verify(new MemoryStream(CraftedZips.BreakLastDirectoryHeader(zip)), null, new ZipLimits(11, 1_000_000, 100));

        foreach (var result in new[] { refused, refusedUnloaded })
        {
            Assert.False(result.Succeeded);
            Assert.Equal("package-refused", result.Failure.Code);
            Assert.Contains("more than 10 entries", result.Failure.Detail, StringComparison.Ordinal);
        }
        Assert.False(withinLimit.Succeeded);
        Assert.Equal("package-refused", withinLimit.Failure.Code);
        Assert.Contains("does not hold the 11 entries it declares", withinLimit.Failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1)]
    public void ADirectoryHoldingMoreEntriesThanItsCountDeclares_IsRefused_BeforeTheDirectoryIsLoaded(int declared)
    {
        // A crafted end-of-central-directory record claims few entries while the directory holds many more.
        var zip = Zip(Enumerable.Range(0, 200).Select(i => ($"evidence/{i}.txt", new byte[] { 1 })));
        var end = zip.Length - 22;
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(end + 8), (ushort)declared);
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(end + 10), (ushort)declared);

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new ZipLimits(10, 1_000_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains($"does not hold the {declared} entries it declares", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryDeclaringASizeItsCountCannotFill_IsRefused()
    {
        var zip = Zip(Enumerable.Range(0, 3).Select(i => ($"evidence/{i}.txt", new byte[] { 1 })));
        var end = zip.Length - 22;
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(end + 12), 20 * 46);

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new ZipLimits(10, 1_000_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("does not hold the 3 entries it declares", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EntriesExpandingBeyondTheTotalLimit_AreRefused()
    {
        var zip = Zip([("evidence/a.bin", RandomBytes(600)), ("evidence/b.bin", RandomBytes(600))]);

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new ZipLimits(10, 1_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("expand to more than 1000 bytes", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryYieldingMoreThanTheDirectoryDeclares_IsRefused_WhileItIsRead()
    {
        // Stored, not deflated: a deflated entry's reader stops at the declared size by itself, a stored one yields what the file holds.
        var honest = CraftedZips.Create([("evidence/a.bin", RandomBytes(600))], CompressionLevel.NoCompression);
        var lying = CraftedZips.Understate(honest, "evidence/a.bin", 100);

        var read = EvidencePackageVerifier.Verify(new MemoryStream(honest), null, new ZipLimits(10, 1_000, 100));
        var refused = EvidencePackageVerifier.Verify(new MemoryStream(lying), null, new ZipLimits(10, 1_000, 100));

        Assert.True(read.Succeeded);
        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("'evidence/a.bin' expands beyond the 100 bytes the archive declares for it", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WithinTheLimits_AnUnsignedArchive_IsReadButNotValid()
    {
        var zip = Zip([("evidence/a.bin", RandomBytes(600))]);

        var verified = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new ZipLimits(10, 1_000, 100));

        Assert.True(verified.Succeeded);
        Assert.False(verified.Value.Valid);
        Assert.False(verified.Value.SignatureValid);
        Assert.Equal([("evidence/a.bin", FileCheckResult.Unexpected)], verified.Value.Files.Select(file => (file.Path, file.Result)));
        Assert.Contains(verified.Value.Problems, problem => problem.Contains("manifest.json", StringComparison.Ordinal));
    }

    private static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    private static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries) => CraftedZips.Create(entries);
}
