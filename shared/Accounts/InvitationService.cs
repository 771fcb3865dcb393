using System.Security.Cryptography;
using System.Text;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Team;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Options;

namespace DataGovernance.Accounts;

public sealed record InvitationRequest(string? Email, string? DisplayName, IReadOnlyList<string>? Roles);

/// <summary>A new invitation and its token, which is shown this once.</summary>
public sealed record CreatedInvitation(Invitation Invitation, string Token);

public sealed record AcceptInvitationRequest(string? Token, string? Password, string? DisplayName);

/// <summary>The account an accepted invitation created.</summary>
public sealed record AcceptedInvitation(string TenantId, string UserId, string Email, IReadOnlyList<Role> Roles);

/// <summary>
/// Invitations to hub accounts: an admin invites an address with roles; the token (<c>tenant.invitation.secret</c>)
/// is good once, until it expires or is withdrawn, and accepting it with a password that passes
/// <see cref="PasswordPolicy"/> creates the account and grants the roles.
/// </summary>
public sealed class InvitationService(
    AccountStore accounts, AccountPasswords passwords, RoleAssignmentService roles, IOptions<AccountOptions> options, TimeProvider clock)
{
    public const int MaxDisplayNameLength = 100;

    public async Task<Result<CreatedInvitation>> CreateAsync(string tenantId, InvitationRequest request, Caller inviter, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!AccountEmails.IsValid(request.Email))
        {
            errors.Add("email", "A valid e-mail address is required.");
        }
        if (request.DisplayName is { Length: > MaxDisplayNameLength })
        {
            errors.Add("displayName", $"At most {MaxDisplayNameLength} characters.");
        }
        var granted = RoleAssignmentService.ParseRoles(request.Roles, errors);
        if (granted.Contains(Role.Owner) && !TeamRules.MayManageOwners(inviter))
        {
            errors.Add("roles", "Only an Owner may invite an Owner.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var email = AccountEmails.Normalize(request.Email!);
        if (await accounts.FindByEmailAsync(tenantId, email, cancellationToken) is not null)
        {
            return Failure.Conflict("account-exists", "This address already has an account in the tenant.");
        }
        var now = clock.GetUtcNowForStorage();
        var invitation = new Invitation(Guid.NewGuid().ToString("N"), tenantId, email, request.DisplayName?.Trim(), granted, InvitationStatus.Pending,
            now, inviter.Actor.Id, now + options.Value.InvitationLifetime, null, null);
        var secret = AccountTokens.NewSecret();
        await accounts.AddInvitationAsync(invitation, AccountTokens.HashSecret(secret), cancellationToken);
        return new CreatedInvitation(invitation, $"{tenantId}.{invitation.Id}.{secret}");
    }

    public Task<IReadOnlyList<Invitation>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        accounts.ListInvitationsAsync(tenantId, cancellationToken);

    public async Task<Result<Invitation>> RevokeAsync(string tenantId, string invitationId, CancellationToken cancellationToken)
    {
        if (await accounts.GetInvitationAsync(tenantId, invitationId, cancellationToken) is not var (invitation, etag))
        {
            return Failure.NotFound($"Invitation '{invitationId}' does not exist.");
        }
        if (invitation.Status != InvitationStatus.Pending)
        {
            return Failure.Conflict("invitation-used", $"The invitation is already {invitation.Status.ToString().ToLowerInvariant()}.");
        }
        var revoked = invitation with { Status = InvitationStatus.Revoked };
        return await accounts.UpdateInvitationAsync(revoked, etag, cancellationToken)
            ? revoked
            : Failure.PreconditionFailed("The invitation changed meanwhile; read it again.");
    }

    public async Task<Result<AcceptedInvitation>> AcceptAsync(AcceptInvitationRequest request, CancellationToken cancellationToken)
    {
        var parts = request.Token?.Split('.');
        if (parts is not { Length: 3 } || !TenantIds.IsValid(parts[0]) || parts[1].Length != 32)
        {
            return InvalidToken;
        }
        var (tenantId, invitationId, secret) = (parts[0], parts[1], parts[2]);
        var storedHash = await accounts.GetInvitationSecretHashAsync(tenantId, invitationId, cancellationToken);
        if (storedHash is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(AccountTokens.HashSecret(secret))))
        {
            return InvalidToken;
        }
        var (invitation, etag) = (await accounts.GetInvitationAsync(tenantId, invitationId, cancellationToken))!.Value;
        var now = clock.GetUtcNowForStorage();
        if (invitation.Status != InvitationStatus.Pending)
        {
            return Failure.Conflict("invitation-used", "This invitation has already been used or withdrawn.");
        }
        if (invitation.IsExpired(now))
        {
            return Failure.Conflict("invitation-expired", "This invitation has expired; ask for a new one.");
        }
        var errors = PasswordPolicy.Check(request.Password, "password", invitation.Email);
        if (request.DisplayName is { Length: > MaxDisplayNameLength })
        {
            errors.Add("displayName", $"At most {MaxDisplayNameLength} characters.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var account = new HubAccount("hub-" + invitation.Id, tenantId, invitation.Email, request.DisplayName?.Trim() ?? invitation.DisplayName,
            passwords.Hash(request.Password!), invitation.Roles, now, now);
        var accepted = invitation with { Status = InvitationStatus.Accepted, AcceptedAt = now, AccountId = account.Id };
        var created = await accounts.CreateFromInvitationAsync(accepted, etag, account, cancellationToken);
        if (!created.Succeeded)
        {
            return created.Failure;
        }
        var granted = await roles.ProvisionAsync(tenantId, MemberOf(account, invitation.CreatedBy), cancellationToken);
        return new AcceptedInvitation(tenantId, account.Id, account.Email, granted);
    }

    /// <summary>The team member an account becomes: its invited roles, name and address.</summary>
    public static TeamMember MemberOf(HubAccount account, string addedBy) =>
        TeamMember.New(account.Id, account.InvitedRoles, account.CreatedAt, new Actor(addedBy)) with
        {
            DisplayName = account.DisplayName,
            Email = account.Email,
        };

    private static Failure InvalidToken => Failure.BadRequest("invalid-invitation", "The invitation token is not valid.");
}
