using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Team.TeamApi;

namespace DataGovernance.Tests.Team;

/// <summary>Who may change whose roles: Owner only by Owners, never the last active Owner, never one's own.</summary>
public sealed class RoleRuleTests(HubFixture hub)
{
    private static readonly string[] OwnerOnly = ["Owner"];
    private static readonly string[] AdminOnly = ["Admin"];

    [Fact]
    public async Task Admin_CannotGrantOrWithdrawOwner_ButAssignsOtherRoles()
    {
        var tenant = await hub.CreateTenantAsync();
        var (owner, admin) = (hub.As(tenant, "boss", Role.Owner), hub.As(tenant, "helper", Role.Admin));
        var (alice, carol) = (NewUserId(), NewUserId());
        await owner.AssignAsync(tenant, alice, Role.Owner);
        await owner.AssignAsync(tenant, NewUserId(), Role.Owner);

        await (await admin.PutAsJsonAsync($"{Assignments(tenant)}/{carol}", new { roles = OwnerOnly }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "owner-required");
        await (await admin.PutAsJsonAsync($"{Assignments(tenant)}/{alice}", new { roles = AdminOnly }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "owner-required");
        await (await admin.DeleteAsync($"{Assignments(tenant)}/{alice}", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "owner-required");
        await (await admin.PostAsync($"{Users(tenant)}/{alice}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "owner-required");

        using (var platform = hub.PlatformAdmin())
        {
            await platform.AssignAsync(tenant, NewUserId(), Role.Owner);
        }
        var assigned = await admin.AssignAsync(tenant, carol, Role.Auditor, Role.ComplianceManager);
        Assert.Equal(["Auditor", "ComplianceManager"], assigned.GetProperty("roles").Strings());
        var alices = await (await owner.GetAsync($"{Users(tenant)}/{alice}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(OwnerOnly, alices.GetProperty("roles").Strings());
        Assert.Equal("Active", alices.GetProperty("status").GetString());
    }

    [Fact]
    public async Task LastActiveOwner_CannotBeDemotedRemovedOrDeactivated_UntilThereIsAnother()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var (alice, bob) = (NewUserId(), NewUserId());
        await owner.AssignAsync(tenant, alice, Role.Owner);

        await (await owner.PutAsJsonAsync($"{Assignments(tenant)}/{alice}", new { roles = AdminOnly }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "last-owner");
        await (await owner.DeleteAsync($"{Assignments(tenant)}/{alice}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "last-owner");
        await (await owner.PostAsync($"{Users(tenant)}/{alice}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "last-owner");

        // A deactivated Owner does not count as another active one.
        await owner.AssignAsync(tenant, bob, Role.Owner);
        await (await owner.PostAsync($"{Users(tenant)}/{bob}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutAsJsonAsync($"{Assignments(tenant)}/{alice}", new { roles = AdminOnly }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "last-owner");

        await (await owner.PostAsync($"{Users(tenant)}/{bob}/reactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var demoted = await owner.AssignAsync(tenant, alice, Role.Admin);
        Assert.Equal(AdminOnly, demoted.GetProperty("roles").Strings());
        await (await owner.PutAsJsonAsync($"{Assignments(tenant)}/{bob}", new { roles = AdminOnly }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "last-owner");
    }

    [Fact]
    public async Task NobodyChangesTheirOwnRoles_OrDeactivatesThemselves()
    {
        var tenant = await hub.CreateTenantAsync();
        var (alice, bob) = (NewUserId(), NewUserId());
        using var owner = hub.As(tenant, "boss", Role.Owner);
        await owner.AssignAsync(tenant, alice, Role.Owner);
        await owner.AssignAsync(tenant, bob, Role.Owner);
        using var self = hub.As(tenant, alice, Role.Owner);

        await (await self.PutAsJsonAsync($"{Assignments(tenant)}/{alice}", new { roles = AdminOnly }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "cannot-change-own-roles");
        await (await self.DeleteAsync($"{Assignments(tenant)}/{alice}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "cannot-change-own-roles");
        await (await self.PostAsync($"{Users(tenant)}/{alice}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "cannot-deactivate-self");

        var unchanged = await (await owner.GetAsync($"{Users(tenant)}/{alice}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(OwnerOnly, unchanged.GetProperty("roles").Strings());
        Assert.Equal("Active", unchanged.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RoleChanges_AndTheirRefusals_AreAudited()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        using var admin = hub.As(tenant, "helper", Role.Admin);
        var carol = NewUserId();
        await owner.AssignAsync(tenant, carol, Role.Auditor);
        await (await admin.PutAsJsonAsync($"{Assignments(tenant)}/{carol}", new { roles = OwnerOnly }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "owner-required");

        using var auditor = hub.PlatformAdmin();
        var entries = await auditor.TenantAuditAsync(tenant, Ct, "action=SetRoleAssignment");
        Assert.Equal(2, entries.Count);
        Assert.Equal(("user:helper", 403, "owner-required"), (entries[0].Text("actor"), entries[0].StatusCode(), entries[0].Reason()));
        Assert.Equal(("user:boss", 200, (string?)null), (entries[1].Text("actor"), entries[1].StatusCode(), entries[1].Reason()));
    }
}
