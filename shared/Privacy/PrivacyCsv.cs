using System.Globalization;
using CsvHelper;

namespace DataGovernance.Privacy;

/// <summary>
/// CSV exports of the privacy registers: RFC 4180 (comma, CRLF, quotes where needed), UTF-8, a header row. A cell that
/// starts with <c>= + - @</c>, tab or CR gets a leading <c>'</c> so that a spreadsheet shows it as text instead of running
/// it as a formula. Lists are one item per line inside their cell.
/// </summary>
public static class PrivacyCsv
{
    public const string MediaType = "text/csv";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static readonly string[] ProcessingActivityColumns =
    [
        "id", "name", "status", "controllerName", "controllerContact", "jointControllerName", "jointControllerContact", "representativeName",
        "representativeContact", "dataProtectionOfficerName", "dataProtectionOfficerContact", "purposes", "legalBasis", "specialCategoryCondition",
        "dataSubjectCategories", "personalDataCategories", "specialCategories", "recipients", "transfers", "retention", "retentionDays",
        "securityMeasures", "vendorIds", "owner", "version", "createdAt", "createdBy", "updatedAt", "updatedBy",
    ];

    public static readonly string[] ConsentColumns =
    [
        "id", "subject", "subjectSequence", "purpose", "lawfulBasis", "action", "source", "occurredAt", "formVersion", "ipAddress", "textShown",
        "evidenceReference", "recordedAt", "recordedBy", "correlationId", "previousHash", "hash",
    ];

    /// <summary>Writes the header and one record per item to <paramref name="destination"/> as the items arrive.</summary>
    public static async Task WriteAsync<T>(
        Stream destination, IReadOnlyList<string> columns, IAsyncEnumerable<T> items, Func<T, string?[]> fields, CancellationToken cancellationToken)
    {
        await using var writer = CsvWriter.Create(destination, Options, leaveOpen: true);
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

    public static string?[] Fields(ProcessingActivity activity) =>
    [
        activity.Id, activity.Name, activity.Status.ToString(), activity.Controller.Name, activity.Controller.Contact,
        activity.JointController?.Name, activity.JointController?.Contact, activity.Representative?.Name, activity.Representative?.Contact,
        activity.DataProtectionOfficer?.Name, activity.DataProtectionOfficer?.Contact, Lines(activity.Purposes), activity.LegalBasis.ToString(),
        activity.SpecialCategoryCondition?.ToString(), Lines(activity.DataSubjectCategories), Lines(activity.PersonalDataCategories),
        Lines(activity.SpecialCategories.Select(category => category.ToString())), Lines(activity.Recipients),
        Lines(activity.Transfers.Select(Describe)), activity.Retention.Description, activity.Retention.Days?.ToString(CultureInfo.InvariantCulture),
        Lines(activity.SecurityMeasures), Lines(activity.VendorIds), activity.Owner, activity.Version.ToString(CultureInfo.InvariantCulture),
        Time(activity.CreatedAt), activity.CreatedBy, Time(activity.UpdatedAt), activity.UpdatedBy,
    ];

    public static string?[] Fields(ConsentEntry entry) =>
    [
        entry.Id, entry.Subject, entry.SubjectSequence.ToString(CultureInfo.InvariantCulture), entry.Purpose, entry.LawfulBasis.ToString(),
        entry.Action.ToString(), entry.Source.ToString(), Time(entry.OccurredAt), entry.Proof.FormVersion, entry.Proof.IpAddress, entry.Proof.TextShown,
        entry.Proof.EvidenceReference, Time(entry.RecordedAt), entry.RecordedBy, entry.CorrelationId, entry.PreviousHash, entry.Hash,
    ];

    /// <summary>A transfer as one line: <c>US: Acme Inc. (SCC)</c>, or with the derogation relied on.</summary>
    public static string Describe(InternationalTransfer transfer) => transfer.Mechanism == TransferMechanism.Derogation
        ? $"{transfer.Country}: {transfer.Recipient} (Derogation: {transfer.DerogationDetail})"
        : $"{transfer.Country}: {transfer.Recipient} ({transfer.Mechanism})";

    private static string Lines(IEnumerable<string> items) => string.Join('\n', items);

    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
