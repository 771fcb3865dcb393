using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Accounts;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>Invitations and accepting them: single use, expiry, the password rules and how passwords are kept.</summary>
public sealed class InvitationTests(HubFixture hub)
{
    private static readonly string[] OwnerAndJanitor = ["Owner", "Janitor"];

    private static readonly string[] MemberOnly = ["Member"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invitation_Accepted_CreatesAnAccountWithTheInvitedRoles_ThatSignsIn()
    {
        var tenant = await hub.CreateTenantAsync();
        var email = AccountsApi.UniqueEmail("ada");
        var token = await hub.InviteAsync(tenant, email, Role.ComplianceManager);

        var accepted = await (await hub.AcceptAsync(token, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Created);
        var account = await hub.SignedInAsync(tenant, email.ToUpperInvariant());

        Assert.Equal(accepted.GetProperty("userId").GetString(), account.UserId);
        using var client = hub.Client(account);
        await (await client.GetAsync($"/api/tenants/{tenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/tenants/{tenant}/settings/api-keys", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var assignment = await (await owner.GetAsync($"/api/tenants/{tenant}/team/role-assignments/{account.UserId}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ComplianceManager", assignment.GetProperty("roles")[0].GetString());
        Assert.Equal(email, assignment.GetProperty("email").GetString());
        var invitations = await (await owner.GetAsync($"/api/tenants/{tenant}/team/invitations", Ct)).ExpectAsync(HttpStatusCode.OK);
        var listed = Assert.Single(invitations.EnumerateArray());
        Assert.Equal("Accepted", listed.GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Invitation_WorksOnce_AndNotAfterItExpiredOrWasWithdrawn()
    {
        var tenant = await hub.CreateTenantAsync();
        var token = await hub.InviteAsync(tenant, AccountsApi.UniqueEmail(), Role.Member);
        await (await hub.AcceptAsync(token, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Created);
        await (await hub.AcceptAsync(token, "another good passphrase")).ExpectAsync(HttpStatusCode.Conflict, "invitation-used");

        var expiring = await hub.InviteAsync(tenant, AccountsApi.UniqueEmail(), Role.Member);
        var invitationId = expiring.Split('.')[1];
        await hub.PrimaryTable(StorageNames.UsersTable).UpdateEntityAsync(
            new TableEntity(tenant, "invitation|" + invitationId) { ["ExpiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1) }, Azure.ETag.All, TableUpdateMode.Merge, Ct);
        await (await hub.AcceptAsync(expiring, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Conflict, "invitation-expired");

        var withdrawn = await hub.InviteAsync(tenant, AccountsApi.UniqueEmail(), Role.Member);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.DeleteAsync($"/api/tenants/{tenant}/team/invitations/{withdrawn.Split('.')[1]}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await hub.AcceptAsync(withdrawn, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Conflict, "invitation-used");

        var forged = $"{tenant}.{invitationId}.{AccountTokens.NewSecret()}";
        await (await hub.AcceptAsync(forged, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-invitation");
        await (await hub.AcceptAsync("not-a-token", AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-invitation");
    }

    [Theory]
    [InlineData("short pass1")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("Password2024!!")]
    [InlineData("abcabcabcabc")]
    public async Task Accept_WithAWeakPassword_Returns422_AndCreatesNothing(string password)
    {
        var tenant = await hub.CreateTenantAsync();
        var token = await hub.InviteAsync(tenant, AccountsApi.UniqueEmail(), Role.Member);

        var problem = await (await hub.AcceptAsync(token, password)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Single(problem.FieldErrors("password"));
        await (await hub.AcceptAsync(token, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public void PasswordPolicy_HasNoCompositionRules_ButRefusesCommonAndGuessablePasswords()
    {
        Assert.True(CommonPasswords.Count > 40_000);
        Assert.False(PasswordPolicy.Check("correct horse battery staple", "password", "ada@example.org").Any);
        Assert.False(PasswordPolicy.Check("ÄÖÜäöüßÄÖÜäö", "password", "ada@example.org").Any);
        Assert.True(PasswordPolicy.Check("elevenchars", "password", "ada@example.org").Any);
        Assert.True(PasswordPolicy.Check("qwertyuiop123", "password", "ada@example.org").Any);
        Assert.True(PasswordPolicy.Check("!!Sunshine2025", "password", "ada@example.org").Any);
        Assert.True(PasswordPolicy.Check("lovelace.ada.1815", "password", "lovelace.ada@example.org").Any);
        Assert.True(PasswordPolicy.Check(new string('x', 129), "password", "ada@example.org").Any);
    }

    [Fact]
    public async Task Passwords_AreKeptOnlyAsPbkdf2Hashes()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, userId) = await hub.CreateAccountAsync(tenant, Role.Member);

        var row = (await hub.PrimaryTable(StorageNames.UsersTable).GetEntityAsync<TableEntity>(tenant, "account|" + userId, cancellationToken: Ct)).Value;

        var hash = Convert.FromBase64String(row.GetString("PasswordHash")!);
        Assert.Equal(0x01, hash[0]); // ASP.NET Core Identity v3 format: PBKDF2 with a random salt
        Assert.DoesNotContain(row.Select(pair => pair.Value).OfType<string>(), value => value.Contains("kettle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invite_Validates_AndOnlyAnOwnerInvitesAnOwner()
    {
        var tenant = await hub.CreateTenantAsync();
        using var admin = hub.TenantClient(tenant, Role.Admin);

        var bad = await admin.PostAsJsonAsync($"/api/tenants/{tenant}/team/invitations", new { email = "not-an-address", roles = OwnerAndJanitor }, Ct);

        var problem = await bad.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Single(problem.FieldErrors("email"));
        Assert.Equal(["Only an Owner may invite an Owner."], problem.FieldErrors("roles"));
        Assert.Single(problem.FieldErrors("roles[1]"));

        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var again = await admin.PostAsJsonAsync($"/api/tenants/{tenant}/team/invitations", new { email, roles = MemberOnly }, Ct);
        await again.ExpectAsync(HttpStatusCode.Conflict, "account-exists");
    }
}
