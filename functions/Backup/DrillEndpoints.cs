using DataGovernance.Backup;
using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Backup;

/// <summary>Body of <c>POST …/backup/drills</c>: which restore point to drill (default: the newest).</summary>
public sealed record DrillRequest(string? RestorePointId);

public sealed record DrillList(IReadOnlyList<RestoreDrill> Items);

/// <summary>Backup & Recovery: restore drills with their signed reports, and disaster-recovery readiness.</summary>
public static class DrillEndpoints
{
    public static RouteGroupBuilder MapDrills(this RouteGroupBuilder backup)
    {
        backup.MapPost("/drills", StartAsync).WithName("StartRestoreDrill").RequirePermission(Permission.BackupManage)
            .WithSummary("Restore a restore point into an isolated scratch partition, verify it, time it and discard it (202)");
        backup.MapGet("/drills", ListAsync).WithName("ListRestoreDrills").RequirePermission(Permission.BackupRead)
            .WithSummary("List restore drills, newest first");
        backup.MapGet("/drills/{drillId}", GetAsync).WithName("GetRestoreDrill").RequirePermission(Permission.BackupRead)
            .WithSummary("Read a restore drill: outcome, RTO, counts and hash checks per collection");
        backup.MapGet("/drills/{drillId}/report", GetReportAsync).WithName("GetRestoreDrillReport").RequirePermission(Permission.BackupRead)
            .WithSummary("Read a drill's signed report (SOC 2 A1.3 evidence) with its detached signature and public key");
        backup.MapGet("/readiness", GetReadinessAsync).WithName("GetRecoveryReadiness").RequirePermission(Permission.BackupRead)
            .WithSummary("Compare the achieved RPO and the last drill's RTO with the tenant's targets, and list the gaps");
        return backup;
    }

    private static async Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> StartAsync(
        string tenantId, DrillRequest? body, RequestContext request, DrillOperations drills, HttpContext http, CancellationToken ct)
    {
        var started = await drills.StartDrillAsync(tenantId, body?.RestorePointId, request.Caller.Actor.Id, ct);
        return started.Succeeded ? AsyncOperations.Accepted(http, tenantId, started.Value) : Problems.From(http, started.Failure);
    }

    private static async Task<Ok<DrillList>> ListAsync(string tenantId, DrillService drills, CancellationToken ct) =>
        TypedResults.Ok(new DrillList(await drills.ListAsync(tenantId, ct)));

    private static async Task<Results<Ok<RestoreDrill>, ProblemHttpResult>> GetAsync(
        string tenantId, string drillId, DrillService drills, HttpContext http, CancellationToken ct)
    {
        var drill = await drills.GetAsync(tenantId, drillId, ct);
        return Problems.OkOr(http, drill);
    }

    private static async Task<Results<Ok<SignedDrillReport>, ProblemHttpResult>> GetReportAsync(
        string tenantId, string drillId, DrillService drills, HttpContext http, CancellationToken ct)
    {
        var report = await drills.GetReportAsync(tenantId, drillId, ct);
        return Problems.OkOr(http, report);
    }

    private static async Task<Ok<BackupReadiness>> GetReadinessAsync(string tenantId, ReadinessService readiness, CancellationToken ct) =>
        TypedResults.Ok(await readiness.GetAsync(tenantId, ct));
}
