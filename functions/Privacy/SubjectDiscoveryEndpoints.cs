using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › subjects: finding a data subject's records across every collection.</summary>
public static class SubjectDiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapSubjectDiscovery(this IEndpointRouteBuilder app)
    {
        var subjects = app.MapGroup("/api/tenants/{tenantId}/privacy/subjects").WithTags("Privacy");
        subjects.MapPost("/discover", DiscoverAsync).WithName("DiscoverSubject").RequirePermission(Permission.PrivacyRequestsRead)
            .WithSummary("Find the records holding a person's e-mail, phone, national ids or name, each match explained");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<SubjectMatch>>, ProblemHttpResult>> DiscoverAsync(
        string tenantId, SubjectIdentifiers body, SubjectDiscoveryService discovery, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await discovery.DiscoverAsync(tenantId, body, cancellationToken));
}
