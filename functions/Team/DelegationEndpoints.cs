using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Team;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Team;

/// <summary>Team › delegations: temporary grants of a tenant role.</summary>
public static class DelegationEndpoints
{
    public static IEndpointRouteBuilder MapDelegations(this IEndpointRouteBuilder app)
    {
        var delegations = app.MapGroup("/api/tenants/{tenantId}/team/delegations").WithTags("Team");
        delegations.MapGet("/", ListAsync).WithName("ListDelegations").RequirePermission(Permission.TeamRead)
            .WithSummary("List active delegations and those ended in the last 30 days, newest first");
        delegations.MapPost("/", GrantAsync).WithName("CreateDelegation").RequirePermission(Permission.TeamManage).RequireStepUp()
            .WithSummary("Grant a member a role you hold until a moment at most 30 days ahead");
        delegations.MapDelete("/{delegationId}", EndAsync).WithName("EndDelegation").RequirePermission(Permission.TeamManage)
            .WithSummary("End a delegation before it expires");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Delegation>>> ListAsync(string tenantId, DelegationService delegations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await delegations.ListAsync(tenantId, cancellationToken));

    private static async Task<Results<Created<Delegation>, ProblemHttpResult>> GrantAsync(
        string tenantId, DelegationRequest body, RequestContext request, DelegationService delegations, HttpContext http, CancellationToken cancellationToken)
    {
        var granted = await delegations.GrantAsync(tenantId, body, request.Caller, request.Write, cancellationToken);
        return Problems.CreatedOr(http, granted, value => $"/api/tenants/{tenantId}/team/delegations/{value.Id}");
    }

    private static async Task<Results<Ok<Delegation>, ProblemHttpResult>> EndAsync(
        string tenantId, string delegationId, RequestContext request, DelegationService delegations, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await delegations.EndAsync(tenantId, delegationId, request.Write, cancellationToken));
}
