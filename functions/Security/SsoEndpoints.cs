using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>Settings › Security › Single sign-on: allowed domains, group roles and just-in-time provisioning for Entra sign-in.</summary>
public static class SsoEndpoints
{
    public static IEndpointRouteBuilder MapSso(this IEndpointRouteBuilder app)
    {
        var sso = app.MapGroup("/api/tenants/{tenantId}/security/sso").WithTags("Security");
        sso.MapGet("/", GetAsync).WithName("GetSsoSettings").RequirePermission(Permission.SecurityRead)
            .WithSummary("Read the tenant's Entra sign-in settings (the directory id is shown read-only)");
        sso.MapPut("/", ReplaceAsync).WithName("ReplaceSsoSettings").RequirePermission(Permission.SecurityManage).RequireStepUp()
            .WithSummary("Replace the allowed domains, group roles and just-in-time provisioning (If-Match required)");
        return app;
    }

    private static async Task<Ok<SsoSettings>> GetAsync(string tenantId, SsoSettingsService settings, HttpContext http, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(tenantId, cancellationToken);
        http.Response.Headers.ETag = current.ETag;
        return TypedResults.Ok(current);
    }

    private static async Task<Results<Ok<SsoSettings>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, SsoSettingsRequest body, RequestContext request, SsoSettingsService settings, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await settings.ReplaceAsync(tenantId, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }
}
