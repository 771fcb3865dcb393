using DataGovernance.Classification;
using DataGovernance.Outcomes;

namespace DataGovernance.Privacy;

/// <summary>What a data subject is looked for by; at least one identifier.</summary>
public sealed record SubjectIdentifiers(string? Email, string? Phone, IReadOnlyList<string>? NationalIds, string? Name);

/// <summary>One record that holds the subject's personal data, with every field that matched.</summary>
public sealed record SubjectMatch(string Collection, string RecordId, IReadOnlyList<SubjectFieldMatch> Fields);

/// <summary>
/// A field that matched one of the subject's identifiers: the entity the classifier found there, which identifier
/// (email, phone, nationalId, name) it matched, how sure, and a sentence explaining why.
/// </summary>
public sealed record SubjectFieldMatch(string FieldPath, string Entity, string Identifier, double Confidence, string Explanation);

/// <summary>
/// Finds a data subject's records across every collection through the classification index: each identifier is
/// brought to the normal form the index uses, keyed with the tenant's HMAC key and looked up, so neither the request's
/// values nor the records' values are compared or kept in clear.
/// </summary>
public sealed class SubjectDiscoveryService(SubjectIndexStore subjectIndex, SubjectKeys keys)
{
    public const int MaxNationalIds = 10;

    public const int MaxNameLength = 200;

    public const int MaxNameTokens = 10;

    /// <summary>A name field with more tokens than the subject's name is likelier someone else with a shared name part.</summary>
    public const double ExtraNameTokensFactor = 0.8;

    /// <summary>One name token (only a first or a last name) says little about who is meant.</summary>
    public const double SingleNameTokenFactor = 0.5;

