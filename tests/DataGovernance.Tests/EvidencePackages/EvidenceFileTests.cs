using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.EvidencePackages.EvidencePackageApi;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>An evidence record's file: uploaded streamed and hashed, named by the record in one write, downloaded byte for byte.</summary>
public sealed class EvidenceFileTests(HubFixture hub)
{
    [Fact]
    public async Task Upload_SetsTheRecordsFileFields_InOneWrite_AndDownloadReturnsTheSameBytes()
    {
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);
        var evidence = await member.CreateEvidenceAsync(tenant, "Firewall rules export", "2026-05-01");
        var content = RandomBytes(300_000);

        var response = await member.UploadAsync(tenant, evidence, content, "application/pdf; charset=binary", "../../etc/firewall rules.pdf", ifMatch: "\"1\"");
        var record = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var data = record.GetProperty("data");
        Assert.Equal((2L, "firewall rules.pdf", "application/pdf", 300_000L, Sha256(content)),
            (record.GetProperty("version").GetInt64(), data.Prop("fileName"), data.Prop("contentType"), data.GetProperty("sizeBytes").GetInt64(), data.Prop("sha256")));
        Assert.Equal("Firewall rules export", data.Prop("title"));
        var download = await member.GetAsync(File(tenant, evidence), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("firewall rules.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var timeline = await (await hub.Owner(tenant).GetAsync($"/api/tenants/{tenant}/timeline?collection=evidence", Ct)).ExpectAsync(HttpStatusCode.OK);
        var change = timeline.GetProperty("items").EnumerateArray().First();
        Assert.Equal((evidence, 2L, "user:user-member"), (change.Prop("recordId"), change.GetProperty("version").GetInt64(), change.Prop("actor")));
    }

    [Fact]
    public async Task Download_ServesTheTypeCheckedAtUpload_AsANoSniffAttachment_WhateverTheRecordSays()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateEvidenceAsync(tenant, "Notes", "2026-05-01");
        var content = Encoding.UTF8.GetBytes("<script>alert(1)</script>");
        var uploaded = await (await owner.UploadAsync(tenant, evidence, content, "text/plain", "notes.txt")).ExpectAsync(HttpStatusCode.OK);
        var data = JsonNode.Parse(uploaded.GetProperty("data").GetRawText())!;
        data["contentType"] = "text/html";
        using var replace = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/{tenant}/records/evidence/{evidence}") { Content = JsonContent.Create(data) };
        replace.Headers.TryAddWithoutValidation("If-Match", $"\"{uploaded.GetProperty("version").GetInt64()}\"");
        await (await owner.SendAsync(replace, Ct)).ExpectAsync(HttpStatusCode.OK);

        var download = await owner.GetAsync(File(tenant, evidence), Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ReplacingTheFile_KeepsTheEarlierBytes_SoEarlierVersionsStillNameExistingFiles()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateEvidenceAsync(tenant, "Policy", "2026-05-01");
        var (first, second) = (RandomBytes(1_000), RandomBytes(2_000));
        await (await owner.UploadAsync(tenant, evidence, first)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.UploadAsync(tenant, evidence, second, "image/png", "scan.png")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(second, await (await owner.GetAsync(File(tenant, evidence), Ct)).Content.ReadAsByteArrayAsync(Ct));
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("evidence");
        Assert.True(await blobs.GetBlobClient($"{tenant}/sha256/{Sha256(first)}").ExistsAsync(Ct));
        var left = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tenant}/staging/", Ct))
        {
            left.Add(blob.Name);
        }
        Assert.Empty(left);
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Returns413_AndLeavesTheRecordAsItWas()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateEvidenceAsync(tenant, "Big export", "2026-05-01");

        await (await owner.UploadAsync(tenant, evidence, RandomBytes(1024 * 1024 + 1))).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "evidence-file-too-large");
        // Without a Content-Length (a stream of unknown length) the limit is found while streaming.
        using var chunked = new StreamContent(new GZipStream(new MemoryStream(Gzip(RandomBytes(1024 * 1024 + 10))), CompressionMode.Decompress));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var request = new HttpRequestMessage(HttpMethod.Put, File(tenant, evidence)) { Content = chunked };
        await (await owner.SendAsync(request, Ct)).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "evidence-file-too-large");
        await (await owner.UploadAsync(tenant, evidence, RandomBytes(1024 * 1024))).ExpectAsync(HttpStatusCode.OK);

        var record = await (await owner.GetAsync($"/api/tenants/{tenant}/records/evidence/{evidence}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, record.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Upload_OfAContentTypeOutsideTheAllowList_OrAgainstAStaleETag_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateEvidenceAsync(tenant, "Screenshot", "2026-05-01");

        await (await owner.UploadAsync(tenant, evidence, RandomBytes(10), "application/x-msdownload", "setup.exe")).ExpectAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-evidence-type");
        await (await owner.UploadAsync(tenant, evidence, RandomBytes(10), ifMatch: "\"7\"")).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        await (await owner.GetAsync(File(tenant, evidence), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        var control = await owner.CreateRecordAsync(tenant, "controls", new { code = "C-1", title = "Not evidence", status = "draft" });
        await (await owner.UploadAsync(tenant, control, RandomBytes(10))).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task EvidenceFiles_OfAnotherTenant_AreNotFound_AndAnAuditorMayReadButNotUpload()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateEvidenceAsync(tenant, "Pen test", "2026-05-01");
        var content = RandomBytes(500);
        await (await owner.UploadAsync(tenant, evidence, content)).ExpectAsync(HttpStatusCode.OK);
        using var intruder = hub.Owner(other);

        await (await intruder.GetAsync(File(tenant, evidence), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.UploadAsync(tenant, evidence, RandomBytes(10))).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(File(other, evidence), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.UploadAsync(other, evidence, RandomBytes(10))).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        Assert.Equal(content, await (await auditor.GetAsync(File(tenant, evidence), Ct)).Content.ReadAsByteArrayAsync(Ct));
        await (await auditor.UploadAsync(tenant, evidence, RandomBytes(10))).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(content, await (await owner.GetAsync(File(tenant, evidence), Ct)).Content.ReadAsByteArrayAsync(Ct));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }
        return output.ToArray();
    }
}
