using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Outcomes;
using DataGovernance.Storage;
using DataGovernance.Tenancy;

namespace DataGovernance.Settings;

/// <summary>
/// A tenant's logo: a small raster image whose bytes must match the declared type. Blobs are named by content
/// hash and the tenant row points at the current one, so a failed update never leaves row and blob disagreeing.
/// </summary>
public sealed class BrandingLogoService(HubStorage storage, TenantService tenants, TimeProvider clock)
{
    public const int MaxBytes = 256 * 1024;

    private static readonly Dictionary<string, Func<ReadOnlyMemory<byte>, bool>> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = bytes => bytes.Span.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        ["image/jpeg"] = bytes => bytes.Span.StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
        ["image/webp"] = bytes => bytes.Length >= 12 && bytes.Span[..4].SequenceEqual("RIFF"u8) && bytes.Span[8..12].SequenceEqual("WEBP"u8),
    };

    public static IEnumerable<string> ContentTypes => Signatures.Keys;

    public async Task<Result<Tenant>> SetAsync(string tenantId, string? contentType, Stream body, CancellationToken cancellationToken)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !Signatures.TryGetValue(mediaType, out var matches))
        {
            return new Failure(FailureKind.UnsupportedMediaType, "unsupported-media-type",
                $"A logo must be one of: {string.Join(", ", ContentTypes)}.");
        }
        var bytes = await ReadAtMostAsync(body, MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return new Failure(FailureKind.TooLarge, "logo-too-large", $"A logo may be at most {MaxBytes / 1024} KiB.");
        }
        if (!matches(bytes.Value))
        {
            return new Failure(FailureKind.Validation, "logo-content-mismatch", $"The file content is not a {mediaType} image.");
        }

        var logo = new LogoInfo(mediaType, bytes.Value.Length, Convert.ToHexStringLower(SHA256.HashData(bytes.Value.Span)), clock.GetUtcNowForStorage());
        await Blob(tenantId, logo).UploadAsync(new BinaryData(bytes.Value), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = mediaType },
        }, cancellationToken);
        LogoInfo? replaced = null;
        var changed = await tenants.ChangeAsync(tenantId, null, tenant =>
        {
            replaced = tenant.Logo;
            return tenant with { Logo = logo };
        }, cancellationToken);
        if (changed.Succeeded && replaced is not null && replaced.Sha256 != logo.Sha256)
        {
            await Blob(tenantId, replaced).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        return changed;
    }

    public async Task<Result<(BinaryData Content, LogoInfo Logo)>> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (tenant.Value?.Logo is not { } logo)
        {
            return Failure.NotFound("The tenant has no logo.");
        }
        var content = await Blob(tenantId, logo).DownloadContentAsync(cancellationToken);
        return (content.Value.Content, logo);
    }

    public async Task<Result<Tenant>> DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        LogoInfo? removed = null;
        var changed = await tenants.ChangeAsync(tenantId, null, tenant =>
        {
            removed = tenant.Logo;
            return tenant with { Logo = null };
        }, cancellationToken);
        if (changed.Succeeded && removed is not null)
        {
            await Blob(tenantId, removed).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        return changed;
    }

    private BlobClient Blob(string tenantId, LogoInfo logo) =>
        storage.Primary.Container(StorageNames.BrandingContainer).GetBlobClient($"{tenantId}/logo/{logo.Sha256}");

    /// <summary>Reads the whole stream, or returns null as soon as it proves longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > limit)
            {
                return null;
            }
        }
        return buffer.AsMemory(0, length);
    }
}
