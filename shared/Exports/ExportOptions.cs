namespace DataGovernance.Exports;

/// <summary>Settings of bulk exports.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Hub:Exports";

    /// <summary>How long a completed export's file is kept and handed out; then it is deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many records a sorted export sorts in memory before spilling them to a temporary file.</summary>
    public int SortRunRecords { get; set; } = 20_000;

    /// <summary>When expired exports' files are deleted (six-field NCRONTAB, UTC).</summary>
    public string ExpirySchedule { get; set; } = "0 15 * * * *";

    public const string Requirement =
        $"{SectionName}: Retention 1 hour to 90 days, SortRunRecords 1000 to 1000000, ExpirySchedule required.";

    public bool IsValid() =>
        Retention >= TimeSpan.FromHours(1) && Retention <= TimeSpan.FromDays(90)
        && SortRunRecords is >= 1000 and <= 1_000_000 && !string.IsNullOrWhiteSpace(ExpirySchedule);
}
