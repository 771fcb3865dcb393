using DataGovernance.Privacy;
using Xunit;

namespace DataGovernance.Tests.Privacy;

/// <summary>The statutory clocks, without storage: GDPR Art. 12(3) and CCPA regulations §7021, §7026.</summary>
public sealed class SubjectRequestDeadlineTests
{
    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd");

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2027-01-31", "2027-02-28")] // clamped to the end of a short February
    [InlineData("2028-01-31", "2028-02-29")] // leap year
    [InlineData("2028-01-29", "2028-02-29")]
    [InlineData("2027-01-28", "2027-02-28")]
    [InlineData("2027-03-31", "2027-04-30")]
    [InlineData("2027-08-31", "2027-09-30")]
    [InlineData("2027-12-31", "2028-01-31")] // over the year end
    [InlineData("2027-02-28", "2027-03-28")] // the same date, not the end of the month
    [InlineData("2028-02-29", "2028-03-29")]
    [InlineData("2027-06-15", "2027-07-15")]
    public void Gdpr_IsDueOneCalendarMonthAfterReceipt(string received, string due)
    {
        Assert.Equal(Day(due), PrivacyDeadlineRules.DueOn(PrivacyRequestType.Access, Day(received)));
        Assert.Equal(Day(due), PrivacyDeadlineRules.DueOn(PrivacyRequestType.Erasure, Day(received)));
    }

    [Theory]
    [InlineData("2027-01-31", 2, "2027-04-30")] // three months from receipt, not two from 28 February
    [InlineData("2027-01-31", 1, "2027-03-31")]
    [InlineData("2027-11-30", 2, "2028-02-29")]
    [InlineData("2027-11-30", null, "2028-02-29")] // two further months by default
    [InlineData("2027-05-15", 1, "2027-07-15")]
    public void Gdpr_ExtensionCountsTheWholePeriodFromReceipt(string received, int? months, string due)
    {
        Assert.Equal(Day(due), PrivacyDeadlineRules.ExtendedDueOn(PrivacyRequestType.Portability, Day(received), months));
    }

    [Theory]
    [InlineData("2027-03-01", "2027-03-15")] // Monday → two weeks later
    [InlineData("2027-03-05", "2027-03-19")] // Friday
    [InlineData("2027-03-06", "2027-03-19")] // Saturday: Monday is the first business day
    [InlineData("2027-03-07", "2027-03-19")] // Sunday
    [InlineData("2027-03-03", "2027-03-17")] // Wednesday
    [InlineData("2027-12-24", "2028-01-07")] // over the year end (holidays are not modelled)
    public void Ccpa_AcknowledgementIsDueTenBusinessDaysAfterReceipt(string received, string acknowledgeBy)
    {
        Assert.Equal(Day(acknowledgeBy), PrivacyDeadlineRules.AcknowledgeByOn(PrivacyRequestType.Know, Day(received)));
        Assert.Null(PrivacyDeadlineRules.AcknowledgeByOn(PrivacyRequestType.Access, Day(received)));
        Assert.Null(PrivacyDeadlineRules.AcknowledgeByOn(PrivacyRequestType.OptOut, Day(received)));
    }

    [Theory]
    [InlineData("2027-01-01", "2027-02-15", "2027-04-01")]
    [InlineData("2028-01-20", "2028-03-05", "2028-04-19")] // leap year: 29 February counts
    [InlineData("2027-01-20", "2027-03-06", "2027-04-20")] // a Saturday: calendar days, not business days
    [InlineData("2027-12-01", "2028-01-15", "2028-02-29")]
    public void Ccpa_IsDue45CalendarDaysAfterReceipt_And90WhenExtended(string received, string due, string extended)
    {
        Assert.Equal(Day(due), PrivacyDeadlineRules.DueOn(PrivacyRequestType.Delete, Day(received)));
        Assert.Equal(Day(extended), PrivacyDeadlineRules.ExtendedDueOn(PrivacyRequestType.Delete, Day(received), null));
    }

    [Theory]
    [InlineData("2027-03-01", "2027-03-22")] // Monday → three weeks later
    [InlineData("2027-03-06", "2027-03-26")] // Saturday
    [InlineData("2027-03-05", "2027-03-26")] // Friday
    public void Ccpa_OptOutIsDueFifteenBusinessDaysAfterReceipt_AndCannotBeExtended(string received, string due)
    {
        Assert.Equal(Day(due), PrivacyDeadlineRules.DueOn(PrivacyRequestType.OptOut, Day(received)));
        Assert.Equal(Day(due), PrivacyDeadlineRules.DueOn(PrivacyRequestType.LimitSensitive, Day(received)));
        Assert.False(PrivacyDeadlineRules.IsExtendable(PrivacyRequestType.OptOut));
        Assert.True(PrivacyDeadlineRules.IsExtendable(PrivacyRequestType.Correct));
    }

