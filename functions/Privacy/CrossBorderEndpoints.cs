using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › cross-border: the tenant's residency, allowed regions and countries per data category, and its vendor transfers.</summary>
public static class CrossBorderEndpoints
{
    public static IEndpointRouteBuilder MapCrossBorder(this IEndpointRouteBuilder app)
    {
        var crossBorder = app.MapGroup("/api/tenants/{tenantId}/privacy/cross-border").WithTags("Privacy");
        crossBorder.MapGet("/", GetAsync).WithName("GetCrossBorderRules").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read the tenant's residency, allowed regions and allowed countries per data category");
        crossBorder.MapPut("/", ReplaceAsync).WithName("ReplaceCrossBorderRules").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Replace the cross-border rules (If-Match required); existing vendors are measured against them");
        crossBorder.MapGet("/transfers", ReportAsync).WithName("ListCrossBorderTransfers").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Every vendor transfer and how it stands under the current rules");
        return app;
    }

    private static async Task<Ok<CrossBorderRules>> GetAsync(string tenantId, CrossBorderService crossBorder, HttpContext http, CancellationToken cancellationToken)
    {
        var rules = await crossBorder.GetAsync(tenantId, cancellationToken);
        http.Response.Headers.ETag = rules.ETag;
        return TypedResults.Ok(rules);
    }

    private static async Task<Results<Ok<CrossBorderRules>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, CrossBorderRulesRequest body, RequestContext request, CrossBorderService crossBorder, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await crossBorder.ReplaceAsync(tenantId, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Ok<TransferReport>> ReportAsync(string tenantId, CrossBorderService crossBorder, CancellationToken cancellationToken) =>
        TypedResults.Ok(await crossBorder.ReportAsync(tenantId, cancellationToken));
}
