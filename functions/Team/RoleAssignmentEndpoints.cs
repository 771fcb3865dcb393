using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Team;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Team;

/// <summary>Team › role assignments: the hub's own grants of tenant roles to users (the one route that changes roles).</summary>
public static class RoleAssignmentEndpoints
{
    public static IEndpointRouteBuilder MapTeam(this IEndpointRouteBuilder app)
    {
        var assignments = app.MapGroup("/api/tenants/{tenantId}/team/role-assignments").WithTags("Team");
        assignments.MapGet("/", ListAsync).WithName("ListRoleAssignments").RequirePermission(Permission.TeamRead)
            .WithSummary("List the tenant's role assignments");
        assignments.MapGet("/{userId}", GetAsync).WithName("GetRoleAssignment").RequirePermission(Permission.TeamRead)
            .WithSummary("Read one user's role assignment");
        assignments.MapPut("/{userId}", SetAsync).WithName("SetRoleAssignment").RequirePermission(Permission.TeamManage).RequireStepUp()
            .WithSummary("Grant a user exactly these tenant roles (not one's own; Owner only by an Owner; never the last Owner's)");
        assignments.MapDelete("/{userId}", RemoveAsync).WithName("RemoveRoleAssignment").RequirePermission(Permission.TeamManage).RequireStepUp()
            .WithSummary("Withdraw a user's role assignment, removing them from the team");
        app.MapTeamMembers();
        app.MapDepartments();
        app.MapDelegations();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TeamMember>>> ListAsync(
        string tenantId, TeamMemberService members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ListAllAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> GetAsync(
        string tenantId, string userId, TeamMemberService members, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await members.GetAsync(tenantId, userId, cancellationToken));

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> SetAsync(
        string tenantId, string userId, RoleAssignmentRequest body, RequestContext request, RoleAssignmentService assignments, HttpContext http,
        CancellationToken cancellationToken)
    {
        var assignment = await assignments.SetAsync(tenantId, userId, body, request.Caller, request.Write, cancellationToken);
        return Problems.OkOr(http, assignment);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string tenantId, string userId, RequestContext request, RoleAssignmentService assignments, HttpContext http, CancellationToken cancellationToken)
    {
        var removed = await assignments.RemoveAsync(tenantId, userId, request.Caller, request.Write, cancellationToken);
        return removed.Succeeded ? TypedResults.NoContent() : Problems.From(http, removed.Failure);
    }
}
