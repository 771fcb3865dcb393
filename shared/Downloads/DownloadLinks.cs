using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.Downloads;

/// <summary>
/// What a link hands out: one blob of a tenant, the file name and type it is served under, and what it is
/// (<c>privacy-package</c>, <c>erasure-certificate</c>…; the security event's scope).
/// </summary>
public sealed record DownloadTarget(string TenantId, string Container, string BlobName, string FileName, string ContentType, string Purpose);

/// <summary>A link to give out: the path to fetch without credentials, and when it stops working.</summary>
public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>An opened download: the blob's content as a stream, to be served and disposed.</summary>
public sealed record OpenedDownload(Stream Content, string FileName, string ContentType, long Length);

/// <summary>
/// Expiring download links signed by the hub: the token is the base64url JSON of the target and expiry, a dot, and
/// the base64url HMAC-SHA256 of that text. Nothing is stored per link, so links cannot be revoked one by one (rotate
/// <see cref="DownloadLinkOptions.SigningKey"/> to void all) — which is why they live minutes, not days. Only blobs of
/// the containers in <see cref="Containers"/> under the tenant's own prefix can be linked.
/// </summary>
public sealed partial class DownloadLinks(
    IOptions<DownloadLinkOptions> options, HubStorage storage, TenantLookup tenants, SecurityEventService securityEvents, TimeProvider clock,
    ILogger<DownloadLinks> logger)
{
    public const string RoutePrefix = "/api/downloads/";

    /// <summary>The containers whose blobs may be handed out through links.</summary>
    public static readonly IReadOnlySet<string> Containers = new HashSet<string>(StringComparer.Ordinal)
    {
        StorageNames.PrivacyPackagesContainer,
        StorageNames.PrivacyEvidenceContainer,
        StorageNames.ReportsContainer,
        StorageNames.EvidencePackagesContainer,
        StorageNames.ExportsContainer,
        StorageNames.ImportsContainer,
    };

    private static readonly Failure Invalid = new(FailureKind.Forbidden, "download-link-invalid", "This download link is not valid.");

    /// <summary>
    /// A link to <paramref name="target"/> that works for <see cref="DownloadLinkOptions.LinkLifetime"/>, and never past
    /// <paramref name="notAfter"/> (when what it points to expires sooner).
    /// </summary>
    public DownloadLink Create(DownloadTarget target, Actor issuedBy, DateTimeOffset? notAfter = null)
    {
        if (!Containers.Contains(target.Container) || !target.BlobName.StartsWith($"{target.TenantId}/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob {target.Container}/{target.BlobName} cannot be linked for tenant {target.TenantId}.", nameof(target));
        }
        var expiresAt = clock.GetUtcNow().Add(options.Value.LinkLifetime);
        if (notAfter is { } limit && limit < expiresAt)
        {
            expiresAt = limit;
        }
        var expiresAtSeconds = expiresAt.ToUnixTimeSeconds();
        var claims = new LinkClaims(target.TenantId, target.Container, target.BlobName, target.FileName, target.ContentType, target.Purpose,
            expiresAtSeconds, Guid.NewGuid().ToString("N")[..12], issuedBy.Id);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return new DownloadLink($"{RoutePrefix}{payload}.{Base64Url.EncodeToString(Sign(payload))}", DateTimeOffset.FromUnixTimeSeconds(expiresAtSeconds));
    }

    /// <summary>
    /// Opens the blob a token names. Refuses a token that is malformed or not signed by this hub (403
    /// <c>download-link-invalid</c>), expired (410 <c>download-link-expired</c>), or whose tenant or blob is gone
    /// (404). Every use is a security event of the tenant: served as <c>DataExported</c>, expired as <c>DownloadLinkRefused</c>.
    /// </summary>
    public async Task<Result<OpenedDownload>> OpenAsync(string token, string? clientIp, string correlationId, CancellationToken cancellationToken)
    {
        if (Read(token) is not { } claims)
        {
            LogInvalidLink(correlationId);
            return Invalid;
        }
        var context = new WriteContext(Actor.System("download-link"), correlationId, clientIp);
        var details = new Dictionary<string, string>
        {
            [SecurityEventDetails.Scope] = claims.Purpose,
            ["file"] = claims.FileName,
            ["issuedBy"] = claims.IssuedBy,
        };
        if (await tenants.GetAsync(claims.TenantId, cancellationToken) is not { Status: TenantStatus.Active })
        {
            return Failure.NotFound("What this link pointed to no longer exists.");
        }
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            await securityEvents.RecordAsync(claims.TenantId, SecurityEventType.DownloadLinkRefused, context, claims.LinkId, details, cancellationToken);
            return new Failure(FailureKind.Gone, "download-link-expired", "This download link has expired; ask for a new one.");
        }
        try
        {
            var blob = storage.Primary.Container(claims.Container).GetBlobClient(claims.BlobName);
            var opened = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            await securityEvents.RecordAsync(claims.TenantId, SecurityEventType.DataExported, context, claims.LinkId, details, cancellationToken);
            return new OpenedDownload(opened.Value.Content, claims.FileName, claims.ContentType, opened.Value.Details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Failure.NotFound("What this link pointed to no longer exists.");
        }
    }

    private LinkClaims? Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || parts[0].Length is 0 or > 4000 || FromBase64Url(parts[1]) is not { } signature
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0])) || FromBase64Url(parts[0]) is not { } json)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<LinkClaims>(json) is { } claims && Containers.Contains(claims.Container)
                && claims.BlobName.StartsWith($"{claims.TenantId}/", StringComparison.Ordinal)
                ? claims
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(string payload) =>
        HMACSHA256.HashData(options.Value.SigningKeyBytes() ?? throw new InvalidOperationException(DownloadLinkOptions.Requirement), Encoding.ASCII.GetBytes(payload));

    private static byte[]? FromBase64Url(string text) => Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : null;

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "A download link that this hub did not sign was used (correlation {CorrelationId})")]
    private partial void LogInvalidLink(string correlationId);

    private sealed record LinkClaims(
        [property: JsonPropertyName("t")] string TenantId,
        [property: JsonPropertyName("c")] string Container,
        [property: JsonPropertyName("b")] string BlobName,
        [property: JsonPropertyName("n")] string FileName,
        [property: JsonPropertyName("m")] string ContentType,
        [property: JsonPropertyName("p")] string Purpose,
        [property: JsonPropertyName("e")] long ExpiresAt,
        [property: JsonPropertyName("i")] string LinkId,
        [property: JsonPropertyName("u")] string IssuedBy);
}
