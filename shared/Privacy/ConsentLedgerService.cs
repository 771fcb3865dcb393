using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// The consent ledger: entries are appended, never changed or removed (a correction is a new entry), each chained to
/// the subject's previous one by hash. A subject's current state per purpose is the entry that occurred last.
/// </summary>
public sealed partial class ConsentLedgerService(ConsentLedgerStore store, SecurityEventService securityEvents, TimeProvider clock)
{
    public const int MaxPurposeLength = 100;
    public const int MaxTextShownLength = 4000;
    public const int MaxReferenceLength = 500;

    /// <summary>How far ahead of the hub's clock an occurrence time may be (clock skew of the collecting system).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public async Task<Result<ConsentEntry>> AppendAsync(string tenantId, ConsentRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var subject = Subject(tenantId, request, errors);
        var purpose = request.Purpose?.Trim();
        if (string.IsNullOrEmpty(purpose) || purpose.Length > MaxPurposeLength)
        {
            errors.Add("purpose", $"Required: 1–{MaxPurposeLength} characters, such as newsletter.");
        }
        if (request.Action is null)
        {
            errors.Add("action", "Required: Given or Withdrawn.");
        }
        if (request.Source is null)
        {
            errors.Add("source", "Required: where it was collected, such as WebForm, Import or Api.");
        }
        var now = clock.GetUtcNowForStorage();
        if (request.OccurredAt is not { } occurred)
        {
            errors.Add("occurredAt", "Required: when the subject gave or withdrew consent, with an offset.");
        }
        else if (occurred > now + MaxClockSkew)
        {
            errors.Add("occurredAt", "Cannot be in the future.");
        }
        var proof = Proof(request.Proof, errors);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var occurredAt = new DateTimeOffset(request.OccurredAt!.Value.UtcTicks - request.OccurredAt.Value.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var id = ConsentLedgerStore.NewId(occurredAt);
        return await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var head = await store.GetHeadAsync(tenantId, subject!, token);
            var draft = new ConsentEntry(id, subject!, head.Count + 1, purpose!, request.LawfulBasis ?? LegalBasis.Consent, request.Action!.Value,
                request.Source!.Value, occurredAt, proof!, now, context.Actor.Id, context.CorrelationId, head.LastHash, "");
            var entry = draft with { Hash = HashOf(tenantId, draft) };
            await store.AppendAsync(tenantId, entry, head, token);
            return entry;
        }, cancellationToken);
    }

    public async Task<Result<ConsentEntry>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        EntryIdPattern().IsMatch(id) && await store.GetAsync(tenantId, id, cancellationToken) is { } entry
            ? entry
            : Failure.NotFound($"There is no consent entry '{id}'.");

    public async Task<Result<Page<ConsentEntry>>> ListAsync(
        string tenantId, ConsentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (Check(filter) is { } invalid)
        {
            return invalid;
        }
        var scope = ContinuationToken.Scope("consents", tenantId, filter.Subject, filter.Purpose, filter.From, filter.To);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<ConsentEntry>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>The subject's state per purpose: the entry that occurred last wins; of two at the same time, the one recorded last.</summary>
    public async Task<Result<SubjectConsents>> CurrentAsync(string tenantId, string subject, CancellationToken cancellationToken)
    {
        if (CheckSubject(subject) is { } invalid)
        {
            return invalid;
        }
        var entries = new List<ConsentEntry>();
        await foreach (var entry in store.ScanAsync(tenantId, new ConsentFilter(subject, null, null, null), cancellationToken))
        {
            entries.Add(entry);
        }
        var states = entries
            .GroupBy(entry => entry.Purpose, StringComparer.Ordinal)
            .Select(group => group.MaxBy(entry => (entry.OccurredAt, entry.SubjectSequence))!)
            .OrderBy(entry => entry.Purpose, StringComparer.Ordinal)
            .Select(entry => new ConsentState(entry.Purpose, entry.Action, entry.OccurredAt, entry.Id, entry.LawfulBasis, entry.Source))
            .ToList();
        return new SubjectConsents(subject, states);
    }

    /// <summary>Every matching entry, streamed; the download is a security event.</summary>
    public async Task<Result<ConsentExport>> ExportAsync(
        string tenantId, ConsentFilter filter, string format, WriteContext context, CancellationToken cancellationToken)
    {
        if (Check(filter) is { } invalid)
        {
            return invalid;
        }
        await securityEvents.RecordAsync(tenantId, SecurityEventType.DataExported, context, filter.Subject, new Dictionary<string, string>
        {
            [SecurityEventDetails.Scope] = "consents",
            ["format"] = format,
        }, cancellationToken);
        return new ConsentExport(store.ScanAsync(tenantId, filter, cancellationToken));
    }

    /// <summary>
    /// The pseudonymous key of an e-mail address in a tenant: SHA-256 of the tenant id and the trimmed, lower-cased
    /// address, so the same person has the same key on every entry and a different one in another tenant.
    /// </summary>
    public static string EmailSubjectKey(string tenantId, string email)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{email.Trim().ToLowerInvariant()}"));
        return "email-" + Convert.ToHexStringLower(digest)[..40];
    }

    /// <summary>The SHA-256 (hex) of the entry's content, its tenant and the previous hash, as the chain links them.</summary>
    public static string HashOf(string tenantId, ConsentEntry entry) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
        {
            tenantId,
            entry.Id,
            entry.Subject,
            entry.SubjectSequence,
            entry.Purpose,
            LawfulBasis = entry.LawfulBasis.ToString(),
            Action = entry.Action.ToString(),
            Source = entry.Source.ToString(),
            OccurredAt = entry.OccurredAt.UtcTicks,
            entry.Proof,
            RecordedAt = entry.RecordedAt.UtcTicks,
            entry.RecordedBy,
            entry.CorrelationId,
            entry.PreviousHash,
        })));

    private static string? Subject(string tenantId, ConsentRequest request, FieldErrors errors)
    {
        if (request.SubjectId is null == request.Email is null)
        {
            errors.Add("subjectId", "Send exactly one of subjectId (an opaque reference) and email.");
            return null;
        }
        if (request.Email is { } email)
        {
            var trimmed = email.Trim();
            if (trimmed.Length is 0 or > 254 || trimmed.IndexOf('@', StringComparison.Ordinal) is <= 0 || trimmed.EndsWith('@'))
            {
                errors.Add("email", "Must be one e-mail address.");
                return null;
            }
            return EmailSubjectKey(tenantId, trimmed);
        }
        if (CheckSubject(request.SubjectId!) is { } invalid)
        {
            errors.Add("subjectId", invalid.Errors!["subject"][0]);
            return null;
        }
        return request.SubjectId;
    }

    private static ConsentProof? Proof(ConsentProof? proof, FieldErrors errors)
    {
        if (proof is null || (Blank(proof.FormVersion) && Blank(proof.IpAddress) && Blank(proof.TextShown) && Blank(proof.EvidenceReference)))
        {
            errors.Add("proof", "Required: at least one of formVersion, ipAddress, textShown, evidenceReference.");
            return null;
        }
        var ip = proof.IpAddress?.Trim();
        if (!Blank(ip) && !IPAddress.TryParse(ip, out _))
        {
            errors.Add("proof.ipAddress", "Must be an IPv4 or IPv6 address.");
        }
        Limit(errors, "proof.formVersion", proof.FormVersion, MaxPurposeLength);
        Limit(errors, "proof.textShown", proof.TextShown, MaxTextShownLength);
        Limit(errors, "proof.evidenceReference", proof.EvidenceReference, MaxReferenceLength);
        return new ConsentProof(NullIfBlank(proof.FormVersion), NullIfBlank(ip), NullIfBlank(proof.TextShown), NullIfBlank(proof.EvidenceReference));
    }

    private static void Limit(FieldErrors errors, string path, string? value, int maxLength)
    {
        if (value?.Trim().Length > maxLength)
        {
            errors.Add(path, $"At most {maxLength} characters.");
        }
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string? NullIfBlank(string? value) => Blank(value) ? null : value!.Trim();

    private static Failure? Check(ConsentFilter filter)
    {
        if (filter.Subject is { } subject && CheckSubject(subject) is { } invalid)
        {
            return invalid;
        }
        return filter is { From: { } from, To: { } to } && from >= to
            ? Failure.Validation(FieldErrors.Of("from", "Must be before to."))
            : null;
    }

    private static Failure? CheckSubject(string subject) => SubjectPattern().IsMatch(subject)
        ? null
        : Failure.BadRequest("invalid-subject", subject.Contains('@', StringComparison.Ordinal)
                ? "A subject is a key, not an e-mail address: record consent with email and use the subject key it answers."
                : "A subject key is 1–128 letters, digits, '.', '_', ':' or '-'.",
            FieldErrors.Of("subject", "1–128 letters, digits, '.', '_', ':' or '-'; never an e-mail address."));

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPattern();

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryIdPattern();
}
