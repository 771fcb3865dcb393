using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>Checks of the moment, collection and continuation token the time-travel routes take.</summary>
public static partial class TimeTravelParameters
{
    /// <summary>How far past the server's clock a moment may lie: client clocks drift; a real future is refused.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromSeconds(30);

    public static Result<DateTimeOffset> Moment(string? at, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(at))
        {
            return Invalid("at is required.", "Required: an ISO-8601 date and time with an offset, such as 2026-03-01T12:00:00Z.");
        }
        if (!IsoDateTime().IsMatch(at)
            || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            return Invalid("at is not an ISO-8601 date and time.", "Must be an ISO-8601 date and time with an offset, such as 2026-03-01T12:00:00Z.");
        }
        return moment > now + FutureTolerance
            ? Invalid("at lies in the future.", "Must not lie in the future.")
            : moment.ToUniversalTime();
    }

    public static Failure? CheckCollection(string collection) =>
        Collections.Find(collection) is null
            ? new Failure(FailureKind.NotFound, "unknown-collection", $"There is no collection '{collection}'. Collections: {string.Join(", ", Collections.Names)}.")
            : null;

    public static Failure? CheckRecordId(string id) =>
        RecordService.IsValidId(id) ? null : Failure.BadRequest("invalid-record-id", "A record id is 1–64 letters, digits, '-' or '_'.");

    public static Failure RecordAbsent(string collection, string id, DateTimeOffset at) =>
        new(FailureKind.NotFound, "record-not-found-at-time", $"There was no record '{id}' in {collection} at {at:O}.");

    public static string Scope(string tenantId, DateTimeOffset at, string? collection) =>
        ContinuationToken.Scope("backup-diff", tenantId, at, collection);

    public static string? EncodeCursor(DiffCursor? cursor, string scope) =>
        cursor is null ? null : ContinuationToken.Encode(JsonSerializer.Serialize(cursor), scope);

    /// <summary>Null cursor without a token; a failure when the token is not one this diff handed out.</summary>
    public static Result<DiffCursor?> DecodeCursor(string? token, string scope, long head)
    {
        if (!ContinuationToken.TryDecode(token, scope, out var inner))
        {
            return Failure.InvalidContinuationToken;
        }
        if (inner is null)
        {
            return (DiffCursor?)null;
        }
        try
        {
            var cursor = JsonSerializer.Deserialize<DiffCursor>(inner);
            var sound = cursor is { From: >= 0 } && cursor.From <= cursor.To && cursor.To <= head
                && Collections.Find(cursor.Collection) is not null && !string.IsNullOrEmpty(cursor.RecordId);
            return sound ? cursor : Failure.InvalidContinuationToken;
        }
        catch (JsonException)
        {
            return Failure.InvalidContinuationToken;
        }
    }

    private static Failure Invalid(string detail, string message) =>
        Failure.BadRequest("invalid-parameter", detail, FieldErrors.Of("at", message));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}

/// <summary>
/// Where a diff listing stands: the two positions it compares (fixed on the first page, so later pages compare the
/// same states whatever is written meanwhile) and the last change it returned.
/// </summary>
public sealed record DiffCursor(long From, long To, string Collection, string RecordId);
