using System.Security.Cryptography;
using System.Text;
using DataGovernance.Security;

namespace DataGovernance.Accounts;

/// <summary>
/// A person who signs in to the hub with a password (tenants without an identity provider). <see cref="Id"/> is
/// their user id everywhere else (roles, sessions, MFA devices). <see cref="InvitedRoles"/> are the roles the
/// invitation granted, re-applied at sign-in if the grant was never recorded.
/// </summary>
public sealed record HubAccount(
    string Id,
    string TenantId,
    string Email,
    string? DisplayName,
    string PasswordHash,
    IReadOnlyList<Role> InvitedRoles,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt);

public enum InvitationStatus
{
    Pending,
    Accepted,
    Revoked,
}

/// <summary>An invitation to create a hub account. Its token is shown once; only a hash of the secret is kept.</summary>
public sealed record Invitation(
    string Id,
    string TenantId,
    string Email,
    string? DisplayName,
    IReadOnlyList<Role> Roles,
    InvitationStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt,
    string? AccountId)
{
    public bool IsExpired(DateTimeOffset now) => Status == InvitationStatus.Pending && now >= ExpiresAt;
}

public static class AccountEmails
{
    /// <summary>The form addresses are compared and looked up in: trimmed and lower-case.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static bool IsValid(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(email.Trim(), out var parsed)
        && parsed.Address == email.Trim() && parsed.Host.Contains('.');

    /// <summary>A stable key for an address that reveals nothing about it (row keys, attempt counters, security events).</summary>
    public static string Key(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(email))))[..32];
}
