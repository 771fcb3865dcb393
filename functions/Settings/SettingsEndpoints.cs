using DataGovernance.Functions.Admin;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Settings;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Settings;

/// <summary>Settings › General (name, residency, time zone, locale, branding, Entra mapping) and Settings › API keys.</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app)
    {
        var general = app.MapGroup("/api/tenants/{tenantId}/settings/general").WithTags("Settings");
        general.MapGet("/", GetAsync).WithName("GetGeneralSettings").RequirePermission(Permission.SettingsRead)
            .WithSummary("Read the tenant's general settings");
        general.MapPut("/", UpdateAsync).WithName("UpdateGeneralSettings").RequirePermission(Permission.SettingsWrite)
            .WithSummary("Replace the tenant's general settings (If-Match required)");
        general.MapGet("/logo", GetLogoAsync).WithName("GetLogo").RequirePermission(Permission.SettingsRead)
            .WithSummary("Download the tenant's logo");
        general.MapPut("/logo", SetLogoAsync).WithName("SetLogo").RequirePermission(Permission.SettingsWrite)
            .WithBodyLimit(BrandingLogoService.MaxBytes + 1)
            .Accepts<Stream>("image/png", "image/jpeg", "image/webp")
            .WithSummary("Upload the tenant's logo (PNG, JPEG or WebP, at most 256 KiB)");
        general.MapDelete("/logo", DeleteLogoAsync).WithName("DeleteLogo").RequirePermission(Permission.SettingsWrite)
            .WithSummary("Remove the tenant's logo");
        app.MapApiKeys();
        return app;
    }

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> GetAsync(
        string tenantId, TenantService tenants, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await tenants.GetAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> UpdateAsync(
        string tenantId, GeneralSettingsRequest body, TenantService tenants, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        return expected.Succeeded
            ? Problems.OkWithETag(http, await tenants.UpdateSettingsAsync(tenantId, body, expected.Value, cancellationToken))
            : Problems.From(http, expected.Failure);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLogoAsync(
        string tenantId, BrandingLogoService logos, HttpContext http, CancellationToken cancellationToken)
    {
        var logo = await logos.GetAsync(tenantId, cancellationToken);
        if (!logo.Succeeded)
        {
            return Problems.From(http, logo.Failure);
        }
        var (content, info) = logo.Value;
        return TypedResults.File(content.ToArray(), info.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{info.Sha256}\""));
    }

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> SetLogoAsync(
        string tenantId, BrandingLogoService logos, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await logos.SetAsync(tenantId, http.Request.ContentType, http.Request.Body, cancellationToken));

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> DeleteLogoAsync(
        string tenantId, BrandingLogoService logos, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await logos.DeleteAsync(tenantId, cancellationToken));
}
