using System.Globalization;
using DataGovernance.Exports;

namespace DataGovernance.Imports;

/// <summary>
/// A stored cell as the text an import reads, the same text the hub read when it loaded workbooks with ClosedXML:
/// dates (numbers in a date style, and ISO dates) as yyyy-MM-dd, durations as d.hh:mm:ss, whole numbers without ".0",
/// other numbers as Excel shows them (15 significant digits), booleans as true/false, a formula as its cached result,
/// an error as no value.
/// </summary>
internal static class XlsxCellText
{
    public static string? Of(string? type, string? value, string? inlineText, XlsxNumberKind kind, bool date1904, IReadOnlyList<string> sharedStrings)
    {
        var text = type switch
        {
            "s" => SharedString(value, sharedStrings),
            "inlineStr" => inlineText is null ? null : XlsxText.Unescape(inlineText),
            "str" => value is null ? null : XlsxText.Unescape(value),
            "b" => value is null ? null : value.Trim() is "1" or "true" ? "true" : "false",
            "e" => null,
            "d" => IsoDate(value),
            _ => Number(value, kind, date1904),
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string SharedString(string? value, IReadOnlyList<string> sharedStrings) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
            ? sharedStrings[index]
            : throw new ImportFileException(ImportProblems.MalformedXlsx($"a cell refers to shared string '{value}', which the workbook does not have."));

    private static string? IsoDate(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value;

    private static string? Number(string? value, XlsxNumberKind kind, bool date1904)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored))
        {
            return value;
        }
        // Excel keeps 15 significant digits: 0.30000000000000004 in the file is the 0.3 the sheet shows.
        var number = double.Parse(stored.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (kind == XlsxNumberKind.Date && Date(number, date1904) is { } date)
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (kind == XlsxNumberKind.Duration && Math.Abs(number) < TimeSpan.MaxValue.TotalDays)
        {
            return TimeSpan.FromMilliseconds(Math.Round(number * 86_400_000)).ToString("c", CultureInfo.InvariantCulture);
        }
        return number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The date of a serial number, counted as Excel counts it (from 1900, or 1904); null outside the dates it can show.</summary>
    private static DateTime? Date(double serial, bool date1904)
    {
        var days = date1904 ? serial + 1462 : serial;
        return days is > -657435.0 and < 2958466.0 ? DateTime.FromOADate(days) : null;
    }
}
