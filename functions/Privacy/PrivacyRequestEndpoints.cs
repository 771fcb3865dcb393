using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › requests: data subject requests (GDPR, CCPA) from intake and verification to their end.</summary>
public static class PrivacyRequestEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyRequests(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/tenants/{tenantId}/privacy/requests").WithTags("Privacy");
        requests.MapPost("/", ReceiveAsync).WithName("CreatePrivacyRequest").RequirePermission(Permission.PrivacyRequestsManage)
            .WithSummary("Record a data subject request; one with an e-mail address that needs verification gets a code at once");
        requests.MapGet("/", ListAsync).WithName("ListPrivacyRequests").RequirePermission(Permission.PrivacyRequestsRead)
            .WithSummary("List requests, oldest first (filters status, type, dueBefore, overdue) with their deadlines");
        requests.MapGet("/{requestId}", GetAsync).WithName("GetPrivacyRequest").RequirePermission(Permission.PrivacyRequestsRead)
            .WithSummary("Read one request with its deadlines and history");
        requests.MapPatch("/{requestId}", AssignAsync).WithName("AssignPrivacyRequest").RequirePermission(Permission.PrivacyRequestsManage)
            .WithSummary("Assign the request to an active team member (an empty id unassigns it)");
        requests.MapPost("/{requestId}/verification-code", SendCodeAsync).WithName("SendPrivacyRequestVerificationCode")
            .RequirePermission(Permission.PrivacyRequestsManage).WithSummary("E-mail the requester a new verification code");
        requests.MapPost("/{requestId}/verify", VerifyAsync).WithName("VerifyPrivacyRequest").RequirePermission(Permission.PrivacyRequestsManage)
            .WithSummary("Verify the requester by the code they received, or manually with a note");
        requests.MapPost("/{requestId}/acknowledge", AcknowledgeAsync).WithName("AcknowledgePrivacyRequest")
            .RequirePermission(Permission.PrivacyRequestsManage).WithSummary("Record that receipt was confirmed to the requester");
        requests.MapPost("/{requestId}/extend", ExtendAsync).WithName("ExtendPrivacyRequest").RequirePermission(Permission.PrivacyRequestsManage)
            .WithSummary("Extend the response deadline once, within the first period, after telling the requester");
        requests.MapPost("/{requestId}/status", ChangeStatusAsync).WithName("ChangePrivacyRequestStatus")
            .RequirePermission(Permission.PrivacyRequestsManage).WithSummary("Move the request to InProgress, Completed, Refused (with reasons) or Withdrawn");
        return app;
    }

    private static async Task<Results<Created<PrivacyRequest>, ProblemHttpResult>> ReceiveAsync(
        string tenantId, PrivacyRequestIntake body, RequestContext request, PrivacyRequestService requests, HttpContext http, CancellationToken cancellationToken)
    {
        var received = await requests.ReceiveAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedOr(http, received, value => $"/api/tenants/{tenantId}/privacy/requests/{value.Id}");
    }

    private static async Task<Results<Ok<Page<PrivacyRequest>>, ProblemHttpResult>> ListAsync(
        string tenantId, string? status, string? type, DateOnly? dueBefore, bool? overdue, int? pageSize, string? continuationToken,
        PrivacyRequestService requests, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await requests.ListAsync(tenantId, status, type, dueBefore, overdue, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> GetAsync(
        string tenantId, string requestId, PrivacyRequestService requests, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await requests.GetAsync(tenantId, requestId, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> AssignAsync(
        string tenantId, string requestId, PrivacyRequestAssignment body, RequestContext request, PrivacyRequestService requests, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await requests.AssignAsync(tenantId, requestId, body, request.Write, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> SendCodeAsync(
        string tenantId, string requestId, RequestContext request, PrivacyRequestVerification verification, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await verification.SendCodeAsync(tenantId, requestId, request.Write, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> VerifyAsync(
        string tenantId, string requestId, VerificationInput body, RequestContext request, PrivacyRequestVerification verification, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await verification.VerifyAsync(tenantId, requestId, body, request.Write, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> AcknowledgeAsync(
        string tenantId, string requestId, AcknowledgementInput body, RequestContext request, PrivacyRequestService requests, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await requests.AcknowledgeAsync(tenantId, requestId, body, request.Write, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> ExtendAsync(
        string tenantId, string requestId, ExtensionInput body, RequestContext request, PrivacyRequestService requests, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await requests.ExtendAsync(tenantId, requestId, body, request.Write, cancellationToken));

    private static async Task<Results<Ok<PrivacyRequest>, ProblemHttpResult>> ChangeStatusAsync(
        string tenantId, string requestId, StatusChange body, RequestContext request, PrivacyRequestService requests, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await requests.ChangeStatusAsync(tenantId, requestId, body, request.Write, cancellationToken));
}
