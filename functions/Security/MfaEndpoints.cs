using DataGovernance.Accounts;
using DataGovernance.Functions.Hosting;
using DataGovernance.Mfa;
using DataGovernance.Security;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>
/// Account › Multi-factor authentication: the calling person's own authenticator devices and backup codes. The
/// routes name no tenant or user: every call acts on the caller, so another person's devices cannot be addressed.
/// </summary>
public static class MfaEndpoints
{
    public static IEndpointRouteBuilder MapMfa(this IEndpointRouteBuilder app)
    {
        var mfa = app.MapGroup("/api/auth/mfa").WithTags("Account");
        mfa.MapGet("/devices", ListAsync).WithName("ListMfaDevices").RequirePermission(Permission.OwnAccount)
            .WithSummary("List your authenticator devices (never their secrets)");
        mfa.MapPost("/devices", EnrollAsync).WithName("EnrollMfaDevice").RequirePermission(Permission.OwnAccount)
            .WithSummary("Enroll an authenticator app: its secret, key URI and QR code are in this response only");
        mfa.MapPost("/devices/{deviceId}/activate", ActivateAsync).WithName("ActivateMfaDevice").RequirePermission(Permission.OwnAccount)
            .WithSummary("Confirm an enrollment with the app's current code");
        mfa.MapPatch("/devices/{deviceId}", RenameAsync).WithName("RenameMfaDevice").RequirePermission(Permission.OwnAccount)
            .WithSummary("Rename one of your authenticator devices");
        mfa.MapDelete("/devices/{deviceId}", RemoveAsync).WithName("RemoveMfaDevice").RequirePermission(Permission.OwnAccount).RequireStepUp()
            .WithSummary("Remove one of your authenticator devices (the last active one takes the backup codes with it)");
        mfa.MapGet("/backup-codes", GetBackupCodeStatusAsync).WithName("GetBackupCodeStatus").RequirePermission(Permission.OwnAccount)
            .WithSummary("How many unused backup codes you have, and when they were made");
        mfa.MapPost("/backup-codes", RegenerateBackupCodesAsync).WithName("RegenerateBackupCodes").RequirePermission(Permission.OwnAccount)
            .WithSummary("Make 10 new backup codes, shown in this response only; the old ones stop working");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<MfaDevice>>> ListAsync(RequestContext request, MfaService mfa, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        return TypedResults.Ok(await mfa.ListAsync(tenantId, userId, cancellationToken));
    }

    private static async Task<Results<Created<MfaEnrollment>, ProblemHttpResult>> EnrollAsync(
        MfaDeviceNameRequest body, RequestContext request, MfaService mfa, HttpContext http, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        var enrollment = await mfa.BeginEnrollmentAsync(tenantId, userId, body, cancellationToken);
        return Problems.CreatedOr(http, enrollment, value => $"/api/auth/mfa/devices/{value.Device.Id}");
    }

    private static async Task<Results<Ok<MfaDevice>, ProblemHttpResult>> ActivateAsync(
        string deviceId, MfaCodeRequest body, RequestContext request, MfaService mfa, SessionService sessions, HttpContext http,
        CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        var activated = await mfa.ActivateAsync(tenantId, userId, deviceId, body, request.Write, cancellationToken);
        if (activated.Succeeded && request.Caller.SessionId is { } sessionId)
        {
            // The code just proved the new device in this hub session: it counts as this session's second factor.
            await sessions.MarkMfaVerifiedAsync(tenantId, userId, sessionId, cancellationToken);
        }
        return Problems.OkOr(http, activated);
    }

    private static async Task<Results<Ok<MfaDevice>, ProblemHttpResult>> RenameAsync(
        string deviceId, MfaDeviceNameRequest body, RequestContext request, MfaService mfa, HttpContext http, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        return Problems.OkOr(http, await mfa.RenameAsync(tenantId, userId, deviceId, body, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string deviceId, RequestContext request, MfaService mfa, HttpContext http, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        var removed = await mfa.RemoveAsync(tenantId, userId, deviceId, request.Write, cancellationToken);
        return removed.Succeeded ? TypedResults.NoContent() : Problems.From(http, removed.Failure);
    }

    private static async Task<Ok<BackupCodeStatus>> GetBackupCodeStatusAsync(RequestContext request, MfaService mfa, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        return TypedResults.Ok(await mfa.BackupCodeStatusAsync(tenantId, userId, cancellationToken));
    }

    private static async Task<Results<Ok<BackupCodeSet>, ProblemHttpResult>> RegenerateBackupCodesAsync(
        RequestContext request, MfaService mfa, HttpContext http, CancellationToken cancellationToken)
    {
        var (tenantId, userId) = Owner(request);
        return Problems.OkOr(http, await mfa.RegenerateBackupCodesAsync(tenantId, userId, request.Write, cancellationToken));
    }

    /// <summary>Whose devices: the caller's, in their tenant's partition, or the platform's for operators.</summary>
    private static (string TenantId, string UserId) Owner(RequestContext request) =>
        (request.Caller.TenantId ?? TenantIds.Platform, request.Caller.Id);
}
