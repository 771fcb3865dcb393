using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DataGovernance.Imports;

/// <summary>
/// JSON: one array of flat objects, read element by element (<see cref="JsonSerializer.DeserializeAsyncEnumerable{TValue}(Stream, JsonSerializerOptions?, CancellationToken)"/>),
/// so a large file is never held whole. The columns are the keys of the first object. Arrays of scalars become lists
/// (items joined with "; "); nested objects are refused. UTF-8, or UTF-16 with a byte order mark.
/// </summary>
public sealed class JsonImportReader(Stream content, ImportLimits limits) : IImportReader
{
    private static readonly JsonSerializerOptions Options = new() { MaxDepth = 4 };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private IReadOnlyList<string>? _columns;
    private IAsyncEnumerator<JsonElement>? _elements;
    private bool _pending;

    public async Task<IReadOnlyList<string>> ReadColumnsAsync(CancellationToken cancellationToken)
    {
        if (_columns is not null)
        {
            return _columns;
        }
        _elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(await Utf8Async(content, cancellationToken), Options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        _pending = await MoveNextAsync();
        if (!_pending)
        {
            throw new ImportFileException(ImportProblems.Empty);
        }
        _columns = limits.CheckColumns([.. RequireObject(_elements.Current, 2).EnumerateObject().Select(property => property.Name)]);
        return _columns;
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await ReadColumnsAsync(cancellationToken);
        long number = 1;
        while (_pending)
        {
            number++;
            limits.CheckRowCount(number - 1);
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in RequireObject(_elements!.Current, number).EnumerateObject())
            {
                var value = Text(property.Value, number, property.Name);
                limits.CheckCell(number, property.Name, value);
                cells[property.Name.Trim()] = value;
            }
            yield return new ImportRow(number, cells);
            _pending = await MoveNextAsync();
        }
    }

    private async Task<bool> MoveNextAsync()
    {
        try
        {
            return await _elements!.MoveNextAsync();
        }
        catch (JsonException ex)
        {
            throw new ImportFileException(ImportProblems.MalformedJson(ex.Message));
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(ImportProblems.InvalidEncoding("The file is not valid UTF-8 (Latin-1 or Windows-1252 text, for instance)."));
        }
    }

    /// <summary>UTF-8 as JSON readers want it: strictly checked, transcoded from UTF-16 when a byte order mark says so.</summary>
    private static async Task<Stream> Utf8Async(Stream content, CancellationToken cancellationToken)
    {
        var start = new byte[3];
        var read = await content.ReadAtLeastAsync(start, 3, throwOnEndOfStream: false, cancellationToken);
        content.Position = 0;
        Encoding source = read >= 2 && start[0] == 0xFF && start[1] == 0xFE ? Encoding.Unicode
            : read >= 2 && start[0] == 0xFE && start[1] == 0xFF ? Encoding.BigEndianUnicode
            : StrictUtf8;
        return Encoding.CreateTranscodingStream(content, source, Encoding.UTF8, leaveOpen: true);
    }

    private static JsonElement RequireObject(JsonElement element, long row) => element.ValueKind == JsonValueKind.Object
        ? element
        : throw new ImportFileException(ImportProblems.MalformedJson($"row {row} is {element.ValueKind}, not an object."));

    private static string? Text(JsonElement value, long row, string key) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Object || item.ValueKind == JsonValueKind.Array
            ? throw new ImportFileException(ImportProblems.MalformedJson($"row {row}, key '{key}': lists may hold only plain values."))
            : Text(item, row, key))),
        _ => throw new ImportFileException(ImportProblems.MalformedJson(string.Create(CultureInfo.InvariantCulture, $"row {row}, key '{key}': nested objects are not supported."))),
    };

    public async ValueTask DisposeAsync()
    {
        if (_elements is not null)
        {
            await _elements.DisposeAsync();
        }
    }
}
