using System.Buffers.Binary;
using System.IO.Compression;
using DataGovernance.EvidencePackages;
using Xunit;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>The verifier's limits on an untrusted ZIP, each met on its own with small limits (no hub needed: the verifier is pure).</summary>
public sealed class EvidencePackageVerifierLimitTests
{
    [Fact]
    public void MoreEntriesThanTheLimit_AreRefused_BeforeTheDirectoryIsLoaded()
    {
        var zip = Zip(Enumerable.Range(0, 11).Select(i => ($"evidence/{i}.txt", new byte[] { 1 })));

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new PackageReadLimits(10, 1_000_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("more than 10 entries", refused.Failure.Detail, StringComparison.Ordinal);
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

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new PackageReadLimits(10, 1_000_000, 100));

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

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new PackageReadLimits(10, 1_000_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("does not hold the 3 entries it declares", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EntriesExpandingBeyondTheTotalLimit_AreRefused()
    {
        var zip = Zip([("evidence/a.bin", RandomBytes(600)), ("evidence/b.bin", RandomBytes(600))]);

        var refused = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new PackageReadLimits(10, 1_000, 100));

        Assert.False(refused.Succeeded);
        Assert.Equal("package-refused", refused.Failure.Code);
        Assert.Contains("expand to more than 1000 bytes", refused.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WithinTheLimits_AnUnsignedArchive_IsReadButNotValid()
    {
        var zip = Zip([("evidence/a.bin", RandomBytes(600))]);

        var verified = EvidencePackageVerifier.Verify(new MemoryStream(zip), null, new PackageReadLimits(10, 1_000, 100));

        Assert.True(verified.Succeeded);
        Assert.False(verified.Value.Valid);
        Assert.False(verified.Value.SignatureValid);
        Assert.Equal([("evidence/a.bin", FileCheckResult.Unexpected)], verified.Value.Files.Select(file => (file.Path, file.Result)));
        Assert.Contains(verified.Value.Problems, problem => problem.Contains("manifest.json", StringComparison.Ordinal));
    }

    private static byte[] RandomBytes(int count) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(count);

    private static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return output.ToArray();
    }
}
