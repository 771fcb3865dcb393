namespace DataGovernance.Schedules;

/// <summary>Limits of report and export schedules and how a scheduled export is waited for.</summary>
public sealed class ReportScheduleOptions
{
    public const string SectionName = "Hub:ReportSchedules";

    /// <summary>The shortest time allowed between two occurrences of a schedule, so that no tenant schedules work every second.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest pause between two checks of a scheduled export's progress (checks start at 2 seconds and double).</summary>
    public TimeSpan ExportPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a scheduled run waits for its export before it fails.</summary>
    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Schedules a tenant may keep.</summary>
    public int MaxSchedulesPerTenant { get; set; } = 50;

    public const string Requirement =
        $"{SectionName}: MinimumInterval between 1 minute and 7 days, ExportPollInterval between 1 second and 1 hour, " +
        "ExportTimeout between 1 minute and 2 days, MaxSchedulesPerTenant between 1 and 1000.";

    public bool IsValid() =>
        MinimumInterval >= TimeSpan.FromMinutes(1) && MinimumInterval <= TimeSpan.FromDays(7)
        && ExportPollInterval >= TimeSpan.FromSeconds(1) && ExportPollInterval <= TimeSpan.FromHours(1)
        && ExportTimeout >= TimeSpan.FromMinutes(1) && ExportTimeout <= TimeSpan.FromDays(2)
        && MaxSchedulesPerTenant is >= 1 and <= 1000;
}
