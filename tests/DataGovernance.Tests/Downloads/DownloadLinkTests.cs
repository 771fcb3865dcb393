using System.Net;
using DataGovernance.Downloads;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGovernance.Tests.Downloads;

/// <summary>Expiring download links: served while valid, refused when expired or tampered with, every use a security event.</summary>
public sealed class DownloadLinkTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => hub.App.Services;

    [Fact]
    public async Task ValidLink_StreamsTheBlob_WithoutCredentials_AndIsRecorded()
    {
        var tenant = await hub.CreateTenantAsync();
        var target = await UploadAsync(tenant, "hello, subject");
        var link = Services.GetRequiredService<DownloadLinks>().Create(target, new Actor("user:dpo-1"));
        using var anonymous = hub.Anonymous();

        var response = await anonymous.GetAsync(link.Url, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello, subject", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("report.txt", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.InRange(link.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
        var recorded = await EventsAsync(tenant, SecurityEventType.DataExported);
        Assert.Equal(("test-download", "user:dpo-1"), (recorded.Single().Details["scope"], recorded.Single().Details["issuedBy"]));
    }

    [Fact]
    public async Task ExpiredLink_Returns410_AndIsRecordedAsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        var target = await UploadAsync(tenant, "old news");
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-20));
        var earlier = new DownloadLinks(Services.GetRequiredService<IOptions<DownloadLinkOptions>>(), Services.GetRequiredService<HubStorage>(),
            Services.GetRequiredService<TenantLookup>(), Services.GetRequiredService<SecurityEventService>(), past, NullLogger<DownloadLinks>.Instance);
        var link = earlier.Create(target, new Actor("user:dpo-1"));
        using var anonymous = hub.Anonymous();

        await (await anonymous.GetAsync(link.Url, Ct)).ExpectAsync(HttpStatusCode.Gone, "download-link-expired");

        Assert.Single(await EventsAsync(tenant, SecurityEventType.DownloadLinkRefused));
        Assert.Empty(await EventsAsync(tenant, SecurityEventType.DataExported));
    }

    [Fact]
    public async Task TamperedOrMadeUpLink_Returns403_AndServesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        var target = await UploadAsync(tenant, "secret");
        var url = Services.GetRequiredService<DownloadLinks>().Create(target, new Actor("user:dpo-1")).Url;
        var token = url[DownloadLinks.RoutePrefix.Length..];
        var (payload, signature) = (token.Split('.')[0], token.Split('.')[1]);
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(payload))).Replace(tenant, other, StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var anonymous = hub.Anonymous();

        foreach (var bad in new[]
        {
            $"{forged}.{signature}", $"{payload}.{signature[..^2]}AA", $"{payload}.", "not-a-token", $"{payload}", $"{payload}.{signature}.x",
        })
        {
            await (await anonymous.GetAsync($"{DownloadLinks.RoutePrefix}{bad}", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "download-link-invalid");
        }
        Assert.Empty(await EventsAsync(tenant, SecurityEventType.DataExported));
        Assert.Throws<ArgumentException>(() => Services.GetRequiredService<DownloadLinks>().Create(
            target with { Container = StorageNames.BackupsContainer }, new Actor("user:dpo-1")));
        Assert.Throws<ArgumentException>(() => Services.GetRequiredService<DownloadLinks>().Create(
            target with { BlobName = $"{other}/x.txt" }, new Actor("user:dpo-1")));
    }

    private async Task<DownloadTarget> UploadAsync(string tenant, string content)
    {
        var name = $"{tenant}/tests/{Guid.NewGuid():N}.txt";
        await Services.GetRequiredService<HubStorage>().Primary.Container(StorageNames.PrivacyPackagesContainer).GetBlobClient(name)
            .UploadAsync(BinaryData.FromString(content), Ct);
        return new DownloadTarget(tenant, StorageNames.PrivacyPackagesContainer, name, "report.txt", "text/plain", "test-download");
    }

    private async Task<IReadOnlyList<SecurityEvent>> EventsAsync(string tenant, SecurityEventType type) =>
        (await Services.GetRequiredService<SecurityEventService>().ListAsync(tenant, new SecurityEventFilter(type, null, null), 50, null, Ct)).Value!.Items;

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - text.Length % 4) % 4);
    }
}
