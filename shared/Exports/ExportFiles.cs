using System.Text.Json;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Exports;

/// <summary>A written export file: how many records, its size and SHA-256, and the attempt that wrote it.</summary>
public sealed record ExportFile(long Records, long Bytes, string Sha256, string? Attempt = null);

/// <summary>
/// One format's writer of an export file. Every format has the same rows: <c>id</c>, <c>version</c>, <c>createdAt</c>,
/// <c>updatedAt</c>, then the exported fields in order; a masked field's value is <see cref="ExportMasking.Masked"/>.
/// </summary>
public abstract class ExportFileWriter : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Bookkeeping = ["id", "version", "createdAt", "updatedAt"];

    public abstract Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken);

    public abstract Task WriteAsync(Record record, CancellationToken cancellationToken);

    public abstract Task EndAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>The formats: their writers, file extensions and media types.</summary>
public static class ExportFiles
{
    /// <summary>The namespace of XML exports; their schema is docs/schemas/export.xsd.</summary>
    public const string XmlNamespace = "urn:datagovernance:export:v1";

    public static ExportFileWriter Open(ExportFormat format, Stream destination, IReadOnlySet<string> masked) => format switch
    {
        ExportFormat.Csv => new CsvExportWriter(destination, masked),
        ExportFormat.Json => new JsonExportWriter(destination, masked, lines: false),
        ExportFormat.Ndjson => new JsonExportWriter(destination, masked, lines: true),
        ExportFormat.Xml => new XmlExportWriter(destination, masked),
        _ => new XlsxExportWriter(destination, masked),
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Json => "json",
        ExportFormat.Ndjson => "ndjson",
        ExportFormat.Xml => "xml",
        _ => "xlsx",
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => SafeCsv.MediaType,
        ExportFormat.Json => "application/json",
        ExportFormat.Ndjson => "application/x-ndjson",
        ExportFormat.Xml => "application/xml",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>A format by its name in any case (<c>csv</c>); numbers and combinations are not names.</summary>
    public static bool TryParse(string? text, out ExportFormat format)
    {
        format = default;
        return !string.IsNullOrEmpty(text) && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out format);
    }

    /// <summary>A value as one cell of text: lists one item per line, objects as JSON.</summary>
    public static string? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => string.Join('\n', value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())),
        _ => value.GetRawText(),
    };

    public static string Time(DateTimeOffset value) => value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The failure of an export holding a value its format cannot (an XLSX cell longer than Excel's 32,767 characters).</summary>
public sealed class ExportTooLargeException(string message) : Exception(message);
