using DataGovernance.Classification;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

public sealed record RecordReference(string Collection, string RecordId);

/// <summary>A record kept from erasure and retention by a legal hold, and the hold's reason.</summary>
public sealed record HeldRecord(RecordReference Record, string HoldId, string Reason);

/// <summary>The holds in force in a tenant at one moment, for checking many records against them.</summary>
public sealed class ActiveLegalHolds(IEnumerable<LegalHold> holds)
{
    // A hold on the record itself names the more specific reason, so it is reported before a hold on its subject.
    private readonly LegalHold[] _holds = [.. holds.OrderBy(hold => hold.Scope).ThenBy(hold => hold.Id, StringComparer.Ordinal)];

    public bool IsEmpty => _holds.Length == 0;

    public bool HasSubjectHolds => _holds.Any(hold => hold.Scope == LegalHoldScope.Subject);

    /// <summary>The subject index keys the subject holds are on, for finding the records that name a held subject.</summary>
    public IReadOnlySet<string> SubjectKeys => _holds.Where(hold => hold.Scope == LegalHoldScope.Subject)
        .SelectMany(hold => hold.Subject!.Select(key => key.Key)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The hold that covers the record: one on the record itself first, then one on a subject whose keys it shares.</summary>
    public LegalHold? Find(RecordReference record, IReadOnlySet<string> subjectKeys) =>
        _holds.FirstOrDefault(hold => hold.Covers(record, subjectKeys));
}

/// <summary>Legal holds on records or on data subjects (GDPR Art. 17(3)(e)): held data is neither erased nor deleted by retention.</summary>
public sealed class LegalHoldService(LegalHoldStore store, RecordService records, SubjectKeys subjectKeys, TimeProvider clock)
{
    public const int MaxReasonLength = 2000;
    public const int MaxMatterLength = 200;
    public const int MaxReleaseNoteLength = 2000;
    public const int MaxNationalIds = 10;
    public const string EmailKind = "email";
    public const string PhoneKind = "phone";
    public const string NationalIdKind = "nationalId";

    /// <summary>Which of <paramref name="records"/> are held, by a hold on the record itself or on <paramref name="subject"/>.</summary>
    public async Task<IReadOnlyList<HeldRecord>> FindHeldAsync(
        string tenantId, IReadOnlyCollection<RecordReference> records, SubjectIdentifiers? subject, CancellationToken cancellationToken)
    {
        var active = await ActiveAsync(tenantId, cancellationToken);
        var keys = KeysOf(tenantId, subject);
        return [.. records.Distinct()
            .Select(record => (record, hold: active.Find(record, keys)))
            .Where(pair => pair.hold is not null)
            .Select(pair => new HeldRecord(pair.record, pair.hold!.Id, pair.hold.Reason))];
    }

    /// <summary>Every hold in force in the tenant now.</summary>
    public async Task<ActiveLegalHolds> ActiveAsync(string tenantId, CancellationToken cancellationToken)
    {
        var holds = new List<LegalHold>();
        await foreach (var hold in store.ActiveAsync(tenantId, cancellationToken))
        {
            holds.Add(hold);
        }
        return new ActiveLegalHolds(holds);
    }

    /// <summary>
    /// The keys of the subject's identifiers, as subject holds keep them: the subject index's keyed hashes (HMAC-SHA256 under
    /// the tenant's key) of the normalised e-mail, E.164 phone number and national ids. The name is not an identifier a hold is placed on.
    /// </summary>
    public IReadOnlySet<string> KeysOf(string tenantId, SubjectIdentifiers? subject)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (subject?.Email is { } email && SubjectKeys.NormalizeEmail(email) is { Length: > 0 } address)
        {
            keys.Add(subjectKeys.For(tenantId, SubjectIdentifierKind.Email, address));
        }
        if (subject?.Phone is { } phone && SubjectKeys.NormalizePhone(phone) is { } e164)
        {
            keys.Add(subjectKeys.For(tenantId, SubjectIdentifierKind.Phone, e164));
        }
        foreach (var id in subject?.NationalIds ?? [])
        {
            if (SubjectKeys.NormalizeNationalId(id) is { Length: > 0 } normalised)
            {
                keys.Add(subjectKeys.For(tenantId, SubjectIdentifierKind.NationalId, normalised));
            }
        }
        return keys;
    }

    /// <summary>
    /// The keys of the subject's identifiers together with <paramref name="indexKeys"/>, the subject index keys classification
    /// found in a record (which are keyed the same way), so that a hold also covers a record naming its subject anywhere.
    /// </summary>
    public IReadOnlySet<string> KeysOf(string tenantId, SubjectIdentifiers? subject, IEnumerable<string> indexKeys)
    {
        var keys = new HashSet<string>(KeysOf(tenantId, subject), StringComparer.Ordinal);
        keys.UnionWith(indexKeys);
        return keys;
    }

