using DataGovernance.Accounts;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>Settings › Security › Sign-in: MFA requirement, step-up window and session timeouts of hub accounts.</summary>
public static class SignInPolicyEndpoints
{
    public static IEndpointRouteBuilder MapSignInPolicy(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/api/tenants/{tenantId}/security/sign-in-policy").WithTags("Security");
        policy.MapGet("/", GetAsync).WithName("GetSignInPolicy").RequirePermission(Permission.SecurityRead)
            .WithSummary("Read who must use MFA, the step-up window and the session timeouts");
        policy.MapPut("/", ReplaceAsync).WithName("ReplaceSignInPolicy").RequirePermission(Permission.SecurityManage).RequireStepUp()
            .WithSummary("Replace the sign-in policy (If-Match required)");
        return app;
    }

    private static async Task<Ok<SignInPolicy>> GetAsync(string tenantId, SignInPolicyService policies, HttpContext http, CancellationToken cancellationToken)
    {
        var current = await policies.GetAsync(tenantId, cancellationToken);
        http.Response.Headers.ETag = current.ETag;
        return TypedResults.Ok(current);
    }

    private static async Task<Results<Ok<SignInPolicy>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, SignInPolicyRequest body, RequestContext request, SignInPolicyService policies, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await policies.ReplaceAsync(tenantId, body, expected.Value ?? 0, request.Caller.Actor, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }
}
