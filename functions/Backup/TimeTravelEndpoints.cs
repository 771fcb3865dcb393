using DataGovernance.Backup;
using DataGovernance.Functions.Hosting;
using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Backup;

/// <summary>Time travel: records, collections and the whole tenant as they were at a moment, and the diff with now.</summary>
public static class TimeTravelEndpoints
{
    /// <summary>The change-log position a streamed state was rebuilt at.</summary>
    public const string PositionHeader = "X-History-Position";

    /// <summary>The restore point a streamed state was rebuilt from (absent: replayed from the first change).</summary>
    public const string RestorePointHeader = "X-History-Restore-Point";

    public static IEndpointRouteBuilder MapTimeTravel(this IEndpointRouteBuilder app)
    {
        var backup = app.MapGroup("/api/tenants/{tenantId}/backup").WithTags("Backup");
        backup.MapGet("/time-travel", TenantAtAsync).WithName("GetTenantAtTime").RequirePermission(Permission.BackupRead)
            .WithSummary("Stream every record of every collection as it was at 'at' (NDJSON, collections in order, ids in order)");
        backup.MapGet("/time-travel/{collection}", CollectionAtAsync).WithName("GetCollectionAtTime").RequirePermission(Permission.BackupRead)
            .WithSummary("Stream a collection as it was at 'at' (NDJSON, id order)");
        backup.MapGet("/time-travel/{collection}/{id}", RecordAtAsync).WithName("GetRecordAtTime").RequirePermission(Permission.BackupRead)
            .WithSummary("Read a record as it was at 'at', with the change-log position and restore point used");
        backup.MapGet("/diff", DiffAsync).WithName("DiffWithTime").RequirePermission(Permission.BackupRead)
            .WithSummary("Compare the tenant at 'at' with now: counts per collection and kind, and a page of record changes");
        return app;
    }

    private static async Task<Results<Ok<RecordAtTime>, ProblemHttpResult>> RecordAtAsync(
        string tenantId, string collection, string id, string? at, TimeTravelService timeTravel, HttpContext http, CancellationToken ct)
    {
        var record = await timeTravel.RecordAtAsync(tenantId, collection, id, at, ct);
        return Problems.OkOr(http, record);
    }

    private static async Task<Results<NdjsonResult<Record>, ProblemHttpResult>> CollectionAtAsync(
        string tenantId, string collection, string? at, RequestContext request, TimeTravelService timeTravel, HttpContext http, CancellationToken ct) =>
        Stream(http, await timeTravel.CollectionAtAsync(tenantId, collection, at, request.Write, ct));

    private static async Task<Results<NdjsonResult<Record>, ProblemHttpResult>> TenantAtAsync(
        string tenantId, string? at, RequestContext request, TimeTravelService timeTravel, HttpContext http, CancellationToken ct) =>
        Stream(http, await timeTravel.TenantAtAsync(tenantId, at, request.Write, ct));

    private static async Task<Results<Ok<TimeTravelDiff>, ProblemHttpResult>> DiffAsync(
        string tenantId, string? at, string? collection, int? pageSize, string? continuationToken, TimeTravelService timeTravel, HttpContext http, CancellationToken ct)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var diff = await timeTravel.DiffAsync(tenantId, at, collection, size.Value, continuationToken, ct);
        return Problems.OkOr(http, diff);
    }

    private static Results<NdjsonResult<Record>, ProblemHttpResult> Stream(HttpContext http, DataGovernance.Outcomes.Result<RecordsAtTime> state)
    {
        if (!state.Succeeded)
        {
            return Problems.From(http, state.Failure);
        }
        http.Response.Headers[PositionHeader] = state.Value.Moment.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (state.Value.Moment.RestorePoint is { } point)
        {
            http.Response.Headers[RestorePointHeader] = point.Id;
        }
        return new NdjsonResult<Record>(state.Value.Records);
    }
}
