using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Team.TeamApi;

namespace DataGovernance.Tests.Team;

/// <summary>Team › users: listing with filters, one member, what admins note about them, deactivation.</summary>
public sealed class TeamMemberTests(HubFixture hub)
{
    [Fact]
    public async Task Members_AreListedWithFilters_AndPaged()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var department = (await owner.CreateDepartmentAsync(tenant, "Legal")).GetProperty("id").GetString()!;
        var (ada, ben, cy) = ("ada", "ben", "cy");
        await owner.AssignAsync(tenant, ada, Role.Auditor);
        await owner.AssignAsync(tenant, ben, Role.Member, Role.Auditor);
        await owner.AssignAsync(tenant, cy, Role.Member);
        await (await owner.SendJsonAsync(HttpMethod.Patch, $"{Users(tenant)}/{ben}", new { departmentId = department }, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PostAsync($"{Users(tenant)}/{cy}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["ada", "ben", "cy"], await IdsAsync(owner, Users(tenant)));
        Assert.Equal(["ada", "ben", "cy"], await IdsAsync(owner, $"{Users(tenant)}?pageSize=1"));
        Assert.Equal(["ada", "ben"], await IdsAsync(owner, $"{Users(tenant)}?role=Auditor"));
        Assert.Equal(["ben"], await IdsAsync(owner, $"{Users(tenant)}?departmentId={department}"));
        Assert.Equal(["cy"], await IdsAsync(owner, $"{Users(tenant)}?status=Deactivated"));
        Assert.Equal(["ben"], await IdsAsync(owner, $"{Users(tenant)}?role=Member&status=Active"));

        var refused = await (await owner.GetAsync($"{Users(tenant)}?role=PlatformAdmin&status=Gone", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(refused.FieldErrors("role"));
        Assert.NotEmpty(refused.FieldErrors("status"));
    }

    [Fact]
    public async Task Patch_SetsAndClearsProfileAndDepartment_UnderItsETag()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var department = (await owner.CreateDepartmentAsync(tenant, "Finance")).GetProperty("id").GetString()!;
        var user = NewUserId();
        await owner.AssignAsync(tenant, user, Role.Member);
        var url = $"{Users(tenant)}/{user}";

        var read = await owner.GetAsync(url, Ct);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        await (await owner.SendJsonAsync(HttpMethod.Patch, url, new { displayName = "Ada" }, null, Ct)).ExpectAsync((HttpStatusCode)428, "if-match-required");

        var patched = await owner.SendJsonAsync(HttpMethod.Patch, url, new { displayName = " Ada Lovelace ", email = "ada@contoso.com", departmentId = department }, "\"1\"", Ct);
        Assert.Equal("\"2\"", patched.Headers.ETag?.ToString());
        var member = await patched.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Ada Lovelace", "ada@contoso.com", department, 2L), (member.GetProperty("displayName").GetString(), member.GetProperty("email").GetString(),
            member.GetProperty("departmentId").GetString(), member.GetProperty("version").GetInt64()));
        Assert.Equal("user:boss", member.GetProperty("updatedBy").GetString());

        await (await owner.SendJsonAsync(HttpMethod.Patch, url, new { displayName = "Stale" }, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        var invalid = await (await owner.SendJsonAsync(HttpMethod.Patch, url, new { email = "not an address", departmentId = "dep-missing" }, "\"2\"", Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(invalid.FieldErrors("email"));
        Assert.NotEmpty(invalid.FieldErrors("departmentId"));

        var cleared = await (await owner.SendJsonAsync(HttpMethod.Patch, url, new { email = "", departmentId = "" }, "\"2\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Ada Lovelace", cleared.GetProperty("displayName").GetString());
        Assert.True(cleared.Lacks("email"));
        Assert.True(cleared.Lacks("departmentId"));

        await (await owner.GetAsync($"{Users(tenant)}/{NewUserId()}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.GetAsync($"{Users(tenant)}/not%20valid", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-user-id");
    }

    [Fact]
    public async Task DeactivatedUser_IsRefusedEverywhere_WithUserDeactivated_UntilReactivated()
    {
        var directory = Guid.NewGuid().ToString();
        var tenant = await hub.CreateTenantAsync(directory);
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var (devUser, entraUser) = (NewUserId(), Guid.NewGuid().ToString());
        await owner.AssignAsync(tenant, devUser, Role.Member);
        await owner.AssignAsync(tenant, entraUser, Role.Member);
        using var dev = hub.As(tenant, devUser, Role.Member);
        using var entra = hub.WithBearer(hub.Entra.CreateAccessToken(directory, entraUser));
        var records = $"/api/tenants/{tenant}/records/controls";
        await (await dev.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await entra.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.OK);

        foreach (var user in new[] { devUser, entraUser })
        {
            var deactivated = await (await owner.PostAsync($"{Users(tenant)}/{user}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("Deactivated", deactivated.GetProperty("status").GetString());
        }
        foreach (var client in new[] { dev, entra })
        {
            await (await client.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "user-deactivated");
            await (await client.GetAsync($"/api/tenants/{tenant}/settings/general", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "user-deactivated");
        }

        await (await owner.PostAsync($"{Users(tenant)}/{devUser}/reactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PostAsync($"{Users(tenant)}/{entraUser}/reactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await dev.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await entra.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.OK);

        using var auditor = hub.PlatformAdmin();
        var denials = await auditor.TenantAuditAsync(tenant, Ct, "outcome=Denied");
        Assert.Equal(4, denials.Count(entry => entry.Reason() == "user-deactivated" && entry.StatusCode() == 403));
    }

    [Fact]
    public async Task Member_IsRefusedEveryTeamManageRoute_AndAnotherTenant_SeesNoTeam()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var user = NewUserId();
        await owner.AssignAsync(tenant, user, Role.Member);
        var department = (await owner.CreateDepartmentAsync(tenant, "Ops")).GetProperty("id").GetString()!;
        var delegation = (await owner.DelegateAsync(tenant, user, Role.Auditor, DateTimeOffset.UtcNow.AddHours(1))).GetProperty("id").GetString()!;
        var before = await Security.TenantProbe.StateAsync(hub, tenant);

        var manageRoutes = new (HttpMethod Method, string Url, object? Body)[]
        {
            (HttpMethod.Put, $"{Assignments(tenant)}/{user}", new { roles = new[] { "Auditor" } }),
            (HttpMethod.Delete, $"{Assignments(tenant)}/{user}", null),
            (HttpMethod.Patch, $"{Users(tenant)}/{user}", new { displayName = "X" }),
            (HttpMethod.Post, $"{Users(tenant)}/{user}/deactivate", null),
            (HttpMethod.Post, $"{Users(tenant)}/{user}/reactivate", null),
            (HttpMethod.Post, Departments(tenant), new { name = "New" }),
            (HttpMethod.Patch, $"{Departments(tenant)}/{department}", new { name = "Renamed" }),
            (HttpMethod.Delete, $"{Departments(tenant)}/{department}", null),
            (HttpMethod.Post, Delegations(tenant), new { userId = user, role = "Member", expiresAt = DateTimeOffset.UtcNow.AddHours(1), reason = "x" }),
            (HttpMethod.Delete, $"{Delegations(tenant)}/{delegation}", null),
        };
        var readRoutes = new[] { Users(tenant), $"{Users(tenant)}/{user}", Departments(tenant), Delegations(tenant), Assignments(tenant) };
        using var member = hub.As(tenant, "someone", Role.Member);
        using var intruder = hub.TenantClient(other, Role.Owner);

        foreach (var (method, url, body) in manageRoutes)
        {
            await (await member.SendJsonAsync(method, url, body ?? new { }, "*", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await intruder.SendJsonAsync(method, url, body ?? new { }, "*", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        foreach (var url in readRoutes)
        {
            await (await member.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await intruder.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        Assert.Equal(before, await Security.TenantProbe.StateAsync(hub, tenant));
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string url) =>
        [.. (await client.ReadAllPagesAsync(url, Ct)).Select(member => member.GetProperty("userId").GetString()!)];
}
