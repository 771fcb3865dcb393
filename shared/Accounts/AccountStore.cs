using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Accounts;

/// <summary>
/// Hub accounts and invitations in the <c>Users</c> table, partition = tenant id: an <c>account|id</c> row per
/// account, an <c>email|key</c> row per address (so an address has at most one account) and an
/// <c>invitation|id</c> row per invitation. Accepting an invitation writes all three in one entity-group transaction.
/// </summary>
public sealed class AccountStore(HubStorage storage)
{
    private const string AccountPrefix = "account|";
    private const string EmailPrefix = "email|";
    private const string InvitationPrefix = "invitation|";

    private TableClient Table => storage.Primary.Table(StorageNames.UsersTable);

    public async Task<HubAccount?> GetAsync(string tenantId, string accountId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, AccountPrefix + accountId, cancellationToken: cancellationToken);
        return row.HasValue ? ToAccount(row.Value!) : null;
    }

    public async Task<HubAccount?> FindByEmailAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, EmailPrefix + AccountEmails.Key(email), cancellationToken: cancellationToken);
        return row.HasValue ? await GetAsync(tenantId, row.Value!.GetString("AccountId")!, cancellationToken) : null;
    }

    public async Task<(Invitation Invitation, ETag ETag)?> GetInvitationAsync(string tenantId, string invitationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, InvitationPrefix + invitationId, cancellationToken: cancellationToken);
        return row.HasValue ? (ToInvitation(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>The hash of the invitation's secret, kept apart from <see cref="Invitation"/> so that it never reaches a response.</summary>
    public async Task<string?> GetInvitationSecretHashAsync(string tenantId, string invitationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, InvitationPrefix + invitationId, ["SecretHash"], cancellationToken);
        return row.HasValue ? row.Value!.GetString("SecretHash") : null;
    }

    public async Task<IReadOnlyList<Invitation>> ListInvitationsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {InvitationPrefix} and RowKey lt {RowKeys.PrefixEnd(InvitationPrefix)}");
        var invitations = new List<Invitation>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            invitations.Add(ToInvitation(row));
        }
        return invitations;
    }

    public async Task AddInvitationAsync(Invitation invitation, string secretHash, CancellationToken cancellationToken)
    {
        var entity = ToEntity(invitation);
        entity["SecretHash"] = secretHash;
        await Table.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>Replaces the invitation if unchanged since read; false when someone else changed it meanwhile.</summary>
    public async Task<bool> UpdateInvitationAsync(Invitation invitation, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(invitation), etag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks the invitation accepted and creates the account with its address in one transaction: either all three
    /// rows change or none does, so an invitation is used at most once and an address has at most one account.
    /// </summary>
    public async Task<Result<HubAccount>> CreateFromInvitationAsync(
        Invitation accepted, ETag invitationETag, HubAccount account, CancellationToken cancellationToken)
    {
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateMerge, ToEntity(accepted), invitationETag),
            new(TableTransactionActionType.Add, ToEntity(account)),
            new(TableTransactionActionType.Add, new TableEntity(account.TenantId, EmailPrefix + AccountEmails.Key(account.Email)) { ["AccountId"] = account.Id }),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return account;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0)
        {
            return Failure.Conflict("invitation-used", "This invitation has already been used or withdrawn.");
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return Failure.Conflict("account-exists", "An account with this e-mail address already exists; sign in instead.");
        }
    }

    public async Task ReplacePasswordHashAsync(HubAccount account, CancellationToken cancellationToken) =>
        await Table.UpdateEntityAsync(new TableEntity(account.TenantId, AccountPrefix + account.Id)
        {
            ["PasswordHash"] = account.PasswordHash,
            ["PasswordChangedAt"] = account.PasswordChangedAt,
        }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    private static TableEntity ToEntity(HubAccount account) => new(account.TenantId, AccountPrefix + account.Id)
    {
        ["Email"] = account.Email,
        ["DisplayName"] = account.DisplayName,
        ["PasswordHash"] = account.PasswordHash,
        ["InvitedRoles"] = string.Join(' ', account.InvitedRoles),
        ["CreatedAt"] = account.CreatedAt,
        ["PasswordChangedAt"] = account.PasswordChangedAt,
    };

    private static HubAccount ToAccount(TableEntity row) => new(
        row.RowKey[AccountPrefix.Length..],
        row.PartitionKey,
        row.GetString("Email")!,
        row.GetString("DisplayName"),
        row.GetString("PasswordHash")!,
        ParseRoles(row.GetString("InvitedRoles")),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetDateTimeOffset("PasswordChangedAt") ?? default);

    private static TableEntity ToEntity(Invitation invitation) => new(invitation.TenantId, InvitationPrefix + invitation.Id)
    {
        ["Email"] = invitation.Email,
        ["DisplayName"] = invitation.DisplayName,
        ["Roles"] = string.Join(' ', invitation.Roles),
        ["Status"] = invitation.Status.ToString(),
        ["CreatedAt"] = invitation.CreatedAt,
        ["CreatedBy"] = invitation.CreatedBy,
        ["ExpiresAt"] = invitation.ExpiresAt,
        ["AcceptedAt"] = invitation.AcceptedAt,
        ["AccountId"] = invitation.AccountId,
    };

    private static Invitation ToInvitation(TableEntity row) => new(
        row.RowKey[InvitationPrefix.Length..],
        row.PartitionKey,
        row.GetString("Email")!,
        row.GetString("DisplayName"),
        ParseRoles(row.GetString("Roles")),
        Enum.Parse<InvitationStatus>(row.GetString("Status")!),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetString("CreatedBy") ?? "",
        row.GetDateTimeOffset("ExpiresAt") ?? default,
        row.GetDateTimeOffset("AcceptedAt"),
        row.GetString("AccountId"));

    private static List<Role> ParseRoles(string? roles) =>
        (roles ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList();
}