    public async Task<Result<IReadOnlyList<SubjectMatch>>> DiscoverAsync(string tenantId, SubjectIdentifiers subject, CancellationToken cancellationToken)
    {
        var lookups = Validate(subject);
        if (!lookups.Succeeded)
        {
            return lookups.Failure;
        }
        var fields = new List<(string Collection, string RecordId, SubjectFieldMatch Field)>();
        foreach (var (identifier, kind, normalized) in lookups.Value.Exact)
        {
            foreach (var entry in await subjectIndex.FindAsync(tenantId, keys.For(tenantId, kind, normalized), cancellationToken))
            {
                fields.Add((entry.Collection, entry.RecordId, new SubjectFieldMatch(entry.FieldPath, entry.Entity, identifier, entry.Confidence,
                    $"{entry.Collection}/{entry.RecordId} field {entry.FieldPath} holds {Article(entry.Entity)} equal to the subject's {Described(identifier)} " +
                    $"(normalised); the classifier is {Percent(entry.Confidence)} sure the field holds {Article(entry.Entity)}.")));
            }
        }
        if (lookups.Value.NameTokens is { Count: > 0 } tokens)
        {
            fields.AddRange(await MatchNameAsync(tenantId, tokens, cancellationToken));
        }
        return fields
            .GroupBy(found => (found.Collection, found.RecordId))
            .Select(record => new SubjectMatch(record.Key.Collection, record.Key.RecordId,
                [.. record.Select(found => found.Field).DistinctBy(field => (field.FieldPath, field.Entity, field.Identifier))
                    .OrderByDescending(field => field.Confidence).ThenBy(field => field.FieldPath, StringComparer.Ordinal)]))
            .OrderByDescending(match => match.Fields.Max(field => field.Confidence))
            .ThenBy(match => match.Collection, StringComparer.Ordinal).ThenBy(match => match.RecordId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A name matches a PersonName field that holds every one of its tokens (in any order).</summary>
    private async Task<IEnumerable<(string, string, SubjectFieldMatch)>> MatchNameAsync(string tenantId, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        Dictionary<(string Collection, string RecordId, string FieldPath), SubjectIndexEntry>? candidates = null;
        foreach (var token in tokens)
        {
            var found = (await subjectIndex.FindAsync(tenantId, keys.For(tenantId, SubjectIdentifierKind.NameToken, token), cancellationToken))
                .Where(entry => entry.Entity == EntityTypes.PersonName)
                .DistinctBy(entry => (entry.Collection, entry.RecordId, entry.FieldPath))
                .ToDictionary(entry => (entry.Collection, entry.RecordId, entry.FieldPath));
            candidates = candidates is null ? found : candidates.Where(pair => found.ContainsKey(pair.Key)).ToDictionary();
            if (candidates.Count == 0)
            {
                return [];
            }
        }
        return candidates!.Values.Select(entry =>
        {
            var exact = entry.NameTokens <= tokens.Count;
            var factor = (exact ? 1 : ExtraNameTokensFactor) * (tokens.Count == 1 ? SingleNameTokenFactor : 1);
            var confidence = Math.Round(entry.Confidence * factor, 2);
            var extent = exact
                ? $"all {tokens.Count} of the subject's name tokens and nothing else"
                : $"all {tokens.Count} of the subject's name tokens among its {entry.NameTokens}, which lowers confidence by {Percent(1 - ExtraNameTokensFactor)}";
            var single = tokens.Count == 1 ? $"; a single-token name lowers it by {Percent(1 - SingleNameTokenFactor)}" : "";
            return (entry.Collection, entry.RecordId, new SubjectFieldMatch(entry.FieldPath, entry.Entity, "name", confidence,
                $"{entry.Collection}/{entry.RecordId} field {entry.FieldPath} holds a PersonName with {extent} (compared ignoring case, accents and spacing){single}; " +
                $"the classifier is {Percent(entry.Confidence)} sure the field holds a name, so {Percent(confidence)} overall."));
        });
    }

    private sealed record Lookups(IReadOnlyList<(string Identifier, SubjectIdentifierKind Kind, string Normalized)> Exact, IReadOnlyList<string> NameTokens);

    private static Result<Lookups> Validate(SubjectIdentifiers subject)
    {
        var errors = new FieldErrors();
        var exact = new List<(string, SubjectIdentifierKind, string)>();
        if (!string.IsNullOrWhiteSpace(subject.Email))
        {
            var email = subject.Email.Trim();
            if (email.Length > 254 || !IsEmail(email))
            {
                errors.Add("email", "Must be one e-mail address, such as ada@example.com.");
            }
            exact.Add(("email", SubjectIdentifierKind.Email, SubjectKeys.NormalizeEmail(email)));
        }
        if (!string.IsNullOrWhiteSpace(subject.Phone))
        {
            if (subject.Phone.Length > 32 || SubjectKeys.NormalizePhone(subject.Phone) is not { } e164)
            {
                errors.Add("phone", "Must be a valid phone number: international with its country code (+44 20 7946 0958), or national in the US, UK, Germany or France.");
            }
            else
            {
                exact.Add(("phone", SubjectIdentifierKind.Phone, e164));
            }
        }
        var ids = subject.NationalIds ?? [];
        if (ids.Count > MaxNationalIds)
        {
            errors.Add("nationalIds", $"At most {MaxNationalIds} national identifiers.");
        }
        for (var i = 0; i < Math.Min(ids.Count, MaxNationalIds); i++)
        {
            var id = SubjectKeys.NormalizeNationalId(ids[i] ?? "");
            if (id.Length is < 5 or > 32)
            {
                errors.Add($"nationalIds[{i}]", "Must be a national identifier of 5–32 letters and digits (separators are ignored).");
                continue;
            }
            exact.Add(("nationalId", SubjectIdentifierKind.NationalId, id));
        }
        IReadOnlyList<string> tokens = [];
        if (!string.IsNullOrWhiteSpace(subject.Name))
        {
            tokens = SubjectKeys.NameTokens(subject.Name);
            if (subject.Name.Length > MaxNameLength || tokens.Count is 0 or > MaxNameTokens)
            {
                errors.Add("name", $"Must be a person's name of at most {MaxNameLength} characters and {MaxNameTokens} words.");
            }
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return exact.Count == 0 && tokens.Count == 0
            ? Failure.BadRequest("subject-identifier-required", "Give at least one identifier of the subject: email, phone, nationalIds or name.")
            : new Lookups(exact, tokens);
    }

    private static bool IsEmail(string value) =>
        new Classification.Recognizers.EmailRecognizer().Find(value).Any(candidate => candidate.Start == 0 && candidate.Length == value.Length);

    private static string Described(string identifier) => identifier switch
    {
        "email" => "e-mail address",
        "phone" => "phone number",
        _ => "national identifier",
    };

    private static string Article(string entity) => "AEIOU".Contains(entity[0], StringComparison.Ordinal) ? $"an {entity}" : $"a {entity}";

    private static string Percent(double confidence) => confidence.ToString("0%", System.Globalization.CultureInfo.InvariantCulture);
}