    [Fact]
    public void Days_AreCountedInTheTenantsTimeZone()
    {
        // 23:30 UTC on 31 January is already 1 February in Berlin: due 1 March there, 28 February in UTC.
        var receivedAt = Utc("2027-01-31T23:30:00Z");
        var now = Utc("2027-02-10T12:00:00Z");

        var berlin = PrivacyDeadlineRules.For(PrivacyRequestType.Access, receivedAt, "Europe/Berlin", null, false, now);
        var utc = PrivacyDeadlineRules.For(PrivacyRequestType.Access, receivedAt, null, null, false, now);

        Assert.Equal((Day("2027-02-01"), Day("2027-03-01")), (berlin.ReceivedOn, berlin.DueAt));
        Assert.Equal((Day("2027-01-31"), Day("2027-02-28")), (utc.ReceivedOn, utc.DueAt));
        Assert.Equal("UTC", utc.TimeZone);
        // The deadline passes at midnight at the end of 1 March in Berlin (CET, UTC+1).
        Assert.Equal(Utc("2027-03-01T23:00:00Z"), berlin.OverdueFrom);
    }

    [Fact]
    public void UnknownTimeZone_CountsInUtc() =>
        Assert.Equal("UTC", PrivacyDeadlineRules.For(PrivacyRequestType.Access, Utc("2027-01-31T12:00:00Z"), "Mars/Olympus", null, false, Utc("2027-02-01T00:00:00Z")).TimeZone);

    [Fact]
    public void EndOfDay_FollowsDaylightSavingTime()
    {
        var berlin = PrivacyDeadlineRules.Zone("Europe/Berlin");
        Assert.Equal(Utc("2027-07-01T22:00:00Z"), PrivacyDeadlineRules.EndOfDay(Day("2027-07-01"), berlin)); // CEST, UTC+2
        Assert.Equal(Utc("2027-03-28T22:00:00Z"), PrivacyDeadlineRules.EndOfDay(Day("2027-03-28"), berlin)); // the day clocks go forward
    }

    [Theory]
    [InlineData("2027-02-28T12:00:00Z", 0, false)] // the due day itself is on time
    [InlineData("2027-02-28T22:59:00Z", 0, false)] // 23:59 in Berlin
    [InlineData("2027-02-28T23:00:00Z", -1, true)] // midnight in Berlin: overdue
    [InlineData("2027-02-21T12:00:00Z", 7, false)]
    public void DaysLeft_AndOverdue_CountWholeDaysInTheTenantsZone(string now, int daysLeft, bool overdue)
    {
        var deadlines = PrivacyDeadlineRules.For(PrivacyRequestType.Access, Utc("2027-01-31T10:00:00Z"), "Europe/Berlin", null, false, Utc(now));

        Assert.Equal((daysLeft, overdue), (deadlines.DaysLeft, deadlines.Overdue));
    }

    [Fact]
    public void ClosedRequest_HasNoDaysLeft_AndIsNeverOverdue()
    {
        var deadlines = PrivacyDeadlineRules.For(PrivacyRequestType.Access, Utc("2026-01-31T10:00:00Z"), "UTC", null, true, Utc("2027-01-01T00:00:00Z"));

        Assert.Equal((null, false, null), (deadlines.DaysLeft, deadlines.Overdue, deadlines.ExtendableUntil));
    }

    [Fact]
    public void Extension_MovesTheDeadlineThatApplies_AndEndsTheExtensionWindow()
    {
        var extension = new DeadlineExtension("Complex request", Utc("2027-02-10T09:00:00Z"), 2, Utc("2027-02-10T09:00:00Z"), "user:dpo");
        var now = Utc("2027-03-15T12:00:00Z");

        var extended = PrivacyDeadlineRules.For(PrivacyRequestType.Access, Utc("2027-01-31T10:00:00Z"), "UTC", extension, false, now);
        var plain = PrivacyDeadlineRules.For(PrivacyRequestType.Access, Utc("2027-01-31T10:00:00Z"), "UTC", null, false, now);

        Assert.Equal((Day("2027-02-28"), Day("2027-04-30"), (DateOnly?)null, 46, false),
            (extended.DueAt, extended.ExtendedDueAt, extended.ExtendableUntil, extended.DaysLeft, extended.Overdue));
        Assert.Equal((Day("2027-02-28"), (DateOnly?)null, Day("2027-02-28"), -15, true),
            (plain.DueAt, plain.ExtendedDueAt, plain.ExtendableUntil, plain.DaysLeft, plain.Overdue));
    }
}
