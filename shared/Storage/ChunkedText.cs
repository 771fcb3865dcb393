using System.Text;
using Azure.Data.Tables;

namespace DataGovernance.Storage;

/// <summary>
/// A text longer than a string property holds (64 KiB, 32K UTF-16 characters) kept in one row: it continues in
/// Name1, Name2, … (a row may hold 1 MiB in all).
/// </summary>
public static class ChunkedText
{
    public const int MaxPropertyCharacters = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        for (var part = 0; part * MaxPropertyCharacters < text.Length || part == 0; part++)
        {
            var start = part * MaxPropertyCharacters;
            entity[part == 0 ? name : $"{name}{part}"] = text.Substring(start, Math.Min(MaxPropertyCharacters, text.Length - start));
        }
    }

    public static string Read(TableEntity row, string name)
    {
        var text = new StringBuilder(row.GetString(name));
        for (var part = 1; row.GetString($"{name}{part}") is { } more; part++)
        {
            text.Append(more);
        }
        return text.ToString();
    }
}
