using DataGovernance.Accounts;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Team;

/// <summary>Team › invitations to hub accounts.</summary>
public static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var invitations = app.MapGroup("/api/tenants/{tenantId}/team/invitations").WithTags("Team");
        invitations.MapPost("/", CreateAsync).WithName("InviteUser").RequirePermission(Permission.TeamManage).RequireStepUp()
            .WithSummary("Invite an e-mail address to a hub account with roles; the token is in this response only");
        invitations.MapGet("/", ListAsync).WithName("ListInvitations").RequirePermission(Permission.TeamRead)
            .WithSummary("List invitations: pending, accepted and withdrawn");
        invitations.MapDelete("/{invitationId}", RevokeAsync).WithName("WithdrawInvitation").RequirePermission(Permission.TeamManage)
            .WithSummary("Withdraw a pending invitation");
        return app;
    }

    private static async Task<Results<Created<CreatedInvitation>, ProblemHttpResult>> CreateAsync(
        string tenantId, InvitationRequest body, RequestContext request, InvitationService invitations, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await invitations.CreateAsync(tenantId, body, request.Caller, cancellationToken);
        return Problems.CreatedOr(http, created, value => $"/api/tenants/{tenantId}/team/invitations/{value.Invitation.Id}");
    }

    private static async Task<Ok<IReadOnlyList<Invitation>>> ListAsync(string tenantId, InvitationService invitations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invitations.ListAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<Invitation>, ProblemHttpResult>> RevokeAsync(
        string tenantId, string invitationId, InvitationService invitations, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await invitations.RevokeAsync(tenantId, invitationId, cancellationToken));
}
