using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Exports;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>
/// Writes an access or portability package as a ZIP, streaming: <c>data.json</c> (per collection, each record's
/// disclosed fields and why it matched), one CSV per collection (the collection's fields as columns; see
/// <see cref="SafeCsv"/>), and <c>manifest.json</c> with every file's size and SHA-256. Records are read one at a
/// time, twice (JSON, then CSV), so memory does not grow with the package.
/// </summary>
/// <remarks>
/// Disclosed: every field of the subject's own <c>people</c> record; of any other record only the fields that
/// matched the subject — the rest of a control or risk is about other things and other people.
/// </remarks>
public sealed class SubjectPackageWriter(RecordService records)
{
    public const string DataFile = "data.json";

    public const string ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private sealed record Disclosed(SubjectMatch Match, Record Record, JsonObject Fields);

    public async Task<PackageManifest> WriteAsync(
        Stream destination, string tenantId, PrivacyRequest request, IReadOnlyList<SubjectMatch> matches, DateTimeOffset builtAt, string builtBy,
        CancellationToken cancellationToken)
    {
        var collections = matches.GroupBy(match => match.Collection).OrderBy(group => group.Key, StringComparer.Ordinal).ToList();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var files = new List<PackageFile>();
        await using (var zip = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            files.Add(await EntryAsync(zip, DataFile, "application/json",
                stream => WriteJsonAsync(stream, tenantId, request, builtAt, collections, counts, cancellationToken), cancellationToken));
            foreach (var collection in collections)
            {
                files.Add(await EntryAsync(zip, $"{collection.Key}.csv", SafeCsv.MediaType,
                    stream => WriteCsvAsync(stream, tenantId, collection.Key, [.. collection], cancellationToken), cancellationToken));
            }
            var manifest = new PackageManifest(request.Id, request.Type, builtAt, builtBy, counts, files);
            await EntryAsync(zip, ManifestFile, "application/json",
                async stream => await JsonSerializer.SerializeAsync(stream, manifest, ManifestJson, cancellationToken), cancellationToken);
            return manifest;
        }
    }

    public static byte[] Serialize(PackageManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);

    public static PackageManifest? Deserialize(BinaryData content) => content.ToObjectFromJson<PackageManifest>(ManifestJson);

    private static async Task<PackageFile> EntryAsync(ZipArchive zip, string name, string mediaType, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await using var hashing = new HashingStream(stream, leaveOpen: true);
        await write(hashing);
        await hashing.FlushAsync(cancellationToken);
        return new PackageFile(name, mediaType, hashing.Written, hashing.Sha256());
    }

    private async Task WriteJsonAsync(
        Stream stream, string tenantId, PrivacyRequest request, DateTimeOffset builtAt, IReadOnlyList<IGrouping<string, SubjectMatch>> collections,
        SortedDictionary<string, int> counts, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("requestId", request.Id);
        json.WriteString("requestType", request.Type.ToString());
        json.WriteString("law", request.Law.ToString());
        json.WriteString("generatedAt", builtAt);
        json.WriteStartObject("collections");
        foreach (var collection in collections)
        {
            json.WritePropertyName(collection.Key);
            json.WriteStartArray();
            var count = 0;
            await foreach (var disclosed in DiscloseAsync(tenantId, [.. collection], cancellationToken))
            {
                json.WriteStartObject();
                json.WriteString("id", disclosed.Record.Id);
                json.WriteNumber("version", disclosed.Record.Version);
                json.WriteString("createdAt", disclosed.Record.CreatedAt);
                json.WriteString("updatedAt", disclosed.Record.UpdatedAt);
                json.WritePropertyName("fields");
                disclosed.Fields.WriteTo(json);
                json.WriteStartArray("matchedBecause");
                foreach (var field in disclosed.Match.Fields)
                {
                    json.WriteStartObject();
                    json.WriteString("field", field.FieldPath);
                    json.WriteString("identifier", field.Identifier);
                    json.WriteString("explanation", field.Explanation);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                count++;
                if (json.BytesPending > 32 * 1024)
                {
                    await json.FlushAsync(cancellationToken);
                }
            }
            json.WriteEndArray();
            counts[collection.Key] = count;
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private Task WriteCsvAsync(Stream stream, string tenantId, string collection, IReadOnlyList<SubjectMatch> matches, CancellationToken cancellationToken)
    {
        var fields = Collections.Find(collection)?.Fields.Select(field => field.Name).ToList() ?? [];
        string[] columns = ["id", "version", "createdAt", "updatedAt", .. fields];
        return SafeCsv.WriteAsync(stream, columns, DiscloseAsync(tenantId, matches, cancellationToken), disclosed =>
        [
            disclosed.Record.Id, disclosed.Record.Version.ToString(CultureInfo.InvariantCulture),
            disclosed.Record.CreatedAt.ToString("O", CultureInfo.InvariantCulture), disclosed.Record.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            .. fields.Select(field => Cell(disclosed.Fields[field])),
        ], cancellationToken);
    }

    private async IAsyncEnumerable<Disclosed> DiscloseAsync(
        string tenantId, IReadOnlyList<SubjectMatch> matches, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var match in matches.OrderBy(match => match.RecordId, StringComparer.Ordinal))
        {
            var record = await records.GetAsync(tenantId, match.Collection, match.RecordId, allowCached: false, cancellationToken);
            if (!record.Succeeded || JsonNode.Parse(record.Value.Data.GetRawText()) is not JsonObject document)
            {
                continue;
            }
            if (!ErasureRules.IsOwnRecord(match))
            {
                var matched = match.Fields.Select(field => ErasureRules.FieldOf(field.FieldPath)).ToHashSet(StringComparer.Ordinal);
                Keep(document, matched, prefix: "");
                if (document[RecordFields.CustomFields] is JsonObject custom)
                {
                    Keep(custom, matched, prefix: $"{RecordFields.CustomFields}.");
                }
            }
            yield return new Disclosed(match, record.Value, document);
        }
    }

    /// <summary>Removes every property of <paramref name="document"/> that no matched field lies in.</summary>
    private static void Keep(JsonObject document, HashSet<string> matched, string prefix)
    {
        foreach (var name in document.Select(property => property.Key).ToList())
        {
            var inMatch = matched.Contains(prefix + name) || (prefix.Length == 0 && matched.Any(field => field.StartsWith($"{name}.", StringComparison.Ordinal)));
            if (!inMatch)
            {
                document.Remove(name);
            }
        }
    }

    private static string? Cell(JsonNode? value) => value switch
    {
        null => null,
        JsonValue text when text.TryGetValue<string>(out var s) => s,
        JsonArray items => string.Join('\n', items.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString())),
        _ => value.ToJsonString(),
    };
}
