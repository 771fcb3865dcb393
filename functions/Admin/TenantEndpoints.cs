using DataGovernance.Functions.Audit;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Admin;

/// <summary>The platform console's tenant administration. The route parameter is <c>id</c>, not <c>tenantId</c>: these are not tenant-scoped routes.</summary>
public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/api/admin/tenants").WithTags("Admin");
        tenants.MapPost("/", CreateAsync).WithName("CreateTenant").RequirePermission(Permission.TenantsManage)
            .WithSummary("Create a tenant");
        tenants.MapGet("/", ListAsync).WithName("ListTenants").RequirePermission(Permission.TenantsRead)
            .WithSummary("List tenants, optionally by status");
        tenants.MapGet("/{id}", GetAsync).WithName("GetTenant").RequirePermission(Permission.TenantsRead)
            .WithSummary("Read a tenant");
        tenants.MapPut("/{id}", UpdateAsync).WithName("UpdateTenant").RequirePermission(Permission.TenantsManage)
            .WithSummary("Replace a tenant's general settings (If-Match required)");
        tenants.MapPost("/{id}/deactivate", DeactivateAsync).WithName("DeactivateTenant").RequirePermission(Permission.TenantsManage)
            .WithSummary("Deactivate a tenant: its users and keys are refused, its data is kept");
        tenants.MapPost("/{id}/reactivate", ReactivateAsync).WithName("ReactivateTenant").RequirePermission(Permission.TenantsManage)
            .WithSummary("Reactivate a deactivated tenant");
        app.MapAdminAudit();
        return app;
    }

    private static async Task<Results<Created<Tenant>, ProblemHttpResult>> CreateAsync(
        NewTenantRequest body, TenantService tenants, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await tenants.CreateAsync(body, cancellationToken);
        return Problems.CreatedWithETag(http, created, item => $"/api/admin/tenants/{item.Id}");
    }

    private static async Task<Results<Ok<Page<Tenant>>, ProblemHttpResult>> ListAsync(
        TenantStatus? status, int? pageSize, string? continuationToken, TenantService tenants, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await tenants.ListAsync(status, size.Value, continuationToken, cancellationToken);
        return Problems.OkOr(http, page);
    }

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> GetAsync(
        string id, TenantService tenants, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await tenants.GetAsync(id, cancellationToken));

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> UpdateAsync(
        string id, GeneralSettingsRequest body, TenantService tenants, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        return expected.Succeeded
            ? Problems.OkWithETag(http, await tenants.UpdateSettingsAsync(id, body, expected.Value, cancellationToken))
            : Problems.From(http, expected.Failure);
    }

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> DeactivateAsync(
        string id, TenantService tenants, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await tenants.DeactivateAsync(id, cancellationToken));

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> ReactivateAsync(
        string id, TenantService tenants, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await tenants.ReactivateAsync(id, cancellationToken));
}
