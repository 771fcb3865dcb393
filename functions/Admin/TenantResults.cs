using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Admin;

/// <summary>The answer shared by every endpoint that returns a tenant: the tenant with its ETag, or the problem.</summary>
public static class TenantResults
{
    public static Results<Ok<Tenant>, ProblemHttpResult> Respond(HttpContext http, Result<Tenant> result)
    {
        if (!result.Succeeded)
        {
            return Problems.From(http, result.Failure);
        }
        http.Response.Headers.ETag = result.Value.ETag;
        return TypedResults.Ok(result.Value);
    }
}
