using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › requests › erasure: erase a data subject on request, after a data protection officer approved the plan.</summary>
public static class ErasureEndpoints
{
    public static IEndpointRouteBuilder MapErasures(this IEndpointRouteBuilder app)
    {
        var erasure = app.MapGroup("/api/tenants/{tenantId}/privacy/requests/{requestId}/erasure").WithTags("Privacy");
        erasure.MapPost("", StartAsync).WithName("StartErasure").RequirePermission(Permission.PrivacyRequestsManage).RequireStepUp()
            .WithSummary("Start (or, after a failure, resume) erasing the subject of a verified Erasure or Delete request (202; the plan awaits approval)");
        erasure.MapGet("", GetAsync).WithName("GetErasure").RequirePermission(Permission.PrivacyRequestsRead)
            .WithSummary("Read the erasure: its plan record by record (held records with the hold's reason), approval, progress and certificate links");
        erasure.MapPost("/approval", DecideAsync).WithName("DecideErasure").RequirePermission(Permission.PrivacyErasuresApprove).RequireStepUp()
            .WithSummary("Approve (or reject, approve=false) an erasure plan; not by whoever started it while another approver exists");
        return app;
    }

    private static async Task<Results<Accepted<Erasure>, ProblemHttpResult>> StartAsync(
        string tenantId, string requestId, RequestContext request, ErasureOperations erasures, HttpContext http, CancellationToken cancellationToken)
    {
        var started = await erasures.StartAsync(tenantId, requestId, request.Caller, request.Write, cancellationToken);
        if (!started.Succeeded)
        {
            return Problems.From(http, started.Failure);
        }
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted($"/api/tenants/{tenantId}/privacy/requests/{requestId}/erasure", started.Value);
    }

    private static async Task<Results<Ok<Erasure>, ProblemHttpResult>> GetAsync(
        string tenantId, string requestId, RequestContext request, ErasureService erasures, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await erasures.GetAsync(tenantId, requestId, request.Caller.Actor, cancellationToken));

    private static async Task<Results<Ok<Erasure>, ProblemHttpResult>> DecideAsync(
        string tenantId, string requestId, ErasureDecisionInput body, RequestContext request, ErasureOperations erasures, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await erasures.DecideAsync(tenantId, requestId, body, request.Caller, request.Write, cancellationToken));
}
