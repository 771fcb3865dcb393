using System.Security.Cryptography;
using System.Text;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tenancy;

namespace DataGovernance.Settings;

/// <summary>
/// Issues, lists, revokes and checks API keys. A key reads <c>dgh_{tenant}_{keyId}_{secret}</c>: the tenant and
/// key id locate the stored hash with one point read; the 256-bit secret is compared by its SHA-256 in constant time.
/// </summary>
public sealed class ApiKeyService(ApiKeyStore store, SecurityEventService securityEvents, TimeProvider clock)
{
    public const int MaxActiveKeysPerTenant = 100;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(730);

    /// <summary>Last-used times are written at most this often, so that a busy key does not write on every call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string Prefix = "dgh";

    /// <param name="creator">Whose permissions bound the key's scopes.</param>
    public async Task<Result<CreatedApiKey>> CreateAsync(
        string tenantId, NewApiKeyRequest request, Caller creator, WriteContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", "Name is required and at most 100 characters.");
        }
        var scopes = ValidateScopes(request.Scopes, creator, errors);
        var expiresAt = request.ExpiresAt ?? now + DefaultLifetime;
        if (expiresAt <= now || expiresAt > now + MaxLifetime)
        {
            errors.Add("expiresAt", $"Must be in the future and at most {MaxLifetime.TotalDays} days away.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }

        var active = (await store.ListAsync(tenantId, cancellationToken)).Count(key => IsUsable(key, now));
        if (active >= MaxActiveKeysPerTenant)
        {
            return Failure.Conflict("api-key-limit", $"A tenant may have at most {MaxActiveKeysPerTenant} active API keys; revoke one first.");
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(keyId, tenantId, name!, scopes, now, creator.Actor.Id, expiresAt, RevokedAt: null, LastUsedAt: null);
        await store.AddAsync(key, Hash(secret), cancellationToken);
        await securityEvents.RecordAsync(tenantId, SecurityEventType.ApiKeyCreated, context, keyId, new Dictionary<string, string>
        {
            ["scopes"] = string.Join(",", scopes),
            ["expiresAt"] = expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
        return new CreatedApiKey(key, $"{Prefix}_{tenantId}_{keyId}_{secret}");
    }

    public Task<IReadOnlyList<ApiKey>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, cancellationToken);

    public async Task<Result<ApiKey>> GetAsync(string tenantId, string keyId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, keyId, cancellationToken) is { } stored
            ? stored.Key
            : Failure.NotFound($"There is no API key '{keyId}'.");

    /// <summary>Revokes the key; revoking a revoked key changes nothing.</summary>
    public async Task<Result<ApiKey>> RevokeAsync(string tenantId, string keyId, WriteContext context, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, keyId, cancellationToken) is not { } stored)
        {
            return Failure.NotFound($"There is no API key '{keyId}'.");
        }
        if (stored.Key.RevokedAt is not null)
        {
            return stored.Key;
        }
        var revoked = stored.Key with { RevokedAt = clock.GetUtcNowForStorage() };
        await store.UpdateAsync(revoked, cancellationToken);
        await securityEvents.RecordAsync(tenantId, SecurityEventType.ApiKeyRevoked, context, keyId, null, cancellationToken);
        return revoked;
    }

    /// <summary>Checks a presented key. The failure codes differ for diagnosis; callers answer every one the same way.</summary>
    public async Task<Result<ApiKey>> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        var parts = presented.Split('_');
        if (parts is not [Prefix, var tenantId, var keyId, var secret] || !TenantIds.IsValid(tenantId) || keyId.Length != 16 || secret.Length != 64)
        {
            return Invalid("api-key-malformed");
        }
        if (await store.GetAsync(tenantId, keyId, cancellationToken) is not { } stored
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(stored.SecretHash)))
        {
            return Invalid("api-key-unknown");
        }
        var now = clock.GetUtcNowForStorage();
        if (stored.Key.RevokedAt is not null)
        {
            return Invalid("api-key-revoked");
        }
        if (stored.Key.ExpiresAt <= now)
        {
            return Invalid("api-key-expired");
        }
        if (stored.Key.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await store.UpdateAsync(stored.Key with { LastUsedAt = now }, cancellationToken);
        }
        return stored.Key;
    }

    private static List<string> ValidateScopes(IReadOnlyList<string>? requested, Caller creator, FieldErrors errors)
    {
        if (requested is null || requested.Count == 0)
        {
            errors.Add("scopes", $"At least one scope is required: {string.Join(", ", Permissions.ApiKeyScopes)}.");
            return [];
        }
        var scopes = new List<string>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (!Permissions.TryParseScope(requested[i], out var permission) || !permission.IsGrantableToApiKeys())
            {
                errors.Add($"scopes[{i}]", "Unknown scope.");
            }
            else if (!creator.Has(permission))
            {
                errors.Add($"scopes[{i}]", "You cannot grant a permission you do not hold.");
            }
            else if (!scopes.Contains(requested[i]))
            {
                scopes.Add(requested[i]);
            }
        }
        return scopes;
    }

    private static bool IsUsable(ApiKey key, DateTimeOffset now) => key.RevokedAt is null && key.ExpiresAt > now;

    private static Failure Invalid(string code) => new(FailureKind.Forbidden, code, "The API key is not valid.");

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));
}
