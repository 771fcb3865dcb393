using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using CsvHelper;
using DataGovernance.Records;

namespace DataGovernance.Exports;

/// <summary>CSV through <see cref="SafeCsv"/>: a header row, one row per record, formula-like cells neutralised.</summary>
internal sealed class CsvExportWriter(Stream destination, IReadOnlySet<string> masked) : ExportFileWriter
{
    private readonly CsvWriter _csv = SafeCsv.Create(destination);
    private IReadOnlyList<string> _fields = [];

    public override Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        _fields = fields;
        _csv.WriteHeader([.. Bookkeeping, .. fields]);
        return Task.CompletedTask;
    }

    public override async Task WriteAsync(Record record, CancellationToken cancellationToken)
    {
        _csv.WriteField(record.Id);
        _csv.WriteField(record.Version.ToString(CultureInfo.InvariantCulture));
        _csv.WriteField(ExportFiles.Time(record.CreatedAt));
        _csv.WriteField(ExportFiles.Time(record.UpdatedAt));
        foreach (var field in _fields)
        {
            _csv.WriteField(record.Data.TryGetProperty(field, out var value) ? masked.Contains(field) ? ExportMasking.Masked : ExportFiles.Cell(value) : null);
        }
        await _csv.EndRecordAsync(cancellationToken);
    }

    public override async Task EndAsync(CancellationToken cancellationToken) => await _csv.FlushAsync(cancellationToken);

    public override ValueTask DisposeAsync() => _csv.DisposeAsync();
}

/// <summary>A JSON array of objects, or NDJSON (one object per line); field values keep their JSON types.</summary>
internal sealed class JsonExportWriter(Stream destination, IReadOnlySet<string> masked, bool lines) : ExportFileWriter
{
    private const int FlushAt = 64 * 1024;
    private readonly Utf8JsonWriter _json = new(destination, new JsonWriterOptions { SkipValidation = lines });
    private IReadOnlyList<string> _fields = [];

    public override Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        _fields = fields;
        if (!lines)
        {
            _json.WriteStartArray();
        }
        return Task.CompletedTask;
    }

    public override async Task WriteAsync(Record record, CancellationToken cancellationToken)
    {
        _json.WriteStartObject();
        _json.WriteString("id", record.Id);
        _json.WriteNumber("version", record.Version);
        _json.WriteString("createdAt", record.CreatedAt);
        _json.WriteString("updatedAt", record.UpdatedAt);
        foreach (var field in _fields)
        {
            if (!record.Data.TryGetProperty(field, out var value))
            {
                continue;
            }
            if (masked.Contains(field))
            {
                _json.WriteString(field, ExportMasking.Masked);
            }
            else
            {
                _json.WritePropertyName(field);
                value.WriteTo(_json);
            }
        }
        _json.WriteEndObject();
        if (lines)
        {
            await _json.FlushAsync(cancellationToken);
            _json.Reset();
            await destination.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
        else if (_json.BytesPending > FlushAt)
        {
            await _json.FlushAsync(cancellationToken);
        }
    }

    public override async Task EndAsync(CancellationToken cancellationToken)
    {
        if (!lines)
        {
            _json.WriteEndArray();
        }
        await _json.FlushAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => _json.DisposeAsync();
}

/// <summary>
/// XML in <see cref="ExportFiles.XmlNamespace"/> (docs/schemas/export.xsd): <c>export</c> › <c>record</c> ›
/// <c>field</c>, a list's items as <c>item</c> elements. Characters XML cannot hold become U+FFFD.
/// </summary>
internal sealed class XmlExportWriter(Stream destination, IReadOnlySet<string> masked) : ExportFileWriter
{
    private readonly XmlWriter _xml = XmlWriter.Create(destination, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
    private IReadOnlyList<string> _fields = [];
    private long _pending;

    public override async Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        _fields = fields;
        await _xml.WriteStartDocumentAsync();
        await _xml.WriteStartElementAsync(null, "export", ExportFiles.XmlNamespace);
        await _xml.WriteAttributeStringAsync(null, "collection", null, collection);
    }

    public override async Task WriteAsync(Record record, CancellationToken cancellationToken)
    {
        _xml.WriteStartElement("record", ExportFiles.XmlNamespace);
        _xml.WriteAttributeString("id", record.Id);
        _xml.WriteAttributeString("version", record.Version.ToString(CultureInfo.InvariantCulture));
        _xml.WriteAttributeString("createdAt", ExportFiles.Time(record.CreatedAt));
        _xml.WriteAttributeString("updatedAt", ExportFiles.Time(record.UpdatedAt));
        foreach (var field in _fields)
        {
            if (record.Data.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                WriteField(field, value);
            }
        }
        _xml.WriteEndElement();
        if (++_pending % 200 == 0)
        {
            await _xml.FlushAsync();
        }
    }

    public override async Task EndAsync(CancellationToken cancellationToken)
    {
        await _xml.WriteEndElementAsync();
        await _xml.WriteEndDocumentAsync();
        await _xml.FlushAsync();
    }

    public override ValueTask DisposeAsync()
    {
        _xml.Dispose();
        return ValueTask.CompletedTask;
    }

    private void WriteField(string field, JsonElement value)
    {
        _xml.WriteStartElement("field", ExportFiles.XmlNamespace);
        _xml.WriteAttributeString("name", field);
        if (masked.Contains(field))
        {
            _xml.WriteAttributeString("masked", "true");
            _xml.WriteString(ExportMasking.Masked);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                _xml.WriteElementString("item", ExportFiles.XmlNamespace, Clean(ExportFiles.Cell(item)));
            }
        }
        else
        {
            _xml.WriteString(Clean(ExportFiles.Cell(value)));
        }
        _xml.WriteEndElement();
    }

    private static string Clean(string? text)
    {
        if (text is null || text.All(XmlConvert.IsXmlChar))
        {
            return text ?? "";
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                builder.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append('\uFFFD');
            }
        }
        return builder.ToString();
    }
}
