using CsvHelper;

namespace DataGovernance.Exports;

/// <summary>
/// The hub's one way of writing CSV (registers, access packages, bulk exports): RFC 4180 (comma, CRLF, quotes where
/// needed), UTF-8, a header row. A cell that starts with <c>= + - @</c>, tab or CR gets a leading <c>'</c> so that a
/// spreadsheet shows it as text instead of running it as a formula.
/// </summary>
public static class SafeCsv
{
    public const string MediaType = "text/csv";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>A CSV writer over <paramref name="destination"/>, left open when the writer is disposed.</summary>
    public static CsvWriter Create(Stream destination) => CsvWriter.Create(destination, Options, leaveOpen: true);

    /// <summary>Writes the header and one record per item to <paramref name="destination"/> as the items arrive.</summary>
    public static async Task WriteAsync<T>(
        Stream destination, IReadOnlyList<string> columns, IAsyncEnumerable<T> items, Func<T, string?[]> fields, CancellationToken cancellationToken)
    {
        await using var writer = Create(destination);
        writer.WriteHeader([.. columns]);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            foreach (var field in fields(item))
            {
                writer.WriteField(field);
            }
            await writer.EndRecordAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }
}
