using DataGovernance.Backup;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Backup;

public sealed record TenantBackupStatusList(IReadOnlyList<TenantBackupStatus> Items);

/// <summary>The platform console's view of every tenant's backups, replicas and restores.</summary>
public static class PlatformBackupEndpoints
{
    public static IEndpointRouteBuilder MapPlatformBackups(this IEndpointRouteBuilder app)
    {
        var backups = app.MapGroup("/api/admin/backups").WithTags("Admin");
        backups.MapGet("/tenants", TenantsAsync).WithName("ListTenantBackups").RequirePermission(Permission.PlatformBackupsRead)
            .WithSummary("Every active tenant's backup schedule, next run, newest restore point, replication status and lag");
        backups.MapGet("/restores", RestoresAsync).WithName("GetRestoreOperations").RequirePermission(Permission.PlatformBackupsRead)
            .WithSummary("Restore operations centre: restores awaiting approval, running, and the history of outcomes");
        return app;
    }

    private static async Task<Ok<TenantBackupStatusList>> TenantsAsync(BackupOverview overview, CancellationToken ct) =>
        TypedResults.Ok(new TenantBackupStatusList(await overview.TenantsAsync(ct)));

    private static async Task<Ok<RestoreOperationsView>> RestoresAsync(BackupOverview overview, CancellationToken ct) =>
        TypedResults.Ok(await overview.RestoresAsync(ct));
}