    public async Task<Result<LegalHold>> PlaceAsync(string tenantId, LegalHoldRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var reason = Text(errors, "reason", request.Reason, MaxReasonLength, "why the data must be kept, such as the claim it is evidence for");
        var matter = Text(errors, "matter", request.Matter, MaxMatterLength, "the legal matter or case reference");
        var hasRecord = request.Collection is not null || request.RecordId is not null;
        RecordReference? record = null;
        IReadOnlyList<SubjectKey>? subject = null;
        if (hasRecord == (request.Subject is not null))
        {
            errors.Add("subject", "Send either collection and recordId (a hold on one record) or subject (a hold on a data subject).");
        }
        else if (hasRecord)
        {
            record = await RecordAsync(tenantId, request, errors, cancellationToken);
        }
        else
        {
            subject = SubjectOf(tenantId, request.Subject!, errors);
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var hold = new LegalHold(LegalHold.NewId(), record is null ? LegalHoldScope.Subject : LegalHoldScope.Record, record, subject,
            reason!, matter!, context.Actor.Id, clock.GetUtcNowForStorage(), null, null, null, 1);
        return await store.AddAsync(tenantId, hold, cancellationToken);
    }

    public async Task<Result<LegalHold>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } stored ? stored.Hold : NotFound(id);

    /// <summary>Ends the hold; the hold stays, with who released it, when and why.</summary>
    public async Task<Result<LegalHold>> ReleaseAsync(
        string tenantId, string id, LegalHoldRelease release, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        if (expectedVersion is { } expected && current.Hold.Version != expected)
        {
            return Failure.PreconditionFailed($"The legal hold is at version {current.Hold.Version}, not {expected}.");
        }
        if (current.Hold.Status == LegalHoldStatus.Released)
        {
            return Failure.Conflict("legal-hold-released", $"Legal hold '{id}' was released at {current.Hold.ReleasedAt:O}.");
        }
        var errors = new FieldErrors();
        var note = string.IsNullOrWhiteSpace(release.Note) ? null : Text(errors, "note", release.Note, MaxReleaseNoteLength, "why the hold ends");
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var released = current.Hold with
        {
            ReleasedBy = context.Actor.Id,
            ReleasedAt = clock.GetUtcNowForStorage(),
            ReleaseNote = note,
            Version = current.Hold.Version + 1,
        };
        return await store.ReplaceAsync(tenantId, released, current.ETag, cancellationToken);
    }

    public async Task<Result<Page<LegalHold>>> ListAsync(
        string tenantId, LegalHoldFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("legal-holds", tenantId, filter.Status, filter.Scope, filter.Collection, filter.RecordId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<LegalHold>(items, ContinuationToken.Encode(next, scope));
    }

    private async Task<RecordReference?> RecordAsync(string tenantId, LegalHoldRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (request.Collection is not { } collection || Collections.Find(collection) is null)
        {
            errors.Add("collection", $"Required for a record hold: one of {string.Join(", ", Collections.Names)}.");
            return null;
        }
        if (request.RecordId is not { } recordId || !RecordService.IsValidId(recordId))
        {
            errors.Add("recordId", "Required for a record hold: 1–64 letters, digits, '-' or '_'.");
            return null;
        }
        if (!(await records.GetAsync(tenantId, collection, recordId, allowCached: false, cancellationToken)).Succeeded)
        {
            errors.Add("recordId", $"There is no record '{recordId}' in {collection}.");
            return null;
        }
        return new RecordReference(collection, recordId);
    }

    private List<SubjectKey> SubjectOf(string tenantId, LegalHoldSubjectInput input, FieldErrors errors)
    {
        var keys = new List<SubjectKey>();
        if (input.Email is { } email)
        {
            var trimmed = email.Trim();
            if (trimmed.Length is 0 or > 254 || trimmed.IndexOf('@', StringComparison.Ordinal) is <= 0 || trimmed.EndsWith('@'))
            {
                errors.Add("subject.email", "Must be one e-mail address.");
            }
            else
            {
                keys.Add(new SubjectKey(EmailKind, subjectKeys.For(tenantId, SubjectIdentifierKind.Email, SubjectKeys.NormalizeEmail(trimmed))));
            }
        }
        if (input.Phone is { } phone)
        {
            if (phone.Length > 40 || SubjectKeys.NormalizePhone(phone) is not { } e164)
            {
                errors.Add("subject.phone", "Must be a valid telephone number, best in international form (+49 30 1234567).");
            }
            else
            {
                keys.Add(new SubjectKey(PhoneKind, subjectKeys.For(tenantId, SubjectIdentifierKind.Phone, e164)));
            }
        }
        var nationalIds = input.NationalIds ?? [];
        if (nationalIds.Count > MaxNationalIds)
        {
            errors.Add("subject.nationalIds", $"At most {MaxNationalIds} ids.");
        }
        for (var i = 0; i < Math.Min(nationalIds.Count, MaxNationalIds); i++)
        {
            if (nationalIds[i] is not { Length: <= 64 } id || SubjectKeys.NormalizeNationalId(id) is not { Length: >= 4 and <= 32 } normalised)
            {
                errors.Add($"subject.nationalIds[{i}]", "Must be a national id of 4–32 letters and digits (spaces, '-', '.' and '/' are ignored).");
            }
            else
            {
                keys.Add(new SubjectKey(NationalIdKind, subjectKeys.For(tenantId, SubjectIdentifierKind.NationalId, normalised)));
            }
        }
        if (keys.Count == 0 && !errors.Any)
        {
            errors.Add("subject", "Give at least one of email, phone and nationalIds.");
        }
        return [.. keys.DistinctBy(key => key.Key)];
    }

    private static string? Text(FieldErrors errors, string field, string? value, int maxLength, string what)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength)
        {
            errors.Add(field, $"Required: 1–{maxLength} characters, {what}.");
            return null;
        }
        return trimmed;
    }

    private async Task<StoredLegalHold?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await store.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure NotFound(string id) => Failure.NotFound($"There is no legal hold '{id}'.");
}
