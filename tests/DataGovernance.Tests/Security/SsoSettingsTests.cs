using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Entra SSO settings: their API, and what they change for real tokens from the local issuer.</summary>
public sealed class SsoSettingsTests(HubFixture hub)
{
    private static readonly string[] ContosoOnly = ["contoso.com"];

    private static readonly string[] AuditorOnly = ["Auditor"];

    private static readonly string[] TwoDomains = ["Contoso.com", "fabrikam.co.uk."];

    private static readonly string[] BadDomains = ["contoso.com", "https://contoso.com", "*.contoso.com", "CONTOSO.com", "localhost"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Url(string tenant) => $"/api/tenants/{tenant}/security/sso";

    private static string Records(string tenant) => $"/api/tenants/{tenant}/records/controls";

    private static string Team(string tenant) => $"/api/tenants/{tenant}/team/role-assignments";

    private static string NewGuid() => Guid.NewGuid().ToString();

    private HttpClient EntraClient(string directory, string user, string[]? roles = null, string[]? groups = null, string? userName = null) =>
        hub.WithBearer(hub.Entra.CreateAccessToken(directory, user, roles, groups: groups, userName: userName));

    /// <summary>A tenant connected to a fresh directory, with <paramref name="settings"/> stored by its owner.</summary>
    private async Task<(string Tenant, string Directory)> TenantWithSsoAsync(object settings)
    {
        var directory = NewGuid();
        var tenant = await hub.CreateTenantAsync(directory);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Url(tenant), settings, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        return (tenant, directory);
    }

    private async Task<JsonElement[]> AssignmentsAsync(string tenant)
    {
        using var owner = hub.TenantClient(tenant, Role.Owner);
        return [.. (await (await owner.GetAsync(Team(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray()];
    }

    [Fact]
    public async Task Owner_ReadsEmptySettings_WithTheDirectoryId_ThenReplacesThem()
    {
        var directory = NewGuid();
        var tenant = await hub.CreateTenantAsync(directory);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var group = NewGuid();

        var empty = await owner.GetAsync(Url(tenant), Ct);
        Assert.Equal("\"0\"", empty.Headers.ETag!.Tag);
        var before = await empty.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(directory, before.GetProperty("directoryId").GetString());
        Assert.Equal(0, before.GetProperty("allowedDomains").GetArrayLength());
        Assert.False(before.GetProperty("justInTimeProvisioning").GetBoolean());

        var replaced = await owner.PutJsonAsync(Url(tenant), new
        {
            allowedDomains = TwoDomains,
            justInTimeProvisioning = true,
            groupRoles = new[] { new { groupId = group.ToUpperInvariant(), role = "Admin" } },
            defaultRole = "Member",
        }, "\"0\"", Ct);

        var body = await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", replaced.Headers.ETag!.Tag);
        Assert.Equal(["contoso.com", "fabrikam.co.uk"], body.GetProperty("allowedDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(group, body.GetProperty("groupRoles")[0].GetProperty("groupId").GetString());
        Assert.Equal("Admin", body.GetProperty("groupRoles")[0].GetProperty("role").GetString());
        Assert.Equal("Member", body.GetProperty("defaultRole").GetString());
        Assert.Equal(directory, body.GetProperty("directoryId").GetString());
        var read = await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, read.GetProperty("version").GetInt64());
        Assert.True(read.GetProperty("justInTimeProvisioning").GetBoolean());
    }

    [Fact]
    public async Task Replace_WithoutOrWithStaleIfMatch_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync(NewGuid());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var settings = new { justInTimeProvisioning = false };

        await (await owner.PutJsonAsync(Url(tenant), settings, ifMatch: null, Ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        await (await owner.PutJsonAsync(Url(tenant), settings, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(Url(tenant), settings, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
    }

    [Fact]
    public async Task InvalidSettings_Return422WithFieldErrors_AndStoreNothing()
    {
        var tenant = await hub.CreateTenantAsync(NewGuid());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var group = NewGuid();

        var problem = await (await owner.PutJsonAsync(Url(tenant), new
        {
            allowedDomains = BadDomains,
            groupRoles = new object[]
            {
                new { groupId = group, role = "Admin" },
                new { groupId = group.ToUpperInvariant(), role = "Member" },
                new { groupId = "not-a-guid", role = "Auditor" },
                new { groupId = NewGuid(), role = "PlatformAdmin" },
                new { groupId = NewGuid(), role = "Superuser" },
            },
            defaultRole = "PlatformOperator",
        }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var fields = problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "allowedDomains[1]", "allowedDomains[2]", "allowedDomains[3]", "allowedDomains[4]", "defaultRole",
                "groupRoles[1].groupId", "groupRoles[2].groupId", "groupRoles[3].role", "groupRoles[4].role", "justInTimeProvisioning",
            ],
            fields);
        var tooMany = Enumerable.Range(0, SsoSettings.MaxGroupRoles + 1).Select(_ => new { groupId = NewGuid(), role = "Member" }).ToArray();
        var tooManyProblem = await (await owner.PutJsonAsync(Url(tenant), new { justInTimeProvisioning = false, groupRoles = tooMany }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Single(tooManyProblem.FieldErrors("groupRoles"));
        Assert.Equal(0, (await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AnotherTenantsOwner_GetsNotFound_OnBothRoutes()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(NewGuid()), await hub.CreateTenantAsync());
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync(Url(tenant), new { justInTimeProvisioning = true, defaultRole = "Owner" }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.NotFound, "not-found");

        using var owner = hub.TenantClient(tenant, Role.Owner);
        Assert.Equal(0, (await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Auditor_ReadsTheSettings_ButCannotReplaceThem()
    {
        var tenant = await hub.CreateTenantAsync(NewGuid());
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await auditor.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PutJsonAsync(Url(tenant), new { justInTimeProvisioning = true, defaultRole = "Owner" }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, (await (await auditor.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task GroupMapping_GrantsTheMappedRole_OnlyToMembers_AndIsNotRecorded()
    {
        var (admins, members) = (NewGuid(), NewGuid());
        var (tenant, directory) = await TenantWithSsoAsync(new
        {
            justInTimeProvisioning = false,
            groupRoles = new[] { new { groupId = admins, role = "Admin" }, new { groupId = members, role = "Member" } },
        });
        var (admin, member, outsider) = (NewGuid(), NewGuid(), NewGuid());
        using var adminClient = EntraClient(directory, admin, groups: [NewGuid(), admins.ToUpperInvariant()]);
        using var memberClient = EntraClient(directory, member, groups: [members]);
        using var outsiderClient = EntraClient(directory, outsider, groups: [NewGuid()]);

        await (await adminClient.GetAsync(Team(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await adminClient.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await memberClient.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await memberClient.GetAsync(Team(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await outsiderClient.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await AssignmentsAsync(tenant));
    }

    [Fact]
    public async Task UserFromADomainOutsideTheAllowedOnes_Gets403DomainNotAllowed_EvenWithAnAppRole()
    {
        var (tenant, directory) = await TenantWithSsoAsync(new { allowedDomains = ContosoOnly, justInTimeProvisioning = false });
        var before = await hub.StateAsync(tenant);

        using (var allowed = EntraClient(directory, NewGuid(), ["Owner"], userName: "alice@CONTOSO.com"))
        {
            await (await allowed.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        }
        foreach (var userName in new[] { "mallory@fabrikam.com", "eve@sub.contoso.com", "contoso.com" })
        {
            using var refused = EntraClient(directory, NewGuid(), ["Owner"], userName: userName);
            await (await refused.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "domain-not-allowed");
            await (await refused.PostAsJsonAsync(Records(tenant), TenantProbe.Control, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "domain-not-allowed");
        }
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task JustInTime_WithADefaultRole_LetsANewUserIn_AndRecordsThemInTeam()
    {
        var (tenant, directory) = await TenantWithSsoAsync(new { justInTimeProvisioning = true, defaultRole = "Member" });
        var user = NewGuid();
        using var client = EntraClient(directory, user);

        await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await client.GetAsync(Team(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var recorded = Assert.Single(await AssignmentsAsync(tenant));
        Assert.Equal(user, recorded.GetProperty("userId").GetString());
        Assert.Equal(["Member"], recorded.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal("system:jit", recorded.GetProperty("updatedBy").GetString());
    }

    [Fact]
    public async Task JustInTime_KeepsAnAssignmentAnAdminMade()
    {
        var (tenant, directory) = await TenantWithSsoAsync(new { justInTimeProvisioning = true, defaultRole = "Member" });
        var user = NewGuid();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutAsJsonAsync($"{Team(tenant)}/{user}", new { roles = AuditorOnly }, Ct)).ExpectAsync(HttpStatusCode.OK);
        using var client = EntraClient(directory, user);

        await (await client.GetAsync(Team(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        var kept = Assert.Single(await AssignmentsAsync(tenant));
        Assert.Equal(["Auditor"], kept.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
    }

    [Fact]
    public async Task WithoutJustInTime_ANewUserWithoutRoles_IsForbidden_AndNotRecorded()
    {
        var (tenant, directory) = await TenantWithSsoAsync(new { justInTimeProvisioning = false, defaultRole = "Member" });
        using var client = EntraClient(directory, NewGuid(), groups: [NewGuid()]);

        await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await AssignmentsAsync(tenant));
    }

    [Fact]
    public async Task WithoutSsoSettings_SignInIsUnchanged_GroupsGrantNothing_AndAnyDomainMaySignIn()
    {
        var directory = NewGuid();
        var tenant = await hub.CreateTenantAsync(directory);
        using var withGroups = EntraClient(directory, NewGuid(), groups: [NewGuid()], userName: "someone@anywhere.example");
        using var withAppRole = EntraClient(directory, NewGuid(), ["Auditor"], userName: "someone@anywhere.example");

        await (await withGroups.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await withAppRole.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(await AssignmentsAsync(tenant));
    }

    [Fact]
    public async Task ChangedSettings_ApplyToTheNextRequest()
    {
        var group = NewGuid();
        var (tenant, directory) = await TenantWithSsoAsync(new { justInTimeProvisioning = false });
        using var client = EntraClient(directory, NewGuid(), groups: [group]);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var mapping = new { justInTimeProvisioning = false, groupRoles = new[] { new { groupId = group, role = "Auditor" } } };
        await (await owner.PutJsonAsync(Url(tenant), mapping, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }
}
