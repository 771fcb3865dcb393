namespace DataGovernance.Settings;

/// <summary>A tenant's API key as listed: never the secret, which is shown once at creation and stored only as a hash.</summary>
public sealed record ApiKey(
    string Id,
    string TenantId,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>The answer to a key creation: the key and, this once, its full secret value.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Body of <c>POST …/settings/api-keys</c>.</summary>
public sealed record NewApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt);
