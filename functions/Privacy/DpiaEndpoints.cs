using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › DPIAs: data protection impact assessments (GDPR Art. 35) and their review.</summary>
public static class DpiaEndpoints
{
    public static IEndpointRouteBuilder MapDpias(this IEndpointRouteBuilder app)
    {
        var dpias = app.MapGroup("/api/tenants/{tenantId}/privacy/dpias").WithTags("Privacy");
        dpias.MapGet("/questionnaire", GetQuestionnaire).WithName("GetDpiaQuestionnaire").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read the current DPIA questionnaire: the nine WP248 criteria and the Art. 35(7) questions");
        dpias.MapPost("/", CreateAsync).WithName("CreateDpia").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Start a DPIA as a draft");
        dpias.MapGet("/", ListAsync).WithName("ListDpias").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List DPIAs (filters status, trigger, owner), with their computed assessment");
        dpias.MapGet("/{dpiaId}", GetAsync).WithName("GetDpia").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read one DPIA with its assessment and history");
        dpias.MapPut("/{dpiaId}", UpdateAsync).WithName("UpdateDpia").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Replace a draft DPIA's answers, risks, mitigations and links (If-Match required)");
        dpias.MapPost("/{dpiaId}/submit", SubmitAsync).WithName("SubmitDpia").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Submit a complete draft for the data protection officer's review");
        dpias.MapPost("/{dpiaId}/approve", ApproveAsync).WithName("ApproveDpia").RequirePermission(Permission.DpiasApprove)
            .WithSummary("Sign off a DPIA in review as approved (data protection officer)");
        dpias.MapPost("/{dpiaId}/reject", RejectAsync).WithName("RejectDpia").RequirePermission(Permission.DpiasApprove)
            .WithSummary("Sign off a DPIA in review as rejected, with the reason (data protection officer)");
        dpias.MapPost("/{dpiaId}/reopen", ReopenAsync).WithName("ReopenDpia").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Reopen an approved or rejected DPIA as a draft");
        return app;
    }

    private static Ok<DpiaQuestionnaireView> GetQuestionnaire(string tenantId) =>
        TypedResults.Ok(new DpiaQuestionnaireView(DpiaQuestionnaire.CurrentVersion, DpiaQuestionnaire.CriteriaThreshold, DpiaQuestionnaire.Questions));

    private static async Task<Results<Created<Dpia>, ProblemHttpResult>> CreateAsync(
        string tenantId, DpiaRequest body, RequestContext request, DpiaService dpias, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, Problems.CreatedOr(http, await dpias.CreateAsync(tenantId, body, request.Write, cancellationToken),
            value => $"/api/tenants/{tenantId}/privacy/dpias/{value.Id}"));

    private static async Task<Results<Ok<Page<Dpia>>, ProblemHttpResult>> ListAsync(
        string tenantId, DpiaStatus? status, DpiaTrigger? trigger, string? owner, int? pageSize, string? continuationToken, DpiaService dpias,
        HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await dpias.ListAsync(tenantId, new DpiaFilter(status, trigger, owner), size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<Dpia>, ProblemHttpResult>> GetAsync(
        string tenantId, string dpiaId, DpiaService dpias, HttpContext http, CancellationToken cancellationToken) =>
        WithETag(http, await dpias.GetAsync(tenantId, dpiaId, cancellationToken));

    private static async Task<Results<Ok<Dpia>, ProblemHttpResult>> UpdateAsync(
        string tenantId, string dpiaId, DpiaRequest body, RequestContext request, DpiaService dpias, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        return WithETag(http, await dpias.UpdateAsync(tenantId, dpiaId, body, expected.Value, request.Write, cancellationToken));
    }

    private static Task<Results<Ok<Dpia>, ProblemHttpResult>> SubmitAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest? body, RequestContext request, DpiaReview review, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(http, version => review.SubmitAsync(tenantId, dpiaId, body ?? Empty, version, request.Write, cancellationToken));

    private static Task<Results<Ok<Dpia>, ProblemHttpResult>> ApproveAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest? body, RequestContext request, DpiaReview review, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(http, version => review.ApproveAsync(tenantId, dpiaId, body ?? Empty, version, request.Caller, request.Write, cancellationToken));

    private static Task<Results<Ok<Dpia>, ProblemHttpResult>> RejectAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest? body, RequestContext request, DpiaReview review, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(http, version => review.RejectAsync(tenantId, dpiaId, body ?? Empty, version, request.Caller, request.Write, cancellationToken));

    private static Task<Results<Ok<Dpia>, ProblemHttpResult>> ReopenAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest? body, RequestContext request, DpiaReview review, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(http, version => review.ReopenAsync(tenantId, dpiaId, body ?? Empty, version, request.Write, cancellationToken));

    private static readonly DpiaDecisionRequest Empty = new(null, null);

    /// <summary>A review step honours If-Match when given.</summary>
    private static async Task<Results<Ok<Dpia>, ProblemHttpResult>> DecideAsync(HttpContext http, Func<long?, Task<Result<Dpia>>> decide)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        return WithETag(http, await decide(expected.Value));
    }

    private static Results<Ok<Dpia>, ProblemHttpResult> WithETag(HttpContext http, Result<Dpia> result)
    {
        return Problems.OkWithETag(http, result);
    }

    private static Results<Created<Dpia>, ProblemHttpResult> WithETag(HttpContext http, Results<Created<Dpia>, ProblemHttpResult> result)
    {
        if (result.Result is Created<Dpia> { Value: { } created })
        {
            http.Response.Headers.ETag = created.ETag;
        }
        return result;
    }
}

/// <summary>The questionnaire as <c>GET …/dpias/questionnaire</c> shows it.</summary>
public sealed record DpiaQuestionnaireView(string Version, int CriteriaThreshold, IReadOnlyList<DpiaQuestion> Questions);
