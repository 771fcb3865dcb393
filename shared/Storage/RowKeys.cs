using System.Globalization;

namespace DataGovernance.Storage;

/// <summary>Row key encodings shared by the stores.</summary>
public static class RowKeys
{
    /// <summary>Zero-padded so that rows sort by number; inverted so that the newest comes first in a scan.</summary>
    public static string NewestFirst(long sequence) =>
        (long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture);

    public static long FromNewestFirst(string rowKey) =>
        long.MaxValue - long.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The exclusive upper bound of a prefix range: every key starting with <paramref name="prefix"/> sorts below it.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
