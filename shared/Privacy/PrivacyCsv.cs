using System.Globalization;
using DataGovernance.Exports;

namespace DataGovernance.Privacy;

/// <summary>
/// The columns and cells of the privacy registers' CSV exports, written by <see cref="SafeCsv"/>. Lists are one item
/// per line inside their cell.
/// </summary>
public static class PrivacyCsv
{
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
