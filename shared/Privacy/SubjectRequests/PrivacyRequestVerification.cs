using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataGovernance.Notifications;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using Microsoft.Extensions.Options;

namespace DataGovernance.Privacy;

/// <summary>
/// Checks that a requester is who they claim: an 8-digit code e-mailed through the notification outbox (the request
/// keeps only its hash, with an expiry and an attempt limit), or a DPO's manual verification with a note.
/// </summary>
public sealed class PrivacyRequestVerification(PrivacyRequestJournal journal, NotificationOutbox outbox, IOptions<PrivacyRequestOptions> options)
{
    public const string CodeTemplate = "privacy-request-verification-code";

    public const int CodeDigits = 8;

    public const int MaxCodesPerRequest = 5;

    public const int MaxNoteLength = 1000;

    private PrivacyRequestOptions Options => options.Value;

    /// <summary>Sends a new code to the requester's e-mail address; any earlier code stops working.</summary>
    public async Task<Result<PrivacyRequest>> SendCodeAsync(string tenantId, string requestId, WriteContext context, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, CodeDigits)).ToString($"D{CodeDigits}", CultureInfo.InvariantCulture);
        var sent = await journal.ChangeAsync(tenantId, requestId, (request, now) =>
        {
            if (Unverifiable(request) is { } failure)
            {
                return failure;
            }
            if (request.Requester.Email is null)
            {
                return Failure.Conflict("no-email-address", "The requester gave no e-mail address to send a code to; verify them manually.");
            }
            if (request.Verification.CodesSent >= MaxCodesPerRequest)
            {
                return Failure.Conflict("too-many-codes", $"{MaxCodesPerRequest} codes were sent for this request already; verify the requester manually.");
            }
            var verification = request.Verification with
            {
                CodeSentAt = now,
                CodeExpiresAt = now + Options.VerificationCodeLifetime,
                FailedAttempts = 0,
                CodesSent = request.Verification.CodesSent + 1,
                CodeHash = Hash(request.Id, code),
            };
            return new PrivacyRequestChange(request with { Status = PrivacyRequestStatus.AwaitingVerification, Verification = verification }, "VerificationCodeSent");
        }, context, cancellationToken);
        if (sent.Succeeded)
        {
            // Written after the request so that a code in the outbox always matches the hash on the request.
            await outbox.EnqueueAsync(tenantId, NotificationChannel.Email, sent.Value.Requester.Email!, CodeTemplate, new Dictionary<string, string>
            {
                ["requestId"] = requestId,
                ["code"] = code,
                ["expiresAt"] = sent.Value.Verification.CodeExpiresAt!.Value.ToString("O", CultureInfo.InvariantCulture),
            }, cancellationToken);
        }
        return sent;
    }

    /// <summary>Verifies by <c>input.Code</c>, or manually with <c>input.Note</c> (exactly one of them).</summary>
    public async Task<Result<PrivacyRequest>> VerifyAsync(
        string tenantId, string requestId, VerificationInput input, WriteContext context, CancellationToken cancellationToken)
    {
        var code = input.Code?.Trim();
        var note = input.Note?.Trim();
        if (string.IsNullOrEmpty(code) == string.IsNullOrEmpty(note))
        {
            return Failure.Validation(FieldErrors.Of("code", "Give either the code the requester received or, for a manual verification, a note."));
        }
        if (note is { Length: > MaxNoteLength })
        {
            return Failure.Validation(FieldErrors.Of("note", $"At most {MaxNoteLength} characters."));
        }
        if (code is { Length: > 0 } && (code.Length != CodeDigits || !code.All(char.IsAsciiDigit)))
        {
            return Failure.Validation(FieldErrors.Of("code", $"{CodeDigits} digits."));
        }
        return await journal.ChangeAsync(tenantId, requestId, (request, now) =>
        {
            if (Unverifiable(request) is { } failure)
            {
                return failure;
            }
            return string.IsNullOrEmpty(code)
                ? Verified(request, now, context, VerificationMethod.Manual, note)
                : CheckCode(request, now, context, code);
        }, context, cancellationToken);
    }

    private Result<PrivacyRequestChange> CheckCode(PrivacyRequest request, DateTimeOffset now, WriteContext context, string code)
    {
        var verification = request.Verification;
        if (request.Status != PrivacyRequestStatus.AwaitingVerification || verification.CodeHash is null)
        {
            return Failure.Conflict("no-verification-code", "No code was sent for this request; send one first.");
        }
        if (verification.FailedAttempts >= Options.VerificationMaxAttempts)
        {
            return Failure.Conflict("verification-locked", "Too many wrong codes; send a new code.");
        }
        if (now >= verification.CodeExpiresAt)
        {
            return Failure.Conflict("verification-code-expired", "The code has expired; send a new code.");
        }
        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(verification.CodeHash), Convert.FromHexString(Hash(request.Id, code))))
        {
            var failed = verification.FailedAttempts + 1;
            var left = Math.Max(0, Options.VerificationMaxAttempts - failed);
            return new PrivacyRequestChange(request with { Verification = verification with { FailedAttempts = failed } }, null,
                ThenFail: new Failure(Outcomes.FailureKind.Validation, "invalid-verification-code",
                    left > 0 ? $"The code is wrong; {left} attempt(s) left." : "The code is wrong and no attempts are left; send a new code."));
        }
        return Verified(request, now, context, VerificationMethod.Code, null);
    }

    private static PrivacyRequestChange Verified(PrivacyRequest request, DateTimeOffset now, WriteContext context, VerificationMethod method, string? note) =>
        new(request with
        {
            Status = PrivacyRequestStatus.Verified,
            Verification = request.Verification with
            {
                Method = method, VerifiedAt = now, VerifiedBy = context.Actor.Id, Note = note, CodeHash = null, CodeExpiresAt = null,
            },
        }, "Verified", method == VerificationMethod.Manual ? note : "code");

    private static Failure? Unverifiable(PrivacyRequest request) =>
        request.Status is PrivacyRequestStatus.Received or PrivacyRequestStatus.AwaitingVerification
            ? null
            : PrivacyRequestService.IllegalStep(request, "verified");

    /// <summary>
    /// Salted with the request id: the code is short-lived, rate-limited and (being sent by e-mail) in the outbox
    /// anyway, so a fast hash suffices to keep it out of the request itself.
    /// </summary>
    private static string Hash(string requestId, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"privacy-request-code|{requestId}|{code}")));
}
