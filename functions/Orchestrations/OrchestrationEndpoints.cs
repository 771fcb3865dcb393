using System.Text.Json;
using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Management;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DataGovernance.Functions.Orchestrations;

/// <summary>
/// Managing orchestration instances: operators see all of them under /api/admin, tenant administrators their
/// tenant's under /api/tenants/{tenantId}. Both read the same status resource that started work points to.
/// </summary>
public static class OrchestrationEndpoints
{
    public static IEndpointRouteBuilder MapOrchestrations(this IEndpointRouteBuilder app)
    {
        var platform = app.MapGroup("/api/admin/orchestrations").WithTags("Admin");
        platform.MapGet("/", (OrchestrationRuntimeStatus[]? status, string? tenantId, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
                string? instanceIdPrefix, int? pageSize, string? continuationToken, OrchestrationService service, HttpContext http, CancellationToken ct) =>
                ListAsync(null, new OrchestrationQuery(createdFrom, createdTo, status, tenantId, instanceIdPrefix, ContinuationToken: continuationToken), pageSize, service, http, ct))
            .WithName("ListPlatformOrchestrations").RequirePermission(Permission.PlatformOrchestrationsRead).WithSummary("List orchestration instances of every tenant");
        platform.MapPost("/purge", StartPurgeAsync)
            .WithName("StartOrchestrationPurge").RequirePermission(Permission.PlatformOrchestrationsManage).WithSummary("Purge finished instances in bulk (202, runs as an orchestration)");
        MapInstanceRoutes(platform, "Platform", Permission.PlatformOrchestrationsRead, Permission.PlatformOrchestrationsManage, _ => null);

        var tenant = app.MapGroup("/api/tenants/{tenantId}/orchestrations").WithTags("Orchestrations");
        tenant.MapGet("/", (string tenantId, OrchestrationRuntimeStatus[]? status, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
                string? instanceIdPrefix, int? pageSize, string? continuationToken, OrchestrationService service, HttpContext http, CancellationToken ct) =>
                ListAsync(tenantId, new OrchestrationQuery(createdFrom, createdTo, status, tenantId, instanceIdPrefix, ContinuationToken: continuationToken), pageSize, service, http, ct))
            .WithName("ListOrchestrations").RequirePermission(Permission.OrchestrationsRead).WithSummary("List the tenant's orchestration instances");
        MapInstanceRoutes(tenant, "", Permission.OrchestrationsRead, Permission.OrchestrationsManage, http => http.Request.RouteValues["tenantId"] as string);
        return app;
    }

    private static void MapInstanceRoutes(RouteGroupBuilder group, string namePrefix, Permission read, Permission manage, Func<HttpContext, string?> tenantOf)
    {
        group.MapGet("/{instanceId}", (string instanceId, bool? showInput, bool? showHistory, OrchestrationService service, HttpContext http, CancellationToken ct) =>
                GetAsync(tenantOf(http), instanceId, showInput ?? false, showHistory ?? false, service, http, ct))
            .WithName($"Get{namePrefix}Orchestration").RequirePermission(read).WithSummary("Read an instance's status (history with showHistory=true)");
        group.MapPost("/{instanceId}/events/{eventName}", (string instanceId, string eventName, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] JsonElement? payload,
                OrchestrationService service, HttpContext http, CancellationToken ct) =>
                RaiseEventAsync(tenantOf(http), instanceId, eventName, payload, service, http, ct))
            .WithName($"Raise{namePrefix}OrchestrationEvent").RequirePermission(manage).WithSummary("Raise an event in an instance (the body is its payload)");
        foreach (var operation in Enum.GetValues<InstanceOperation>())
        {
            group.MapPost($"/{{instanceId}}/{operation.ToString().ToLowerInvariant()}", (string instanceId,
                    [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] InstanceOperationRequest? body,
                    OrchestrationService service, HttpContext http, CancellationToken ct) =>
                    ControlAsync(tenantOf(http), instanceId, operation, body?.Reason, service, http, ct))
                .WithName($"{operation}{namePrefix}Orchestration").RequirePermission(manage).WithSummary($"{operation} an instance");
        }
        group.MapDelete("/{instanceId}", (string instanceId, OrchestrationService service, HttpContext http, CancellationToken ct) =>
                PurgeAsync(tenantOf(http), instanceId, service, http, ct))
            .WithName($"Purge{namePrefix}Orchestration").RequirePermission(manage).WithSummary("Purge a finished instance's history and status");
    }

    private static async Task<Results<Ok<Page<OrchestrationStatusResponse>>, ProblemHttpResult>> ListAsync(
        string? tenantId, OrchestrationQuery query, int? pageSize, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await service.ListAsync(query with { PageSize = size.Value, TenantId = tenantId ?? query.TenantId }, ct);
        return page.Succeeded
            ? TypedResults.Ok(new Page<OrchestrationStatusResponse>([.. page.Value.Items.Select(instance => OrchestrationStatusResponse.From(instance))], page.Value.ContinuationToken))
            : Problems.From(http, page.Failure);
    }

    private static async Task<Results<Ok<OrchestrationStatusResponse>, ProblemHttpResult>> GetAsync(
        string? tenantId, string instanceId, bool showInput, bool showHistory, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var status = await service.GetAsync(tenantId, instanceId, showInput, showHistory, ct);
        return status.Succeeded ? TypedResults.Ok(OrchestrationStatusResponse.From(status.Value)) : Problems.From(http, status.Failure);
    }

    private static async Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> RaiseEventAsync(
        string? tenantId, string instanceId, string eventName, JsonElement? payload, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var raised = await service.RaiseEventAsync(tenantId, instanceId, eventName, payload, ct);
        return raised.Succeeded ? AsyncOperations.Accepted(http, tenantId, instanceId) : Problems.From(http, raised.Failure);
    }

    private static async Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> ControlAsync(
        string? tenantId, string instanceId, InstanceOperation operation, string? reason, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var controlled = await service.ControlAsync(tenantId, instanceId, operation, reason, ct);
        return controlled.Succeeded ? AsyncOperations.Accepted(http, tenantId, instanceId) : Problems.From(http, controlled.Failure);
    }

    private static async Task<Results<Ok<PurgeResult>, ProblemHttpResult>> PurgeAsync(
        string? tenantId, string instanceId, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var purged = await service.PurgeAsync(tenantId, instanceId, ct);
        return Problems.OkOr(http, purged);
    }

    private static async Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> StartPurgeAsync(
        PurgeRequest body, OrchestrationService service, HttpContext http, CancellationToken ct)
    {
        var started = await service.StartPurgeAsync(new PurgeInstancesFilter(body.CreatedFrom, body.CreatedTo, body.Statuses, body.TenantId), ct);
        return started.Succeeded ? AsyncOperations.Accepted(http, null, started.Value) : Problems.From(http, started.Failure);
    }
}
