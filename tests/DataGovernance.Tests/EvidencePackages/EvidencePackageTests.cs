using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.EvidencePackages.EvidencePackageApi;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>Evidence packages: a framework's report, evidence files, manifest and chain of custody in one ZIP, signed over the manifest.</summary>
public sealed class EvidencePackageTests(HubFixture hub)
{
    private static readonly string[] MonitoringOnly = ["CC7.2"];

    [Fact]
    public async Task Package_HoldsTheReportTheEvidenceFilesAndASignedManifestListingEveryFile()
    {
        var tenant = await hub.CreateTenantAsync();
        using var manager = hub.TenantClient(tenant, Role.ComplianceManager);
        var setup = await manager.CreateEvidenceSetupAsync(tenant);
        var unrelated = await manager.CreateEvidenceAsync(tenant, "ISO only", "2026-04-01");

        var package = await manager.BuildPackageAsync(tenant, new { framework = "soc2" });

        Assert.Equal("Completed", package.Prop("status"));
        var zipBytes = await hub.DownloadAsync(package);
        var contents = package.GetProperty("contents");
        Assert.Equal((zipBytes.LongLength, Sha256(zipBytes)), (contents.GetProperty("size").GetInt64(), contents.Prop("sha256")));
        Assert.Equal((2, 2, 1), (contents.GetProperty("evidence").GetInt32(), contents.GetProperty("files").GetInt32(), contents.GetProperty("requirementsCovered").GetInt32()));
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        var names = zip.Entries.Select(entry => entry.FullName).ToHashSet();
        Assert.Contains("report/compliance-report.pdf", names);
        Assert.Contains("report/compliance-report.json", names);
        Assert.Equal(setup.DirectFile, Read(zip, $"evidence/{setup.DirectEvidence}/q1-review.pdf"));
        Assert.Equal(setup.ControlFile, Read(zip, $"evidence/{setup.ControlEvidence}/q2 review.csv"));
        Assert.DoesNotContain(names, name => name.Contains(unrelated, StringComparison.Ordinal));

        var manifestBytes = Read(zip, "manifest.json");
        var manifest = JsonDocument.Parse(manifestBytes).RootElement;
        Assert.Equal((package.Prop("id"), tenant, "soc2"), (manifest.Prop("packageId"), manifest.Prop("tenantId"), manifest.Prop("framework")));
        Assert.Equal("DataGovernance Hub", manifest.GetProperty("generator").Prop("name"));
        var listed = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(names.Except(["manifest.json", "manifest.sig", "signing-key.pem"]).Order(), listed.Select(file => file.Prop("path")).Order());
        foreach (var file in listed)
        {
            var content = Read(zip, file.Prop("path"));
            Assert.Equal((file.GetProperty("size").GetInt64(), file.Prop("sha256")), (content.LongLength, Sha256(content)));
        }
        var direct = manifest.GetProperty("evidence").EnumerateArray().Single(e => e.Prop("recordId") == setup.DirectEvidence);
        Assert.Equal((2L, "2026-03-31", "2027-12-31", "CC6.1"), (direct.GetProperty("version").GetInt64(), direct.Prop("collectedOn"), direct.Prop("expiresOn"),
            direct.GetProperty("requirementReferences")[0].GetString()));
        Assert.Equal(Sha256(setup.DirectFile), direct.GetProperty("file").Prop("sha256"));
        var viaControl = manifest.GetProperty("evidence").EnumerateArray().Single(e => e.Prop("recordId") == setup.ControlEvidence);
        Assert.Equal(("CC6.1", "AC-01"), (viaControl.GetProperty("requirementReferences")[0].GetString(), viaControl.GetProperty("controlCodes")[0].GetString()));

        using var key = ECDsa.Create();
        key.ImportFromPem(Encoding.ASCII.GetString(Read(zip, "signing-key.pem")));
        Assert.True(key.VerifyData(manifestBytes, Read(zip, "manifest.sig"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var hubKey = await hub.App.Services.GetRequiredService<EvidenceSigner>().PublicKeyPemAsync(Ct);
        Assert.Equal(hubKey.Trim(), Encoding.ASCII.GetString(Read(zip, "signing-key.pem")).Trim());
    }

    [Fact]
    public async Task ChainOfCustody_NamesTheRequester_EverySteps_AndEachFilesUploaderAndVersionHistory()
    {
        var tenant = await hub.CreateTenantAsync();
        using var manager = hub.TenantClient(tenant, Role.ComplianceManager);
        using var member = hub.TenantClient(tenant, Role.Member);
        var setup = await manager.CreateEvidenceSetupAsync(tenant);
        await (await member.UploadAsync(tenant, setup.DirectEvidence, setup.DirectFile, fileName: "q1-review.pdf")).ExpectAsync(HttpStatusCode.OK);
        var replaced = RandomBytes(100);
        await (await member.UploadAsync(tenant, setup.ControlEvidence, replaced, "text/csv", "q2 review.csv")).ExpectAsync(HttpStatusCode.OK);

        var package = await manager.BuildPackageAsync(tenant, new { framework = "soc2" });

        using var zip = new ZipArchive(new MemoryStream(await hub.DownloadAsync(package)));
        var custody = JsonDocument.Parse(Read(zip, "chain-of-custody.json")).RootElement;
        Assert.Equal("user:user-compliancemanager", custody.Prop("requestedBy"));
        Assert.Equal(0, custody.GetProperty("approvals").GetArrayLength());
        Assert.Equal(["Requested", "Building", "Packaged"], custody.GetProperty("steps").EnumerateArray().Select(step => step.Prop("step")));
        var direct = custody.GetProperty("evidence").EnumerateArray().Single(e => e.Prop("recordId") == setup.DirectEvidence);
        // Uploading the same bytes again made version 3 but did not change the file: the upload is still the manager's.
        Assert.Equal((3L, "user:user-compliancemanager"), (direct.GetProperty("version").GetInt64(), direct.Prop("fileUploadedBy")));
        Assert.Equal([1L, 2L, 3L], direct.GetProperty("history").EnumerateArray().Select(v => v.GetProperty("version").GetInt64()));
        var viaControl = custody.GetProperty("evidence").EnumerateArray().Single(e => e.Prop("recordId") == setup.ControlEvidence);
        Assert.Equal("user:user-member", viaControl.Prop("fileUploadedBy"));
        Assert.Equal(replaced, Read(zip, $"evidence/{setup.ControlEvidence}/q2 review.csv"));
        Assert.Equal(["Requested", "Building", "Completed"], package.GetProperty("steps").EnumerateArray().Select(step => step.Prop("step")));
    }

    [Fact]
    public async Task Package_OfSomeRequirementsAndAPeriod_HoldsOnlyThatEvidence()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var setup = await owner.CreateEvidenceSetupAsync(tenant);
        var other = await owner.CreateRecordAsync(tenant, "requirements", new { framework = "soc2", reference = "CC7.2", title = "Monitoring", status = "implemented" });
        var monitoring = await owner.CreateEvidenceAsync(tenant, "SIEM alerts", "2026-03-15", requirementIds: [other]);

        var byReference = await owner.BuildPackageAsync(tenant, new { framework = "soc2", requirementReferences = MonitoringOnly });
        var byPeriod = await owner.BuildPackageAsync(tenant, new { framework = "soc2", collectedFrom = "2026-03-01", collectedTo = "2026-03-31" });

        Assert.Equal([monitoring], EvidenceIds(await hub.DownloadAsync(byReference)));
        Assert.Equal(new[] { setup.DirectEvidence, monitoring }.Order(), EvidenceIds(await hub.DownloadAsync(byPeriod)).Order());
    }

    [Fact]
    public async Task Package_WithAFileWhoseBytesNoLongerMatchItsRecord_Fails_NamingTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var setup = await owner.CreateEvidenceSetupAsync(tenant);
        var blob = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence")
            .GetBlobClient($"{tenant}/sha256/{Sha256(setup.ControlFile)}");
        await blob.UploadAsync(new BinaryData(RandomBytes(3_000)), overwrite: true, Ct);

        var package = await owner.BuildPackageAsync(tenant, new { framework = "soc2" });

        Assert.Equal("Failed", package.Prop("status"));
        Assert.Contains(setup.ControlEvidence, package.Prop("failureReason"), StringComparison.Ordinal);
        Assert.Contains("no longer matches its recorded SHA-256", package.Prop("failureReason"), StringComparison.Ordinal);
        Assert.False(package.TryGetProperty("downloadUrl", out _));
        Assert.Equal("Failed", package.GetProperty("steps").EnumerateArray().Last().Prop("step"));
        var zips = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence-packages");
        Assert.False(await zips.GetBlobClient($"{tenant}/{package.Prop("id")}/evidence-package.zip").ExistsAsync(Ct));
    }

    [Fact]
    public async Task Packages_AreListed_AndABadRequestIsRefusedWithFieldErrors()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var built = await owner.BuildPackageAsync(tenant, new { framework = "gdpr" });

        var listed = await (await owner.GetAsync(Packages(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        var problem = await (await owner.PostAsJsonAsync(Packages(tenant), new { framework = "pci", collectedFrom = "2026-05-01", collectedTo = "2026-04-01" }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((built.Prop("id"), "Completed", 0), (item.Prop("id"), item.Prop("status"), item.GetProperty("contents").GetProperty("evidence").GetInt32()));
        Assert.NotEmpty(problem.FieldErrors("framework"));
        Assert.NotEmpty(problem.FieldErrors("collectedTo"));
        await (await owner.GetAsync($"{Packages(tenant)}/0123456789abcdef", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task EvidencePackages_OfAnotherTenant_AreNotFoundOrRefused_AndAMemberMayNotBuildOne()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        var package = await owner.BuildPackageAsync(tenant, new { framework = "soc2" });
        var zip = await hub.DownloadAsync(package);
        using var intruder = hub.Owner(other);

        await (await intruder.GetAsync($"{Packages(tenant)}/{package.Prop("id")}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{Packages(other)}/{package.Prop("id")}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(Packages(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsJsonAsync(Packages(tenant), new { framework = "soc2" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await intruder.VerifyAsync(tenant, zip, HttpStatusCode.NotFound, "not-found");
        var otherList = await (await intruder.GetAsync(Packages(other), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, otherList.GetProperty("items").GetArrayLength());

        using var member = hub.TenantClient(tenant, Role.Member);
        await (await member.PostAsJsonAsync(Packages(tenant), new { framework = "soc2" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await (await auditor.GetAsync($"{Packages(tenant)}/{package.Prop("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Package_HoldsExactlyTheEvidenceItsReportCounts()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var setup = await owner.CreateEvidenceSetupAsync(tenant);
        var retired = await owner.CreateRecordAsync(tenant, "controls",
            new { code = "AC-99", title = "Old review", status = "retired", requirementIds = new[] { setup.Requirement } });
        var viaRetired = await owner.CreateEvidenceAsync(tenant, "Old review log", "2026-02-01", controlIds: [retired]);
        var notApplicable = await owner.CreateRecordAsync(tenant, "requirements",
            new { framework = "soc2", reference = "CC7.2", title = "Monitoring", status = "not-applicable" });
        var ofNotApplicable = await owner.CreateEvidenceAsync(tenant, "SIEM alerts", "2026-03-15", requirementIds: [notApplicable]);

        var package = await hub.DownloadAsync(await owner.BuildPackageAsync(tenant, new { framework = "soc2" }));

        using var zip = new ZipArchive(new MemoryStream(package));
        var report = JsonDocument.Parse(Read(zip, "report/compliance-report.json")).RootElement;
        var reported = report.GetProperty("entries").EnumerateArray()
            .SelectMany(entry => entry.GetProperty("evidence").EnumerateArray().Select(e => e.Prop("id"))).Distinct().Order().ToList();
        Assert.Equal(new[] { setup.DirectEvidence, setup.ControlEvidence }.Order(), reported);
        Assert.Equal(reported, EvidenceIds(package).Order());
        Assert.DoesNotContain(viaRetired, EvidenceIds(package));
        Assert.DoesNotContain(ofNotApplicable, EvidenceIds(package));
    }

    private static IReadOnlyList<string> EvidenceIds(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        return [.. JsonDocument.Parse(Read(zip, "manifest.json")).RootElement.GetProperty("evidence").EnumerateArray().Select(e => e.Prop("recordId"))];
    }
}
