using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › retention policies: how long records are kept after an event, then deleted or anonymised.</summary>
public static class RetentionPolicyEndpoints
{
    public static IEndpointRouteBuilder MapRetentionPolicies(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/tenants/{tenantId}/privacy/retention-policies").WithTags("Privacy");
        policies.MapPost("/", CreateAsync).WithName("CreateRetentionPolicy").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Add a retention policy: keep a collection's records, or those holding a category of personal data, N days after an event, then delete or anonymise them");
        policies.MapGet("/", ListAsync).WithName("ListRetentionPolicies").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List the retention policies, paged");
        policies.MapGet("/{policyId}", GetAsync).WithName("GetRetentionPolicy").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read one retention policy");
        policies.MapPut("/{policyId}", ReplaceAsync).WithName("ReplaceRetentionPolicy").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Replace a retention policy (If-Match required)");
        policies.MapDelete("/{policyId}", DeleteAsync).WithName("DeleteRetentionPolicy").RequirePermission(Permission.PrivacyManage).RequireStepUp()
            .WithSummary("Delete a retention policy (If-Match honoured)");
        return app;
    }

    private static async Task<Results<Created<RetentionPolicy>, ProblemHttpResult>> CreateAsync(
        string tenantId, RetentionPolicyRequest body, RequestContext request, RetentionPolicyService policies, HttpContext http,
        CancellationToken cancellationToken)
    {
        var created = await policies.CreateAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, created, policy => $"/api/tenants/{tenantId}/privacy/retention-policies/{policy.Id}");
    }

    private static async Task<Results<Ok<Page<RetentionPolicy>>, ProblemHttpResult>> ListAsync(
        string tenantId, bool? enabled, int? pageSize, string? continuationToken, RetentionPolicyService policies, HttpContext http,
        CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await policies.ListAsync(tenantId, enabled, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<RetentionPolicy>, ProblemHttpResult>> GetAsync(
        string tenantId, string policyId, RetentionPolicyService policies, HttpContext http, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(tenantId, policyId, cancellationToken);
        return Problems.OkWithETag(http, policy);
    }

    private static async Task<Results<Ok<RetentionPolicy>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string policyId, RetentionPolicyRequest body, RequestContext request, RetentionPolicyService policies, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await policies.ReplaceAsync(tenantId, policyId, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string policyId, RetentionPolicyService policies, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var deleted = await policies.DeleteAsync(tenantId, policyId, expected.Value, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }
}
