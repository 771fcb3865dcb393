using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Settings;

public sealed class LogoTests(HubFixture hub)
{
    /// <summary>A valid 1×1 opaque PNG.</summary>
    private static readonly byte[] RedPixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>A valid 1×1 transparent PNG.</summary>
    private static readonly byte[] ClearPixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static string Url(string tenant) => $"/api/tenants/{tenant}/settings/general/logo";

    [Fact]
    public async Task Upload_StoresThePng_AndTheTenantDescribesIt_AndDownloadReturnsTheSameBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var uploaded = await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct);
        var body = await uploaded.ExpectAsync(HttpStatusCode.OK);
        AssertLogo(body, RedPixel);
        AssertLogo(await ReadTenantAsync(owner, tenant, ct), RedPixel);

        var download = await owner.GetAsync(Url(tenant), ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RedPixel, await download.Content.ReadAsByteArrayAsync(ct));

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        Assert.Equal(RedPixel, await (await auditor.GetAsync(Url(tenant), ct)).Content.ReadAsByteArrayAsync(ct));
        Assert.Equal([Sha256(RedPixel)], await StoredBlobsAsync(tenant, ct));
    }

    [Theory]
    [InlineData("image/jpeg", HttpStatusCode.UnprocessableEntity, "logo-content-mismatch")]
    [InlineData("image/webp", HttpStatusCode.UnprocessableEntity, "logo-content-mismatch")]
    [InlineData("image/svg+xml", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type")]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type")]
    [InlineData("application/octet-stream", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type")]
    public async Task Upload_WithAWrongContentType_IsRefused_AndKeepsTheStoredLogo(string contentType, HttpStatusCode status, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadTenantAsync(owner, tenant, ct);

        await (await owner.PutBytesAsync(Url(tenant), ClearPixel, contentType, ct)).ExpectAsync(status, code);

        await AssertUnchangedAsync(owner, tenant, before, ct);
    }

    [Fact]
    public async Task Upload_OfSvgMarkup_Returns415_AndKeepsTheStoredLogo()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadTenantAsync(owner, tenant, ct);
        var svg = """<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""u8.ToArray();

        await (await owner.PutBytesAsync(Url(tenant), svg, "image/svg+xml", ct)).ExpectAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        await AssertUnchangedAsync(owner, tenant, before, ct);
    }

    [Fact]
    public async Task Upload_Of300KiB_Returns413_AndKeepsTheStoredLogo()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadTenantAsync(owner, tenant, ct);
        var huge = new byte[300 * 1024];
        RedPixel.AsSpan(0, 8).CopyTo(huge);

        var response = await owner.PutBytesAsync(Url(tenant), huge, "image/png", ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"Expected 413, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        var code = problem.GetProperty("code").GetString();
        Assert.True(code is "logo-too-large" or "payload-too-large", $"Unexpected problem code {code}.");
        Assert.Equal("urn:datagovernance:problem:" + code, problem.GetProperty("type").GetString());
        Assert.Equal(413, problem.GetProperty("status").GetInt32());

        await AssertUnchangedAsync(owner, tenant, before, ct);
    }

    [Theory]
    [InlineData(Role.Member)]
    [InlineData(Role.Auditor)]
    public async Task Upload_AndDelete_ByARoleWithoutSettingsWrite_Return403_AndKeepTheStoredLogo(Role role)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var caller = hub.TenantClient(tenant, role);
        await (await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadTenantAsync(owner, tenant, ct);

        await (await caller.PutBytesAsync(Url(tenant), ClearPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await caller.DeleteAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        await AssertUnchangedAsync(owner, tenant, before, ct);
    }

    [Fact]
    public async Task Replace_ThenDelete_LeavesNoLogo_AndNoBlob()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutBytesAsync(Url(tenant), RedPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);

        var replaced = await (await owner.PutBytesAsync(Url(tenant), ClearPixel, "image/png", ct)).ExpectAsync(HttpStatusCode.OK);
        AssertLogo(replaced, ClearPixel);
        Assert.Equal(ClearPixel, await (await owner.GetAsync(Url(tenant), ct)).Content.ReadAsByteArrayAsync(ct));
        Assert.Equal([Sha256(ClearPixel)], await StoredBlobsAsync(tenant, ct));

        var deleted = await (await owner.DeleteAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(deleted.TryGetProperty("logo", out _));
        Assert.False((await ReadTenantAsync(owner, tenant, ct)).TryGetProperty("logo", out _));
        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await StoredBlobsAsync(tenant, ct));
    }

    [Fact]
    public async Task Download_WithoutALogo_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static void AssertLogo(JsonElement tenant, byte[] image)
    {
        var logo = tenant.GetProperty("logo");
        Assert.Equal("image/png", logo.GetProperty("contentType").GetString());
        Assert.Equal(image.Length, logo.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Sha256(image), logo.GetProperty("sha256").GetString());
    }

    private async Task AssertUnchangedAsync(HttpClient owner, string tenant, JsonElement before, CancellationToken ct)
    {
        Assert.Equal(before.GetRawText(), (await ReadTenantAsync(owner, tenant, ct)).GetRawText());
        var download = await owner.GetAsync(Url(tenant), ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RedPixel, await download.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal([Sha256(RedPixel)], await StoredBlobsAsync(tenant, ct));
    }

    private static async Task<JsonElement> ReadTenantAsync(HttpClient client, string tenant, CancellationToken ct) =>
        await (await client.GetAsync($"/api/tenants/{tenant}/settings/general", ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The content hashes of the tenant's logo blobs in the primary account.</summary>
    private async Task<List<string>> StoredBlobsAsync(string tenant, CancellationToken ct)
    {
        var container = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient("branding");
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/", ct))
        {
            names.Add(blob.Name[(blob.Name.LastIndexOf('/') + 1)..]);
        }
        return names;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
