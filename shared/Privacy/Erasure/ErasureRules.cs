using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SubjectKeys = DataGovernance.Classification.SubjectKeys;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>
/// What an erasure does to each field (docs/api.md, "Erasure"):
/// <list type="bullet">
/// <item>identifiers (<see cref="PseudonymisedFields"/>) take the subject's pseudonym, so records stay whole and one
/// person's records stay linked to each other without naming them;</item>
/// <item>personal details (<see cref="RemovedFields"/>) and custom fields are removed;</item>
/// <item>any other matched field is free text: each occurrence of the subject's e-mail, phone or name is replaced by the
/// pseudonym and the rest kept; when none occurs verbatim, the whole value goes (or, for a required field, becomes the pseudonym).</item>
/// </list>
/// On the subject's own <c>people</c> record every identifier, personal detail and custom field is erased whether
/// discovery matched it or not; status, department, job title, country and start date stay (no longer identifying).
/// </summary>
public static class ErasureRules
{
    public static readonly IReadOnlySet<string> PseudonymisedFields =
        new HashSet<string>(["fullName", "email", "contactEmail", "employeeId", "owner", "assessor"], StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> RemovedFields =
        new HashSet<string>(["phone", "dateOfBirth", "homeAddress", "nationalId"], StringComparer.Ordinal);

    /// <summary>The fields of a <c>people</c> record that say whose record it is; a phone may be shared (an office line), so it never does.</summary>
    private static readonly string[] OwnIdentifierFields = ["email", "nationalId"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A <c>people</c> record whose own e-mail or national id is the subject's: the subject's own. A record that names the
    /// subject elsewhere (a colleague's manager field) is someone else's and only the matched fields are theirs.
    /// </summary>
    public static bool IsOwnRecord(SubjectMatch match) =>
        match.Collection == Collections.People && match.Fields.Any(field => field.FieldPath == FieldOf(field.FieldPath)
            && OwnIdentifierFields.Contains(field.FieldPath, StringComparer.Ordinal) && OwnIdentifierFields.Contains(field.Identifier, StringComparer.Ordinal));

    /// <summary>The field a discovery path lies in: <c>customFields.name</c>, or the top-level name (<c>tags[2]</c> → <c>tags</c>).</summary>
    public static string FieldOf(string path)
    {
        var parts = path.Split('.', 3);
        var top = parts[0].Split('[', 2)[0];
        return top == RecordFields.CustomFields && parts.Length > 1 ? $"{top}.{parts[1].Split('[', 2)[0]}" : top;
    }

    public static FieldErasure ActionFor(string field) =>
        field.StartsWith($"{RecordFields.CustomFields}.", StringComparison.Ordinal) || RemovedFields.Contains(field) ? FieldErasure.Removed
        : PseudonymisedFields.Contains(field) ? FieldErasure.Pseudonymised
        : FieldErasure.Redacted;

    /// <summary>
    /// What the subject's own <c>people</c> record says identifies them (its e-mail, phone, national id and name), so
    /// that records naming them by an identifier the request did not give are found and redacted too.
    /// </summary>
    public static SubjectIdentifiers IdentifiersOf(JsonElement document)
    {
        string? Text(string name) => document.ValueKind == JsonValueKind.Object && document.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
        return new SubjectIdentifiers(Text("email"), Text("phone"), Text("nationalId") is { } id ? [id] : null, Text("fullName"));
    }

    /// <summary>
    /// The phone and national ids of the subject's own record that <paramref name="known"/> does not give, in the normal
    /// form discovery and legal holds look up; a value that is no valid identifier is left out. Null when none is left.
    /// </summary>
    public static SubjectIdentifiers? LearnedFrom(JsonElement document, SubjectIdentifiers known)
    {
        var found = IdentifiersOf(document);
        var phone = found.Phone is { Length: <= 32 } text ? SubjectKeys.NormalizePhone(text) : null;
        if (phone is not null && known.Phone is { } given && SubjectKeys.NormalizePhone(given) == phone)
        {
            phone = null;
        }
        var ids = (found.NationalIds ?? []).Select(SubjectKeys.NormalizeNationalId).Where(id => id.Length is >= 5 and <= 32)
            .Except(known.NationalIds ?? [], StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
        return phone is null && ids.Count == 0 ? null : new SubjectIdentifiers(null, phone, ids, null);
    }

    /// <summary>
    /// <paramref name="changes"/> such that the erased record still validates: a value the schema refuses (a pseudonym
    /// longer than the field allows) removes the field instead when it is optional, so the record can still be written.
    /// </summary>
    public static Dictionary<string, JsonElement?> Fit(string collection, JsonElement document, Dictionary<string, JsonElement?> changes)
    {
        if (Collections.Find(collection) is not { } schema)
        {
            return changes;
        }
        var refused = RecordValidator.Validate(schema, ErasureSet.ApplyFields(document, changes)).ToDictionary();
        foreach (var field in changes.Keys.Where(field => changes[field] is not null && refused.ContainsKey(field)).ToList())
        {
            if (schema.Find(field) is not { Required: true })
            {
                changes[field] = null;
            }
        }
        return changes;
    }

    /// <summary>The fields to erase in a matched record as it is now.</summary>
    public static IReadOnlyList<ErasureField> Plan(SubjectMatch match, JsonElement document)
    {
        var fields = new SortedDictionary<string, ErasureField>(StringComparer.Ordinal);
        foreach (var matched in match.Fields)
        {
            var field = FieldOf(matched.FieldPath);
            fields.TryAdd(field, new ErasureField(field, ActionFor(field), matched.Identifier));
        }
        if (IsOwnRecord(match) && document.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.EnumerateObject())
            {
                if (property.Name == RecordFields.CustomFields && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var custom in property.Value.EnumerateObject())
                    {
                        fields.TryAdd($"{property.Name}.{custom.Name}", new ErasureField($"{property.Name}.{custom.Name}", FieldErasure.Removed, null));
                    }
                }
                else if (ActionFor(property.Name) != FieldErasure.Redacted)
                {
                    fields.TryAdd(property.Name, new ErasureField(property.Name, ActionFor(property.Name), null));
                }
            }
        }
        return [.. fields.Values];
    }

    /// <summary>What each planned field of <paramref name="document"/> becomes: a value, or null when it is removed. Fields no longer there are left out.</summary>
    public static Dictionary<string, JsonElement?> Changes(
        string collection, JsonElement document, IEnumerable<ErasureField> fields, IReadOnlyList<SubjectIdentifiers> subject, string pseudonym)
    {
        var schema = Collections.Find(collection);
        var root = JsonNode.Parse(document.GetRawText()) as JsonObject ?? [];
        var changes = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        var patterns = subject.SelectMany(Patterns).ToList();
        foreach (var planned in fields)
        {
            var (parent, name) = planned.Field.Split('.', 2) is [var outer, var inner] ? (root[outer] as JsonObject, inner) : (root, planned.Field);
            if (parent is null || !parent.TryGetPropertyValue(name, out var current))
            {
                continue;
            }
            var spec = parent == root ? schema?.Fields.FirstOrDefault(field => field.Name == name) : null;
            var required = spec?.Required ?? false;
            var replacement = spec?.Type == FieldType.Email ? Pseudonyms.AsEmail(pseudonym) : pseudonym;
            changes[planned.Field] = planned.Action switch
            {
                FieldErasure.Pseudonymised => JsonSerializer.SerializeToElement(replacement),
                FieldErasure.Removed when required => JsonSerializer.SerializeToElement(replacement),
                FieldErasure.Removed => null,
                _ => Redact(current, patterns, pseudonym) is { } redacted ? redacted
                    : required ? JsonSerializer.SerializeToElement(replacement) : null,
            };
        }
        return changes;
    }

    /// <summary>The value with the subject's identifiers replaced; null when none of them occurs in it.</summary>
    private static JsonElement? Redact(JsonNode? value, IReadOnlyList<Regex> patterns, string pseudonym)
    {
        switch (value)
        {
            case JsonValue text when text.TryGetValue<string>(out var s):
                var redacted = patterns.Aggregate(s, (current, pattern) => pattern.Replace(current, pseudonym));
                return redacted == s ? null : JsonSerializer.SerializeToElement(redacted);
            case JsonArray items:
                var changed = false;
                var result = new JsonArray();
                foreach (var item in items)
                {
                    var itemRedacted = Redact(item, patterns, pseudonym);
                    changed |= itemRedacted is not null;
                    result.Add(itemRedacted is { } r ? JsonNode.Parse(r.GetRawText()) : item?.DeepClone());
                }
                return changed ? JsonSerializer.SerializeToElement(result) : null;
            default:
                return null;
        }
    }

    private static List<Regex> Patterns(SubjectIdentifiers subject)
    {
        var patterns = new List<Regex>();
        if (!string.IsNullOrWhiteSpace(subject.Email))
        {
            patterns.Add(new Regex(Regex.Escape(subject.Email.Trim()), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout));
        }
        if (subject.Phone?.Where(char.IsAsciiDigit).ToArray() is { Length: >= 6 } digits)
        {
            patterns.Add(new Regex(@"\+?" + string.Join(@"[\s().\-]*", digits.Select(d => d.ToString())), RegexOptions.CultureInvariant, MatchTimeout));
        }
        foreach (var id in subject.NationalIds ?? [])
        {
            patterns.Add(new Regex(Regex.Escape(id.Trim()), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout));
        }
        if (subject.Name?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words)
        {
            patterns.Add(new Regex(string.Join(@"\s+", words.Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout));
        }
        return patterns;
    }
}
