namespace DataGovernance.Security;

public enum CallerKind
{
    User,
    ApiKey,
    System,
}

/// <summary>Who did something, as written into change logs and audit entries (no names or e-mail addresses).</summary>
public readonly record struct Actor(string Id)
{
    public static Actor System(string component) => new($"system:{component}");

    public override string ToString() => Id;
}

/// <summary>An authenticated caller: an Entra or hub user, an API key or the hub itself.</summary>
public sealed record Caller(
    CallerKind Kind,
    string Id,
    string? TenantId,
    IReadOnlySet<Role> Roles,
    IReadOnlySet<Permission> Permissions)
{
    public bool IsPlatform => TenantId is null && Roles.Any(role => role.IsPlatform());

    /// <summary>The hub session of a hub account; null for other callers.</summary>
    public string? SessionId { get; init; }

    /// <summary>When this caller last proved a second factor to the hub (hub sessions).</summary>
    public DateTimeOffset? MfaVerifiedAt { get; init; }

    /// <summary>The identity provider's token says the sign-in used MFA (<c>amr</c> contains <c>mfa</c>).</summary>
    public bool MfaByIdentityProvider { get; init; }

    /// <summary>The tenant's policy requires MFA of this caller and the session has none yet: only enrollment is open.</summary>
    public bool MfaEnrollmentRequired { get; init; }

    /// <summary>Whether a second factor was proved recently enough for a sensitive action.</summary>
    public bool HasRecentMfa(DateTimeOffset now, TimeSpan window) =>
        MfaByIdentityProvider || (MfaVerifiedAt is { } verified && now - verified <= window);

    public Actor Actor => new(Kind switch
    {
        CallerKind.User => $"user:{Id}",
        CallerKind.ApiKey => $"apikey:{Id}",
        _ => $"system:{Id}",
    });

    public bool Has(Permission permission) => Permissions.Contains(permission);

    public static Caller ForUser(string userId, string? tenantId, IEnumerable<Role> roles)
    {
        var roleSet = roles.ToHashSet();
        return new Caller(CallerKind.User, userId, tenantId, roleSet, PermissionMatrix.For(roleSet));
    }
}
