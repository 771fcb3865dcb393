using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › retention runs: dry and real enforcement of the retention policies, their items and deletion certificates.</summary>
public static class RetentionRunEndpoints
{
    public static IEndpointRouteBuilder MapRetentionRuns(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/tenants/{tenantId}/privacy/retention-runs").WithTags("Privacy");
        runs.MapPost("/", StartAsync).WithName("StartRetentionRun").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Enforce the retention policies now: dryRun true reports what would change and changes nothing (202 with the run)");
        runs.MapGet("/", ListAsync).WithName("ListRetentionRuns").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List retention runs, oldest first, paged");
        runs.MapGet("/{runId}", GetAsync).WithName("GetRetentionRun").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read a retention run: status and, per policy, what was due, deleted, anonymised or held");
        runs.MapGet("/{runId}/items", ItemsAsync).WithName("ListRetentionRunItems").RequirePermission(Permission.PrivacyRead)
            .WithSummary("The due records of a run, batch by batch: what was (or would be) done to each, and which hold kept it and why");
        runs.MapGet("/{runId}/certificate", CertificateAsync).WithName("GetRetentionCertificate").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read a real run's deletion certificate: the signed JSON, its detached signature and a readable version");
        return app;
    }

    private static async Task<Results<Accepted<RetentionRun>, ProblemHttpResult>> StartAsync(
        string tenantId, RetentionRunRequest body, RequestContext request, RetentionRunOperations operations, HttpContext http,
        CancellationToken cancellationToken)
    {
        var started = await operations.StartAsync(tenantId, body, request.Caller.Actor, cancellationToken);
        if (!started.Succeeded)
        {
            return Problems.From(http, started.Failure);
        }
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted($"/api/tenants/{tenantId}/privacy/retention-runs/{started.Value.Id}", started.Value);
    }

    private static async Task<Results<Ok<Page<RetentionRun>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, RetentionRunService runs, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await runs.ListAsync(tenantId, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<RetentionRun>, ProblemHttpResult>> GetAsync(
        string tenantId, string runId, RetentionRunService runs, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await runs.GetAsync(tenantId, runId, cancellationToken));

    private static async Task<Results<Ok<RetentionItemPage>, ProblemHttpResult>> ItemsAsync(
        string tenantId, string runId, string? continuationToken, RetentionRunService runs, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await runs.ItemsAsync(tenantId, runId, continuationToken, cancellationToken));

    private static async Task<Results<Ok<RetentionCertificate>, ProblemHttpResult>> CertificateAsync(
        string tenantId, string runId, RetentionRunService runs, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await runs.CertificateAsync(tenantId, runId, cancellationToken));
}
