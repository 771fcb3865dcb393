using System.Net.Mail;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>Which status a request may move to from where (docs/api.md, "Privacy requests").</summary>
public static class PrivacyRequestTransitions
{
    public static bool Allows(PrivacyRequest request, PrivacyRequestStatus target) => (request.Status, target) switch
    {
        (var from, _) when from.IsClosed() => false,
        (PrivacyRequestStatus.Verified, PrivacyRequestStatus.InProgress) => true,
        // Opt-outs need no verification: work may start as soon as they arrive.
        (PrivacyRequestStatus.Received or PrivacyRequestStatus.AwaitingVerification, PrivacyRequestStatus.InProgress) => !request.Type.NeedsVerification(),
        (PrivacyRequestStatus.InProgress, PrivacyRequestStatus.Completed) => true,
        (_, PrivacyRequestStatus.Refused or PrivacyRequestStatus.Withdrawn) => true,
        _ => false,
    };
}

/// <summary>The checks of an intake body.</summary>
public static partial class PrivacyRequestIntakeRules
{
    /// <summary>How far ahead of the hub's clock a given time may be (the caller's clock may run a little fast).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>How far back a request received by post may be recorded; older dates are most likely typing errors.</summary>
    public static readonly TimeSpan MaxBackdating = TimeSpan.FromDays(366);

    public const int MaxNameLength = 200;

    public const int MaxEmailLength = 254;

    public const int MaxDescriptionLength = 4000;

    public static Result<(PrivacyRequestType Type, Requester Requester, string? Description, DateTimeOffset ReceivedAt)> Check(
        PrivacyRequestIntake intake, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (!Enum.TryParse<PrivacyRequestType>(intake.Type, ignoreCase: false, out var type) || int.TryParse(intake.Type, out _))
        {
            errors.Add("type", $"Required, one of: {string.Join(", ", Enum.GetNames<PrivacyRequestType>())}.");
        }
        var requester = CheckRequester(intake.Requester, errors);
        var description = string.IsNullOrWhiteSpace(intake.Description) ? null : intake.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add("description", $"At most {MaxDescriptionLength} characters.");
        }
        var receivedAt = intake.ReceivedAt?.ToUniversalTime() ?? now;
        if (receivedAt > now + ClockSkew)
        {
            errors.Add("receivedAt", "Cannot be in the future.");
        }
        else if (receivedAt < now - MaxBackdating)
        {
            errors.Add("receivedAt", $"At most {MaxBackdating.TotalDays:0} days ago.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return (type, requester!, description, new DateTimeOffset(receivedAt.Ticks - (receivedAt.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero));
    }

    private static Requester? CheckRequester(RequesterInput? input, FieldErrors errors)
    {
        if (input is null)
        {
            errors.Add("requester", "Required: { name, email and/or phone, relationship }.");
            return null;
        }
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors.Add("requester.name", $"Required: 1–{MaxNameLength} characters.");
        }
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && (email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            errors.Add("requester.email", "Must be one e-mail address.");
        }
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        if (phone is not null && (!PhoneNumber().IsMatch(phone) || phone.Count(char.IsAsciiDigit) is < 6 or > 15))
        {
            errors.Add("requester.phone", "Must be a phone number: 6–15 digits, optionally with a leading +, spaces, hyphens or parentheses.");
        }
        if (email is null && phone is null)
        {
            errors.Add("requester", "Give an e-mail address, a phone number or both.");
        }
        var relationship = RequesterRelationship.Self;
        if (input.Relationship is not null
            && (!Enum.TryParse(input.Relationship, ignoreCase: false, out relationship) || int.TryParse(input.Relationship, out _)))
        {
            errors.Add("requester.relationship", "One of: Self, AuthorisedAgent.");
        }
        return new Requester(name, email, phone, relationship);
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}

/// <summary>When and how a response deadline may be extended (GDPR Art. 12(3); CCPA regulations §7021(b)).</summary>
public static class PrivacyRequestExtensionRules
{
    public static Result<PrivacyRequestChange> Decide(PrivacyRequest request, ExtensionInput body, DateTimeOffset now, WriteContext context)
    {
        var errors = new FieldErrors();
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > PrivacyRequestService.MaxReasonLength)
        {
            errors.Add("reason", $"Required: 1–{PrivacyRequestService.MaxReasonLength} characters, as told to the requester.");
        }
        if (body.NoticeSentAt is not { } noticeSentAt || noticeSentAt > now + PrivacyRequestIntakeRules.ClockSkew || noticeSentAt < request.ReceivedAt)
        {
            errors.Add("noticeSentAt", "Required: when the requester was told of the extension; not in the future, not before receipt.");
        }
        if (request.Law == PrivacyLaw.Gdpr && body.Months is < 1 or > PrivacyDeadlineRules.GdprMaxExtensionMonths)
        {
            errors.Add("months", $"1 or {PrivacyDeadlineRules.GdprMaxExtensionMonths} further months (default {PrivacyDeadlineRules.GdprMaxExtensionMonths}).");
        }
        if (request.Law == PrivacyLaw.Ccpa && body.Months is not null)
        {
            errors.Add("months", $"CCPA extensions are always {PrivacyDeadlineRules.CcpaResponseDays} days; leave months out.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        if (request.Status.IsClosed())
        {
            return PrivacyRequestService.Closed(request);
        }
        if (!PrivacyDeadlineRules.IsExtendable(request.Type))
        {
            return Failure.Conflict("not-extendable", $"{request.Type} requests have a fixed deadline of {PrivacyDeadlineRules.CcpaOptOutBusinessDays} business days.");
        }
        if (request.Extension is not null)
        {
            return Failure.Conflict("already-extended", $"Privacy request '{request.Id}' was extended already; the law allows one extension.");
        }
        var zone = PrivacyDeadlineRules.Zone(request.TimeZone);
        var dueAt = PrivacyDeadlineRules.DueOn(request.Type, PrivacyDeadlineRules.LocalDay(request.ReceivedAt, zone));
        if (PrivacyDeadlineRules.LocalDay(now, zone) > dueAt || PrivacyDeadlineRules.LocalDay(body.NoticeSentAt!.Value, zone) > dueAt)
        {
            return Failure.Conflict("extension-window-closed",
                $"An extension must be decided and notified within the first period, which ended on {dueAt:yyyy-MM-dd}.");
        }
        var months = request.Law == PrivacyLaw.Gdpr ? body.Months ?? PrivacyDeadlineRules.GdprMaxExtensionMonths : (int?)null;
        var extension = new DeadlineExtension(reason, body.NoticeSentAt!.Value.ToUniversalTime(), months, now, context.Actor.Id);
        return new PrivacyRequestChange(request with { Extension = extension }, "Extended", reason);
    }
}
