using DataGovernance.Backup;
using DataGovernance.Functions.Hosting;
using DataGovernance.Monitoring;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Backup;


public sealed record AlertList(IReadOnlyList<Alert> Items);

/// <summary>Backup & Recovery: policy, restore points, on-demand backups and integrity checks.</summary>
public static class BackupEndpoints
{
    public static IEndpointRouteBuilder MapBackup(this IEndpointRouteBuilder app)
    {
        var backup = app.MapGroup("/api/tenants/{tenantId}/backup").WithTags("Backup");
        backup.MapGet("/policy", GetPolicyAsync).WithName("GetBackupPolicy").RequirePermission(Permission.BackupRead)
            .WithSummary("Read the tenant's backup policy and whether replicas may leave the primary region");
        backup.MapPut("/policy", SetPolicyAsync).WithName("SetBackupPolicy").RequirePermission(Permission.BackupManage)
            .WithSummary("Replace the backup policy: schedule, retention, replication, recovery objectives, drills");
        backup.MapGet("/restore-points", ListAsync).WithName("ListRestorePoints").RequirePermission(Permission.BackupRead)
            .WithSummary("List restore points, newest first, with the replication lag");
        backup.MapGet("/restore-points/{restorePointId}", GetAsync).WithName("GetRestorePoint").RequirePermission(Permission.BackupRead)
            .WithSummary("Read a restore point and its record counts per collection");
        backup.MapPost("/restore-points", StartBackupAsync).WithName("StartBackup").RequirePermission(Permission.BackupManage)
            .WithSummary("Take a backup now (202; the restore point is listed once verified)");
        backup.MapPost("/integrity-checks", StartIntegrityCheckAsync).WithName("StartIntegrityCheck").RequirePermission(Permission.BackupManage)
            .WithSummary("Check every chunk of every restore point in both regions (202)");
        backup.MapGet("/alerts", ListAlertsAsync).WithName("ListBackupAlerts").RequirePermission(Permission.BackupRead)
            .WithSummary("List the newest backup alerts: damaged restore points, missed recovery objectives");
        backup.MapDrills();
        return app;
    }

    private static async Task<Ok<AlertList>> ListAlertsAsync(string tenantId, AlertStore alerts, CancellationToken ct) =>
        TypedResults.Ok(new AlertList(await alerts.ListAsync(tenantId, BackupAlerts.KindPrefix, 100, ct)));

    private static async Task<Ok<BackupPolicyView>> GetPolicyAsync(string tenantId, BackupService backups, CancellationToken ct) =>
        TypedResults.Ok(await backups.GetPolicyAsync(tenantId, ct));

    private static async Task<Results<Ok<BackupPolicyView>, ProblemHttpResult>> SetPolicyAsync(
        string tenantId, BackupPolicyRequest body, RequestContext request, BackupService backups, HttpContext http, CancellationToken ct)
    {
        var stored = await backups.SetPolicyAsync(tenantId, body, request.Caller.Actor.Id, ct);
        return Problems.OkOr(http, stored);
    }

    private static async Task<Ok<RestorePointList>> ListAsync(string tenantId, BackupService backups, CancellationToken ct) =>
        TypedResults.Ok(await backups.ListRestorePointsAsync(tenantId, ct));

    private static async Task<Results<Ok<RestorePointDetail>, ProblemHttpResult>> GetAsync(
        string tenantId, string restorePointId, BackupService backups, HttpContext http, CancellationToken ct) =>
        Problems.OkOr(http, await backups.GetRestorePointDetailAsync(tenantId, restorePointId, ct));

    private static async Task<Accepted<AcceptedOperation>> StartBackupAsync(string tenantId, BackupOperations operations, HttpContext http, CancellationToken ct) =>
        AsyncOperations.Accepted(http, tenantId, await operations.StartBackupAsync(tenantId, ct));

    private static async Task<Accepted<AcceptedOperation>> StartIntegrityCheckAsync(string tenantId, IntegrityChecks checks, HttpContext http, CancellationToken ct) =>
        AsyncOperations.Accepted(http, tenantId, await checks.StartAsync(tenantId, ct));
}
