using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Team.TeamApi;

namespace DataGovernance.Tests.Team;

/// <summary>Team › departments: unique names, nesting without cycles, and no deletion while members or sub-departments remain.</summary>
public sealed class DepartmentTests(HubFixture hub)
{
    [Fact]
    public async Task Departments_AreCreatedListedRenamedAndDeleted()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var manager = NewUserId();
        await owner.AssignAsync(tenant, manager, Role.Admin);

        var response = await owner.PostAsJsonAsync(Departments(tenant), new { name = "  Legal ", managerUserId = manager }, Ct);
        var legal = await response.ExpectAsync(HttpStatusCode.Created);
        var id = legal.GetProperty("id").GetString()!;
        Assert.Equal($"{Departments(tenant)}/{id}", response.Headers.Location?.ToString());
        Assert.Equal(("Legal", manager, true), (legal.GetProperty("name").GetString(), legal.GetProperty("managerUserId").GetString(), legal.Lacks("parentId")));
        var privacy = (await owner.CreateDepartmentAsync(tenant, "Privacy", parentId: id)).GetProperty("id").GetString()!;

        var renamed = await (await owner.PatchAsJsonAsync($"{Departments(tenant)}/{id}", new { name = "Legal & Compliance", managerUserId = "" }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(renamed.Lacks("managerUserId"));
        var list = await (await owner.GetAsync(Departments(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Legal & Compliance", "Privacy"], list.EnumerateArray().Select(department => department.GetProperty("name").GetString()!));
        Assert.Equal(id, list[1].GetProperty("parentId").GetString());

        await (await owner.DeleteAsync($"{Departments(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "department-has-subdepartments");
        await (await owner.DeleteAsync($"{Departments(tenant)}/{privacy}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.DeleteAsync($"{Departments(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.DeleteAsync($"{Departments(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await (await owner.GetAsync(Departments(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Names_AreUniquePerTenant_IgnoringCase_ButNotAcrossTenants()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.As(tenant, "boss", Role.Owner);
        await owner.CreateDepartmentAsync(tenant, "Finance");
        var it = (await owner.CreateDepartmentAsync(tenant, "IT")).GetProperty("id").GetString()!;

        await (await owner.PostAsJsonAsync(Departments(tenant), new { name = "FINANCE" }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "department-name-taken");
        await (await owner.PatchAsJsonAsync($"{Departments(tenant)}/{it}", new { name = "finance" }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "department-name-taken");
        using var otherOwner = hub.As(other, "boss", Role.Owner);
        await otherOwner.CreateDepartmentAsync(other, "Finance");
    }

    [Fact]
    public async Task Invalid_Parents_Managers_And_Names_Answer422()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var top = (await owner.CreateDepartmentAsync(tenant, "Top")).GetProperty("id").GetString()!;
        var child = (await owner.CreateDepartmentAsync(tenant, "Child", top)).GetProperty("id").GetString()!;

        var cycle = await (await owner.PatchAsJsonAsync($"{Departments(tenant)}/{top}", new { parentId = child }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(cycle.FieldErrors("parentId"));
        var invalid = await (await owner.PostAsJsonAsync(Departments(tenant), new { name = new string('x', 101), parentId = "dep-missing", managerUserId = NewUserId() }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(invalid.FieldErrors("name"));
        Assert.NotEmpty(invalid.FieldErrors("parentId"));
        Assert.NotEmpty(invalid.FieldErrors("managerUserId"));
        Assert.NotEmpty((await (await owner.PostAsJsonAsync(Departments(tenant), new { }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed")).FieldErrors("name"));
        await (await owner.PatchAsJsonAsync($"{Departments(tenant)}/dep-missing", new { name = "X" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task DepartmentWithMembers_IsNotDeleted_UntilTheyMove()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        var department = (await owner.CreateDepartmentAsync(tenant, "Sales")).GetProperty("id").GetString()!;
        var user = NewUserId();
        await owner.AssignAsync(tenant, user, Role.Member);
        await (await owner.SendJsonAsync(HttpMethod.Patch, $"{Users(tenant)}/{user}", new { departmentId = department }, "*", Ct)).ExpectAsync(HttpStatusCode.OK);

        await (await owner.DeleteAsync($"{Departments(tenant)}/{department}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "department-has-members");

        await (await owner.SendJsonAsync(HttpMethod.Patch, $"{Users(tenant)}/{user}", new { departmentId = "" }, "*", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.DeleteAsync($"{Departments(tenant)}/{department}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
    }
}
