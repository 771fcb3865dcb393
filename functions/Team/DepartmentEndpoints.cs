using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Team;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Team;

/// <summary>Team › departments.</summary>
public static class DepartmentEndpoints
{
    public static IEndpointRouteBuilder MapDepartments(this IEndpointRouteBuilder app)
    {
        var departments = app.MapGroup("/api/tenants/{tenantId}/team/departments").WithTags("Team");
        departments.MapGet("/", ListAsync).WithName("ListDepartments").RequirePermission(Permission.TeamRead)
            .WithSummary("List the tenant's departments, by name");
        departments.MapPost("/", CreateAsync).WithName("CreateDepartment").RequirePermission(Permission.TeamManage)
            .WithSummary("Create a department (name unique in the tenant)");
        departments.MapPatch("/{departmentId}", UpdateAsync).WithName("UpdateDepartment").RequirePermission(Permission.TeamManage)
            .WithSummary("Rename a department, or change its parent or manager");
        departments.MapDelete("/{departmentId}", DeleteAsync).WithName("DeleteDepartment").RequirePermission(Permission.TeamManage)
            .WithSummary("Delete a department that has no members and no sub-departments");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Department>>> ListAsync(string tenantId, DepartmentService departments, CancellationToken cancellationToken) =>
        TypedResults.Ok(await departments.ListAsync(tenantId, cancellationToken));

    private static async Task<Results<Created<Department>, ProblemHttpResult>> CreateAsync(
        string tenantId, DepartmentRequest body, RequestContext request, DepartmentService departments, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await departments.CreateAsync(tenantId, body, request.Caller.Actor, cancellationToken);
        return Problems.CreatedOr(http, created, value => $"/api/tenants/{tenantId}/team/departments/{value.Id}");
    }

    private static async Task<Results<Ok<Department>, ProblemHttpResult>> UpdateAsync(
        string tenantId, string departmentId, DepartmentRequest body, RequestContext request, DepartmentService departments, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await departments.UpdateAsync(tenantId, departmentId, body, request.Caller.Actor, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string departmentId, DepartmentService departments, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await departments.DeleteAsync(tenantId, departmentId, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }
}
