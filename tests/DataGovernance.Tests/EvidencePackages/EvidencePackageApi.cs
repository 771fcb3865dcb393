using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>A tenant's SOC 2 requirement, its control and two pieces of evidence with files: what the package tests work on.</summary>
public sealed record EvidenceSetup(string Requirement, string Control, string DirectEvidence, string ControlEvidence, byte[] DirectFile, byte[] ControlFile);

public static class EvidencePackageApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Packages(string tenant) => $"/api/tenants/{tenant}/evidence-packages";

    public static string File(string tenant, string evidenceId) => $"/api/tenants/{tenant}/evidence/{evidenceId}/file";

    public static string Prop(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static async Task<string> CreateRecordAsync(this HttpClient client, string tenant, string collection, object document) =>
        (await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/{collection}", document, Ct)).ExpectAsync(HttpStatusCode.Created)).Prop("id");

    public static Task<string> CreateEvidenceAsync(this HttpClient client, string tenant, string title, string collectedOn,
        string[]? requirementIds = null, string[]? controlIds = null) =>
        client.CreateRecordAsync(tenant, "evidence", new
        {
            title, status = "accepted", collectedOn, effectiveFrom = collectedOn, expiresOn = "2027-12-31",
            requirementIds = requirementIds ?? [], controlIds = controlIds ?? [],
        });

    public static async Task<HttpResponseMessage> UploadAsync(
        this HttpClient client, string tenant, string evidenceId, byte[] content, string contentType = "application/pdf", string fileName = "report.pdf",
        string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, File(tenant, evidenceId)) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request, Ct);
    }

    public static async Task<EvidenceSetup> CreateEvidenceSetupAsync(this HttpClient client, string tenant)
    {
        var control = await client.CreateRecordAsync(tenant, "controls", new { code = "AC-01", title = "Quarterly access review", status = "operating" });
        var requirement = await client.CreateRecordAsync(tenant, "requirements",
            new { framework = "soc2", reference = "CC6.1", title = "Logical access", status = "implemented", controlIds = new[] { control } });
        await client.CreateRecordAsync(tenant, "requirements", new { framework = "iso27001", reference = "A.5.15", title = "Access control", status = "implemented" });
        var direct = await client.CreateEvidenceAsync(tenant, "Access review Q1", "2026-03-31", requirementIds: [requirement]);
        var viaControl = await client.CreateEvidenceAsync(tenant, "Access review Q2", "2026-06-30", controlIds: [control]);
        var (directFile, controlFile) = (RandomBytes(40_000), RandomBytes(3_000));
        await (await client.UploadAsync(tenant, direct, directFile, fileName: "q1-review.pdf")).ExpectAsync(HttpStatusCode.OK);
        await (await client.UploadAsync(tenant, viaControl, controlFile, "text/csv", "q2 review.csv")).ExpectAsync(HttpStatusCode.OK);
        return new EvidenceSetup(requirement, control, direct, viaControl, directFile, controlFile);
    }

    /// <summary>Asks for a package and waits until it is no longer building; returns its final state.</summary>
    public static async Task<JsonElement> BuildPackageAsync(this HttpClient client, string tenant, object request)
    {
        var response = await client.PostAsJsonAsync(Packages(tenant), request, Ct);
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"{Packages(tenant)}/{accepted.Prop("id")}", response.Headers.Location?.OriginalString);
        JsonElement package = default;
        await Eventually.TrueAsync(async () =>
        {
            package = await (await client.GetAsync(response.Headers.Location, Ct)).ExpectAsync(HttpStatusCode.OK);
            return package.Prop("status") != "Building";
        }, TimeSpan.FromSeconds(60), "The evidence package was still building after a minute.");
        return package;
    }

    public static async Task<byte[]> DownloadAsync(this HubFixture hub, JsonElement package)
    {
        using var anonymous = hub.Anonymous();
        var response = await anonymous.GetAsync(package.Prop("downloadUrl"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    public static async Task<JsonElement> VerifyAsync(this HttpClient client, string tenant, byte[] zip, HttpStatusCode expected = HttpStatusCode.OK, string? code = null)
    {
        using var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await (await client.PostAsync($"{Packages(tenant)}/verify", content, Ct)).ExpectAsync(expected, code);
    }

    public static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)?.Open() ?? throw new InvalidOperationException($"No {name} in the package.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The package with its entries changed: <paramref name="change"/> gets each entry's name and bytes and returns the new bytes, or null to drop it.</summary>
    public static byte[] Rewrite(byte[] package, Func<string, byte[], byte[]?> change, params (string Name, byte[] Content)[] added)
    {
        using var source = new ZipArchive(new MemoryStream(package));
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                if (change(entry.FullName, Read(source, entry.FullName)) is { } content)
                {
                    Write(target, entry.FullName, content);
                }
            }
            foreach (var (name, content) in added)
            {
                Write(target, name, content);
            }
        }
        return output.ToArray();
    }

    /// <summary>The package re-signed by another key: a consistent package, but not this hub's.</summary>
    public static byte[] ResignWithForeignKey(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        var manifest = Read(zip, "manifest.json");
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = foreign.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var pem = Encoding.ASCII.GetBytes(foreign.ExportSubjectPublicKeyInfoPem());
        return Rewrite(package, (name, content) => name switch
        {
            "manifest.sig" => signature,
            "signing-key.pem" => pem,
            _ => content,
        });
    }

    private static void Write(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }

    /// <summary>Runs the real <c>verify-package</c> command of the host program as its own process.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunVerifyCommandAsync(byte[] package, string? publicKeyPem = null)
    {
        var folder = Directory.CreateTempSubdirectory("verify-package-");
        try
        {
            var zipPath = Path.Combine(folder.FullName, "package.zip");
            await System.IO.File.WriteAllBytesAsync(zipPath, package, Ct);
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataGovernance.Functions.dll"));
            start.ArgumentList.Add("verify-package");
            start.ArgumentList.Add(zipPath);
            if (publicKeyPem is not null)
            {
                var keyPath = Path.Combine(folder.FullName, "hub-key.pem");
                await System.IO.File.WriteAllTextAsync(keyPath, publicKeyPem, Ct);
                start.ArgumentList.Add("--public-key");
                start.ArgumentList.Add(keyPath);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var errors = process.StandardError.ReadToEndAsync(Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
