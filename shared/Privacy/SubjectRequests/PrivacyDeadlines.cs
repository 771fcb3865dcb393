namespace DataGovernance.Privacy;

/// <summary>
/// A request's deadlines as calendar days in <see cref="TimeZone"/>: each is the last day on which acting is on time.
/// </summary>
/// <param name="AcknowledgeBy">CCPA know/delete/correct: confirm receipt by then (10 business days); null otherwise.</param>
/// <param name="DueAt">The response deadline without an extension.</param>
/// <param name="ExtendedDueAt">The deadline after an extension; null without one.</param>
/// <param name="ExtendableUntil">The last day an extension may still be recorded (and its notice sent); null once extended or when the type cannot be extended.</param>
/// <param name="DaysLeft">Days from today to the deadline that applies (negative once passed); null for closed requests.</param>
/// <param name="OverdueFrom">The moment the deadline that applies has passed: the start of the next day in <see cref="TimeZone"/>.</param>
public sealed record PrivacyDeadlines(
    string TimeZone,
    DateOnly ReceivedOn,
    DateOnly? AcknowledgeBy,
    DateOnly DueAt,
    DateOnly? ExtendedDueAt,
    DateOnly? ExtendableUntil,
    int? DaysLeft,
    bool Overdue,
    DateTimeOffset OverdueFrom)
{
    public DateOnly EffectiveDueAt => ExtendedDueAt ?? DueAt;
}

/// <summary>
/// The statutory clocks of data subject requests (docs/api.md, "Privacy requests"). Pure: every input is a parameter.
/// Days are calendar days in the tenant's time zone (UTC when it has none or the zone is unknown), so a request
/// received at 23:30 in Berlin counts from that Berlin day even though it is the next day in UTC.
/// </summary>
public static class PrivacyDeadlineRules
{
    /// <summary>GDPR Art. 12(3): one month, extendable by at most two further months.</summary>
    public const int GdprMaxExtensionMonths = 2;

    /// <summary>CCPA regulations §7021(a): confirm receipt within 10 business days.</summary>
    public const int CcpaAcknowledgementBusinessDays = 10;

    /// <summary>CCPA regulations §7021(b): respond within 45 calendar days, extendable once by 45 more.</summary>
    public const int CcpaResponseDays = 45;

    /// <summary>CCPA regulations §7026(f), §7027(e): act on an opt-out or a request to limit within 15 business days.</summary>
    public const int CcpaOptOutBusinessDays = 15;

    public static TimeZoneInfo Zone(string? timeZoneId) =>
        timeZoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first moment of the day after <paramref name="day"/> in the zone (its midnight, or the first valid time after a DST gap).</summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>
    /// The day <paramref name="count"/> business days after <paramref name="from"/> (which itself does not count).
    /// Business days are Monday to Friday in the tenant's calendar. Public holidays are not modelled: a deadline
    /// that spans one comes a day or two earlier than the law requires, which errs on the safe side.
    /// </summary>
    public static DateOnly AddBusinessDays(DateOnly from, int count)
    {
        var day = from;
        while (count > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                count--;
            }
        }
        return day;
    }

    /// <summary>The response deadline without an extension.</summary>
    public static DateOnly DueOn(PrivacyRequestType type, DateOnly receivedOn) => type.LawOf() switch
    {
        // DateOnly.AddMonths clamps to the month's end: received 31 January, due 28 (or 29) February.
        PrivacyLaw.Gdpr => receivedOn.AddMonths(1),
        _ when !IsExtendable(type) => AddBusinessDays(receivedOn, CcpaOptOutBusinessDays),
        _ => receivedOn.AddDays(CcpaResponseDays),
    };

    /// <summary>
    /// The deadline after an extension. GDPR counts the whole period from receipt (1 + <paramref name="gdprMonths"/>
    /// months, clamped to the month's end), so that 31 January extended by two months is due 30 April, not 28 April.
    /// </summary>
    public static DateOnly ExtendedDueOn(PrivacyRequestType type, DateOnly receivedOn, int? gdprMonths) => type.LawOf() switch
    {
        PrivacyLaw.Gdpr => receivedOn.AddMonths(1 + Math.Clamp(gdprMonths ?? GdprMaxExtensionMonths, 1, GdprMaxExtensionMonths)),
        _ => receivedOn.AddDays(2 * CcpaResponseDays),
    };

    public static DateOnly? AcknowledgeByOn(PrivacyRequestType type, DateOnly receivedOn) =>
        type.LawOf() == PrivacyLaw.Ccpa && IsExtendable(type) ? AddBusinessDays(receivedOn, CcpaAcknowledgementBusinessDays) : null;

    /// <summary>Opt-outs have a fixed 15 business days; every other type may be extended once.</summary>
    public static bool IsExtendable(PrivacyRequestType type) =>
        type is not (PrivacyRequestType.OptOut or PrivacyRequestType.LimitSensitive);

    public static PrivacyDeadlines For(
        PrivacyRequestType type, DateTimeOffset receivedAt, string? timeZoneId, DeadlineExtension? extension, bool closed, DateTimeOffset now)
    {
        var zone = Zone(timeZoneId);
        var receivedOn = LocalDay(receivedAt, zone);
        var dueOn = DueOn(type, receivedOn);
        DateOnly? extendedOn = extension is null ? null : ExtendedDueOn(type, receivedOn, extension.Months);
        var effective = extendedOn ?? dueOn;
        var today = LocalDay(now, zone);
        return new PrivacyDeadlines(
            zone.Id,
            receivedOn,
            AcknowledgeByOn(type, receivedOn),
            dueOn,
            extendedOn,
            extension is null && IsExtendable(type) && !closed ? dueOn : null,
            closed ? null : effective.DayNumber - today.DayNumber,
            !closed && today > effective,
            EndOfDay(effective, zone));
    }

    public static PrivacyDeadlines For(PrivacyRequest request, DateTimeOffset now) =>
        For(request.Type, request.ReceivedAt, request.TimeZone, request.Extension, request.Status.IsClosed(), now);
}
