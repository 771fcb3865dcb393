using DataGovernance.Backup;
using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Backup;

public sealed record RestoreList(IReadOnlyList<RestoreRequest> Items);

/// <summary>Body of <c>POST …/backup/restores/{id}/undo</c>.</summary>
public sealed record RestoreUndoBody(string? Reason);

/// <summary>Restores: request with a reason, see the impact, approval by a second administrator, outcome, undo.</summary>
public static class RestoreEndpoints
{
    public static IEndpointRouteBuilder MapRestores(this IEndpointRouteBuilder app)
    {
        var restores = app.MapGroup("/api/tenants/{tenantId}/backup/restores").WithTags("Backup");
        restores.MapPost("", RequestAsync).WithName("RequestRestore").RequirePermission(Permission.RestoresManage)
            .WithSummary("Ask to restore the tenant, a collection or chosen records to a restore point or a moment (202; needs a second administrator's approval)");
        restores.MapGet("", ListAsync).WithName("ListRestores").RequirePermission(Permission.BackupRead)
            .WithSummary("List the tenant's restores, newest first");
        restores.MapGet("/{restoreId}", GetAsync).WithName("GetRestore").RequirePermission(Permission.BackupRead)
            .WithSummary("Read a restore: its impact assessment, approval and outcome");
        restores.MapPost("/{restoreId}/approve", ApproveAsync).WithName("ApproveRestore").RequirePermission(Permission.RestoresManage).RequireStepUp()
            .WithSummary("Approve a restore awaiting approval (an Owner or Admin other than the requester)");
        restores.MapPost("/{restoreId}/reject", RejectAsync).WithName("RejectRestore").RequirePermission(Permission.RestoresManage)
            .WithSummary("Reject a restore awaiting approval (an Owner or Admin other than the requester)");
        restores.MapPost("/{restoreId}/undo", UndoAsync).WithName("UndoRestore").RequirePermission(Permission.RestoresManage)
            .WithSummary("Ask to put back what a succeeded restore replaced (a new restore, approved like any other)");
        return app;
    }

    private static async Task<Results<Accepted<RestoreRequest>, ProblemHttpResult>> RequestAsync(
        string tenantId, RestoreRequestBody body, RequestContext request, RestoreOperations restores, HttpContext http, CancellationToken ct) =>
        Started(tenantId, await restores.RequestAsync(tenantId, body, request.Caller.Actor, ct), http);

    private static async Task<Results<Accepted<RestoreRequest>, ProblemHttpResult>> UndoAsync(
        string tenantId, string restoreId, RestoreUndoBody body, RequestContext request, RestoreOperations restores, HttpContext http, CancellationToken ct) =>
        Started(tenantId, await restores.RequestUndoAsync(tenantId, restoreId, body.Reason, request.Caller.Actor, ct), http);

    private static async Task<Ok<RestoreList>> ListAsync(string tenantId, RestoreService restores, CancellationToken ct) =>
        TypedResults.Ok(new RestoreList(await restores.ListAsync(tenantId, ct)));

    private static async Task<Results<Ok<RestoreRequest>, ProblemHttpResult>> GetAsync(string tenantId, string restoreId, RestoreService restores, HttpContext http, CancellationToken ct) =>
        Problems.OkOr(http, await restores.GetAsync(tenantId, restoreId, ct));

    private static async Task<Results<Ok<RestoreRequest>, ProblemHttpResult>> ApproveAsync(
        string tenantId, string restoreId, RestoreDecisionBody? body, RequestContext request, RestoreOperations restores, HttpContext http, CancellationToken ct) =>
        Problems.OkOr(http, await restores.DecideAsync(tenantId, restoreId, approve: true, body?.Comment, request.Caller, ct));

    private static async Task<Results<Ok<RestoreRequest>, ProblemHttpResult>> RejectAsync(
        string tenantId, string restoreId, RestoreDecisionBody? body, RequestContext request, RestoreOperations restores, HttpContext http, CancellationToken ct) =>
        Problems.OkOr(http, await restores.DecideAsync(tenantId, restoreId, approve: false, body?.Comment, request.Caller, ct));

    private static Results<Accepted<RestoreRequest>, ProblemHttpResult> Started(string tenantId, Outcomes.Result<RestoreRequest> started, HttpContext http) =>
        started.Succeeded
            ? TypedResults.Accepted($"/api/tenants/{tenantId}/backup/restores/{started.Value.Id}", started.Value)
            : Problems.From(http, started.Failure);
}
