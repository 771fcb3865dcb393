using DataGovernance.Accounts;
using DataGovernance.Functions.Hosting;
using DataGovernance.Functions.Identity;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Team;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Team;

/// <summary>
/// Team › users: the tenant's members with their roles, delegations, department and status, and their hub sessions.
/// </summary>
public static class TeamMemberEndpoints
{
    public static IEndpointRouteBuilder MapTeamMembers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/tenants/{tenantId}/team/users").WithTags("Team");
        users.MapGet("/", ListAsync).WithName("ListTeamMembers").RequirePermission(Permission.TeamRead)
            .WithSummary("List the team's members (filters departmentId, role, status)");
        users.MapGet("/{userId}", GetAsync).WithName("GetTeamMember").RequirePermission(Permission.TeamRead)
            .WithSummary("Read one member with their active delegations");
        users.MapPatch("/{userId}", UpdateAsync).WithName("UpdateTeamMember").RequirePermission(Permission.TeamManage)
            .WithSummary("Change a member's display name, e-mail or department (If-Match required)");
        users.MapPost("/{userId}/deactivate", DeactivateAsync).WithName("DeactivateTeamMember").RequirePermission(Permission.TeamManage)
            .WithSummary("Refuse the member every request until reactivated");
        users.MapPost("/{userId}/reactivate", ReactivateAsync).WithName("ReactivateTeamMember").RequirePermission(Permission.TeamManage)
            .WithSummary("Let a deactivated member in again");
        
        var sessions = users.MapGroup("/{userId}/sessions");
        sessions.MapGet("/", ListSessionsAsync).WithName("ListUserSessions").RequirePermission(Permission.SecurityRead)
            .WithSummary("List a user's hub sessions");
        sessions.MapDelete("/", RevokeSessionsAsync).WithName("RevokeUserSessions").RequirePermission(Permission.SecurityManage)
            .WithSummary("End all of a user's hub sessions");
        return app;
    }

    private static async Task<Results<Ok<Page<TeamMember>>, ProblemHttpResult>> ListAsync(
        string tenantId, string? departmentId, string? role, string? status, int? pageSize, string? continuationToken,
        TeamMemberService members, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await members.ListAsync(tenantId, departmentId, role, status, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> GetAsync(
        string tenantId, string userId, TeamMemberService members, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await members.GetAsync(tenantId, userId, cancellationToken));

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> UpdateAsync(
        string tenantId, string userId, TeamMemberUpdate body, RequestContext request, TeamMemberService members, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        return WithETag(http, await members.UpdateAsync(tenantId, userId, body, expected.Value, request.Caller.Actor, cancellationToken));
    }

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> DeactivateAsync(
        string tenantId, string userId, RequestContext request, TeamMemberService members, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await members.DeactivateAsync(tenantId, userId, request.Caller, request.Write, cancellationToken));

    private static async Task<Results<Ok<TeamMember>, ProblemHttpResult>> ReactivateAsync(
        string tenantId, string userId, RequestContext request, TeamMemberService members, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await members.ReactivateAsync(tenantId, userId, request.Caller, cancellationToken));

    private static Results<Ok<TeamMember>, ProblemHttpResult> WithETag(HttpContext http, Outcomes.Result<TeamMember> member)
    {
        return Problems.OkWithETag(http, member);
    }

    private static async Task<Ok<IReadOnlyList<Session>>> ListSessionsAsync(
        string tenantId, string userId, SessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sessions.ListAsync(tenantId, userId, cancellationToken));

    private static async Task<Ok<RevokedSessions>> RevokeSessionsAsync(
        string tenantId, string userId, RequestContext request, SessionService sessions, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RevokedSessions(await sessions.RevokeAllAsync(tenantId, userId, null, "revoked-by-admin", cancellationToken, request.Write)));
}
