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
