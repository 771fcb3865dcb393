using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>
/// Privacy › legal holds. Placing and releasing a hold decides whether personal data may be erased, so both need a
/// recent second factor (step-up), like the other decisions that cannot be quietly undone.
/// </summary>
public static class LegalHoldEndpoints
{
    public static IEndpointRouteBuilder MapLegalHolds(this IEndpointRouteBuilder app)
    {
        var holds = app.MapGroup("/api/tenants/{tenantId}/privacy/legal-holds").WithTags("Privacy");
        holds.MapPost("/", PlaceAsync).WithName("PlaceLegalHold").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Place a legal hold on a record or on a data subject: held data is neither erased nor removed by retention");
        holds.MapGet("/", ListAsync).WithName("ListLegalHolds").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List legal holds, in force and released, filtered and paged");
        holds.MapGet("/{holdId}", GetAsync).WithName("GetLegalHold").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read one legal hold");
        holds.MapPost("/{holdId}/release", ReleaseAsync).WithName("ReleaseLegalHold").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Release a legal hold (If-Match honoured); the hold is kept with who released it and when");
        return app;
    }

    private static async Task<Results<Created<LegalHold>, ProblemHttpResult>> PlaceAsync(
        string tenantId, LegalHoldRequest body, RequestContext request, LegalHoldService holds, HttpContext http, CancellationToken cancellationToken)
    {
        var placed = await holds.PlaceAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, placed, hold => $"/api/tenants/{tenantId}/privacy/legal-holds/{hold.Id}");
    }

    private static async Task<Results<Ok<Page<LegalHold>>, ProblemHttpResult>> ListAsync(
        string tenantId, LegalHoldStatus? status, LegalHoldScope? scope, string? collection, string? recordId, int? pageSize, string? continuationToken,
        LegalHoldService holds, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var filter = new LegalHoldFilter(status, scope, collection, recordId);
        return Problems.OkOr(http, await holds.ListAsync(tenantId, filter, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<LegalHold>, ProblemHttpResult>> GetAsync(
        string tenantId, string holdId, LegalHoldService holds, HttpContext http, CancellationToken cancellationToken)
    {
        var hold = await holds.GetAsync(tenantId, holdId, cancellationToken);
        return Problems.OkWithETag(http, hold);
    }

    private static async Task<Results<Ok<LegalHold>, ProblemHttpResult>> ReleaseAsync(
        string tenantId, string holdId, LegalHoldRelease? body, RequestContext request, LegalHoldService holds, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var released = await holds.ReleaseAsync(tenantId, holdId, body ?? new LegalHoldRelease(null), expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, released);
    }
}
