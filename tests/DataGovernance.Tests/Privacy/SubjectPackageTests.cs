using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Access and portability packages: JSON, CSV and a SHA-256 manifest in one ZIP, fetched through an expiring link.</summary>
public sealed class SubjectPackageTests(HubFixture hub)
{
    [Fact]
    public async Task VerifiedAccessRequest_GetsAPackage_OfTheSubjectsData_WithAVerifiableManifest()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await owner.CreateSubjectRecordsAsync(tenant);
        await owner.ReplaceAsync(tenant, "people", records.Person, new
        {
            fullName = "Jane Doe", email = SubjectEmail, phone = SubjectPhone, department = "=HYPERLINK(\"http://evil.example\")", status = "active",
        });
        await dpo.DiscoveredAsync(tenant, records);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Portability")).Id();

        var built = await (await dpo.PostAsJsonAsync(Package(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Created);
        using var anonymous = hub.Anonymous();
        var download = await anonymous.GetAsync(built.Prop("downloadUrl"), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var zipBytes = await download.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal((built.GetProperty("size").GetInt64(), built.Prop("sha256")), (zipBytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(zipBytes))));
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        Assert.Equal(["controls.csv", "data.json", "manifest.json", "people.csv", "risks.csv"], zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));
        var manifest = JsonDocument.Parse(Read(zip, "manifest.json")).RootElement;
        foreach (var file in manifest.GetProperty("files").EnumerateArray())
        {
            var content = Read(zip, file.Prop("name"));
            Assert.Equal((file.GetProperty("size").GetInt64(), file.Prop("sha256")), (content.LongLength, Convert.ToHexStringLower(SHA256.HashData(content))));
        }
        Assert.Equal(Files(built.GetProperty("manifest")), Files(manifest));
        Assert.Equal(1, manifest.GetProperty("records").GetProperty("people").GetInt32());

        var data = JsonDocument.Parse(Read(zip, "data.json")).RootElement.GetProperty("collections");
        var person = Assert.Single(data.GetProperty("people").EnumerateArray());
        Assert.Equal((records.Person, "Jane Doe", SubjectPhone), (person.Prop("id"), person.GetProperty("fields").Prop("fullName"), person.GetProperty("fields").Prop("phone")));
        var control = Assert.Single(data.GetProperty("controls").EnumerateArray()).GetProperty("fields");
        Assert.Equal([("owner", SubjectEmail)], control.EnumerateObject().Select(field => (field.Name, field.Value.GetString())));
        Assert.DoesNotContain("ada@example.com", Encoding.UTF8.GetString(Read(zip, "data.json")), StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(Read(zip, "people.csv"));
        Assert.StartsWith("id,version,createdAt,updatedAt,fullName,email,phone", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv, StringComparison.Ordinal);

        var again = await (await dpo.GetAsync(Package(tenant, requestId), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(built.Prop("sha256"), again.Prop("sha256"));
        Assert.NotEqual(built.Prop("downloadUrl"), again.Prop("downloadUrl"));
        var request = await dpo.GetRequestAsync(tenant, requestId);
        Assert.Equal("PackageBuilt", request.Actions().Last());
        Assert.Contains(built.Prop("sha256"), request.GetProperty("history").EnumerateArray().Last().Prop("note"), StringComparison.Ordinal);
        var exports = await (await owner.GetAsync($"/api/tenants/{tenant}/security/events?type=DataExported", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(exports.GetProperty("items").EnumerateArray(), e => e.GetProperty("details").Prop("scope") == "privacy-package");
    }

    [Fact]
    public async Task Package_IsRefused_ForUnverifiedOrErasureRequests_AndAbsentUntilBuilt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var unverified = (await dpo.ReceiveAsync(tenant, Intake("Know"))).Id();
        var verified = (await hub.VerifiedRequestAsync(dpo, tenant, "Access")).Id();

        await (await dpo.PostAsJsonAsync(Package(tenant, unverified), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "privacy-request-not-verified");
        await (await dpo.GetAsync(Package(tenant, verified), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.GetAsync(Package(tenant, "pr-20260101-000000-abcdef"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await auditor.PostAsJsonAsync(Package(tenant, verified), new { }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain("PackageBuilt", (await dpo.GetRequestAsync(tenant, verified)).Actions());
    }

    private static string[] Files(JsonElement manifest) =>
        [.. manifest.GetProperty("files").EnumerateArray().Select(file => $"{file.Prop("name")}:{file.GetProperty("size").GetInt64()}:{file.Prop("sha256")}")];

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
