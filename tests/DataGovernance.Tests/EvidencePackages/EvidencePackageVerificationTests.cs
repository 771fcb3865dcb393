using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.EvidencePackages.EvidencePackageApi;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>
/// Verifying a package, by the hub (POST …/evidence-packages/verify) and offline by the real <c>verify-package</c>
/// command: the same verifier finds every tampering, a foreign key, and refuses ZIP bombs and escaping names.
/// </summary>
public sealed class EvidencePackageVerificationTests(HubFixture hub) : IAsyncLifetime
{
    private string _tenant = "";
    private HttpClient _auditor = null!;
    private byte[] _package = [];
    private string _hubKey = "";
    private string _evidenceFile = "";

    public async ValueTask InitializeAsync()
    {
        _tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(_tenant);
        var setup = await owner.CreateEvidenceSetupAsync(_tenant);
        _package = await hub.DownloadAsync(await owner.BuildPackageAsync(_tenant, new { framework = "soc2" }));
        _auditor = hub.TenantClient(_tenant, Role.Auditor);
        _hubKey = await hub.App.Services.GetRequiredService<EvidenceSigner>().PublicKeyPemAsync(Ct);
        _evidenceFile = $"evidence/{setup.DirectEvidence}/q1-review.pdf";
    }

    public ValueTask DisposeAsync()
    {
        _auditor.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AnUntouchedPackage_IsValid_SignedByThisHub_ByTheEndpointAndTheCommand()
    {
        var verified = await _auditor.VerifyAsync(_tenant, _package);
        var (exitCode, output, _) = await RunVerifyCommandAsync(_package, _hubKey);
        var (unpinnedExit, unpinnedOutput, _) = await RunVerifyCommandAsync(_package);

        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
        Assert.True(verified.GetProperty("signatureValid").GetBoolean());
        Assert.True(verified.GetProperty("signedByTrustedKey").GetBoolean());
        Assert.Equal(_tenant, verified.Prop("tenantId"));
        Assert.All(verified.GetProperty("files").EnumerateArray(), file => Assert.Equal("Ok", file.Prop("result")));
        Assert.Equal(64, verified.Prop("keyId").Length);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Result:    VALID", output, StringComparison.Ordinal);
        Assert.Contains(verified.Prop("keyId"), output, StringComparison.Ordinal);
        Assert.True(verified.GetProperty("integrityValid").GetBoolean());
        Assert.Equal(3, unpinnedExit);
        Assert.Contains("give --public-key to pin it", unpinnedOutput, StringComparison.Ordinal);
        Assert.Contains("Result:    SIGNER UNVERIFIED", unpinnedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Result:    VALID", unpinnedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedPackage_ResignedWithTheForgersKey_IsNeverValid()
    {
        // The forger changes a file, fixes the manifest to match, re-signs it and ships their own signing-key.pem.
        var swapped = RandomBytes(500);
        var forged = ResignWithForeignKey(Rewrite(_package, (name, content) => name switch
        {
            "manifest.json" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
                .Replace(FileHash(_package, _evidenceFile), Sha256(swapped), StringComparison.Ordinal)
                .Replace($"\"size\": {FileSize(_package, _evidenceFile)}", "\"size\": 500", StringComparison.Ordinal)),
            _ when name == _evidenceFile => swapped,
            _ => content,
        }));

        var verified = await _auditor.VerifyAsync(_tenant, forged);
        var (unpinnedExit, unpinnedOutput, _) = await RunVerifyCommandAsync(forged);
        var (pinnedExit, pinnedOutput, _) = await RunVerifyCommandAsync(forged, _hubKey);

        Assert.False(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
        Assert.False(verified.GetProperty("signedByTrustedKey").GetBoolean());
        Assert.NotEqual(0, unpinnedExit);
        Assert.Equal(3, unpinnedExit);
        Assert.DoesNotContain("Result:    VALID", unpinnedOutput, StringComparison.Ordinal);
        Assert.Contains("SIGNER UNVERIFIED", unpinnedOutput, StringComparison.Ordinal);
        Assert.Equal(1, pinnedExit);
        Assert.Contains("Result:    NOT VALID", pinnedOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{ \"sha256\": \"00\", \"size\": 1, \"mediaType\": \"text/plain\" }")]
    [InlineData("{ \"path\": \"evidence/x.txt\", \"size\": 1, \"mediaType\": \"text/plain\" }")]
    public async Task AManifestWithAMalformedFileEntry_IsNotAPackageManifest(string entry)
    {
        var broken = Rewrite(_package, (name, content) => name == "manifest.json"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("\"files\": [", $"\"files\": [{entry},", StringComparison.Ordinal))
            : content);

        var problem = await _auditor.VerifyAsync(_tenant, broken, HttpStatusCode.UnprocessableEntity, "package-manifest-invalid");
        var (exitCode, _, errors) = await RunVerifyCommandAsync(broken, _hubKey);

        Assert.Contains("not a package manifest", problem.Prop("detail"), StringComparison.Ordinal);
        Assert.Equal(2, exitCode);
        Assert.Contains("package-manifest-invalid", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModifiedFile_IsReportedModified_AndThePackageInvalid()
    {
        var tampered = Rewrite(_package, (name, content) => name == _evidenceFile ? [.. content.Take(content.Length - 1), (byte)(content[^1] ^ 1)] : content);

        var verified = await _auditor.VerifyAsync(_tenant, tampered);
        var (exitCode, output, _) = await RunVerifyCommandAsync(tampered, _hubKey);

        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.True(verified.GetProperty("signatureValid").GetBoolean());
        Assert.Equal([(_evidenceFile, "Modified")], NotOk(verified));
        Assert.Equal(1, exitCode);
        Assert.Contains($"modified   {_evidenceFile}", output, StringComparison.Ordinal);
        Assert.Contains("NOT VALID", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileAndAnAddedOne_AreReported()
    {
        var tampered = Rewrite(_package, (name, content) => name == _evidenceFile ? null : content, ("evidence/extra.txt", Encoding.UTF8.GetBytes("planted")));

        var verified = await _auditor.VerifyAsync(_tenant, tampered);
        var (exitCode, output, _) = await RunVerifyCommandAsync(tampered, _hubKey);

        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal([(_evidenceFile, "Missing"), ("evidence/extra.txt", "Unexpected")], NotOk(verified));
        Assert.Equal(1, exitCode);
        Assert.Contains("missing    ", output, StringComparison.Ordinal);
        Assert.Contains("unexpected evidence/extra.txt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedManifest_BreaksTheSignature()
    {
        // Someone "fixes" the manifest to match a swapped file: every file then hashes as listed, but the signature no longer holds.
        var swapped = RandomBytes(500);
        var tampered = Rewrite(_package, (name, content) => name switch
        {
            "manifest.json" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
                .Replace(FileHash(_package, _evidenceFile), Sha256(swapped), StringComparison.Ordinal)
                .Replace($"\"size\": {FileSize(_package, _evidenceFile)}", "\"size\": 500", StringComparison.Ordinal)),
            _ when name == _evidenceFile => swapped,
            _ => content,
        });

        var verified = await _auditor.VerifyAsync(_tenant, tampered);
        var (exitCode, output, _) = await RunVerifyCommandAsync(tampered, _hubKey);

        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.False(verified.GetProperty("signatureValid").GetBoolean());
        Assert.Empty(NotOk(verified));
        Assert.Equal(1, exitCode);
        Assert.Contains("Signature: INVALID", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedSignature_IsInvalid()
    {
        var tampered = Rewrite(_package, (name, content) => name == "manifest.sig" ? [.. content.Take(content.Length - 1), (byte)(content[^1] ^ 1)] : content);

        var verified = await _auditor.VerifyAsync(_tenant, tampered);
        var (exitCode, _, _) = await RunVerifyCommandAsync(tampered, _hubKey);

        Assert.False(verified.GetProperty("signatureValid").GetBoolean());
        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task APackageResignedWithAnotherKey_IsConsistent_ButNotThisHubs()
    {
        var foreign = ResignWithForeignKey(_package);

        var verified = await _auditor.VerifyAsync(_tenant, foreign);
        var (pinnedExit, pinnedOutput, _) = await RunVerifyCommandAsync(foreign, _hubKey);
        var (unpinnedExit, unpinnedOutput, _) = await RunVerifyCommandAsync(foreign);

        Assert.True(verified.GetProperty("signatureValid").GetBoolean());
        Assert.False(verified.GetProperty("signedByTrustedKey").GetBoolean());
        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(1, pinnedExit);
        Assert.Contains("NOT the key given with --public-key", pinnedOutput, StringComparison.Ordinal);
        Assert.Equal(3, unpinnedExit);
        Assert.DoesNotContain("Result:    VALID", unpinnedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZipBomb_IsRefused_WithoutBeingExpanded()
    {
        var bomb = Rewrite(_package, (_, content) => content, ("evidence/zeros.bin", new byte[64 * 1024 * 1024]));

        var problem = await _auditor.VerifyAsync(_tenant, bomb, HttpStatusCode.UnprocessableEntity, "package-refused");
        var (exitCode, _, errors) = await RunVerifyCommandAsync(bomb, _hubKey);

        Assert.Contains("compressed more than", problem.Prop("detail"), StringComparison.Ordinal);
        Assert.Equal(2, exitCode);
        Assert.Contains("package-refused", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("evidence/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/windows/win.ini")]
    [InlineData("evidence\\..\\outside.txt")]
    public async Task AnEntryNameThatCouldEscapeItsFolder_IsRefused(string name)
    {
        var escaping = Rewrite(_package, (_, content) => content, (name, Encoding.UTF8.GetBytes("x")));

        await _auditor.VerifyAsync(_tenant, escaping, HttpStatusCode.UnprocessableEntity, "package-refused");
        var (exitCode, _, errors) = await RunVerifyCommandAsync(escaping);

        Assert.Equal(2, exitCode);
        Assert.Contains("could escape", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomethingThatIsNotAZip_IsUnreadable()
    {
        await _auditor.VerifyAsync(_tenant, Encoding.UTF8.GetBytes("{\"not\": \"a zip\"}"), HttpStatusCode.BadRequest, "package-unreadable");
        var (exitCode, _, errors) = await RunVerifyCommandAsync(Encoding.UTF8.GetBytes("not a zip at all, but long enough to look"));

        Assert.Equal(2, exitCode);
        Assert.Contains("package-unreadable", errors, StringComparison.Ordinal);
    }

    private static List<(string, string)> NotOk(JsonElement verified) =>
        [.. verified.GetProperty("files").EnumerateArray().Where(file => file.Prop("result") != "Ok").Select(file => (file.Prop("path"), file.Prop("result")))];

    private static JsonElement ManifestFile(byte[] package, string path)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        return JsonDocument.Parse(Read(zip, "manifest.json")).RootElement.GetProperty("files").EnumerateArray().Single(file => file.Prop("path") == path).Clone();
    }

    private static string FileHash(byte[] package, string path) => ManifestFile(package, path).Prop("sha256");

    private static long FileSize(byte[] package, string path) => ManifestFile(package, path).GetProperty("size").GetInt64();
}
