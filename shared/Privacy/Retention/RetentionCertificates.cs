using System.Globalization;
using System.Text;
using System.Text.Json;
using DataGovernance.Security;

namespace DataGovernance.Privacy;

/// <summary>How one target of a run ended, as the certificate reports it.</summary>
public sealed record RetentionTargetResult(RetentionTarget Target, RetentionCounts Counts);

/// <summary>
/// The deletion certificate of a real run: what each policy covered and did, the totals, and the SHA-256 of every item
/// file of the run (which lists each treated record), signed with the hub's evidence key. Built from the item files one
/// at a time, so its size does not depend on the tenant's.
/// </summary>
public sealed class RetentionCertificates(RetentionEvidenceStore evidence, EvidenceSigner signer)
{
    public const string Type = "retention-deletion-certificate";

    private static readonly JsonSerializerOptions CertificateJson = new(RetentionEvidenceStore.Json) { WriteIndented = true };

    public async Task IssueAsync(RetentionRun run, string tenantId, IReadOnlyList<RetentionTargetResult> results, CancellationToken cancellationToken)
    {
        if (await evidence.HasCertificateAsync(tenantId, run.Id, cancellationToken))
        {
            return;
        }
        var files = new List<object>();
        await foreach (var (name, sha256, batch) in evidence.BatchesAsync(tenantId, run.Id, cancellationToken))
        {
            files.Add(new { name, sha256, batch.PolicyId, batch.Collection, counts = batch.Counts });
        }
        var certificate = new
        {
            type = Type,
            run.Id,
            tenantId,
            trigger = run.Trigger,
            run.RequestedBy,
            run.RequestedAt,
            run.AsOf,
            run.CompletedAt,
            targets = results.Select(result => new
            {
                result.Target.PolicyId,
                result.Target.PolicyName,
                result.Target.Collection,
                result.Target.Category,
                result.Target.EventField,
                result.Target.KeepDays,
                result.Target.Action,
                result.Counts,
            }),
            totals = run.Totals,
            itemFiles = files,
            erasureLedgerRequestId = $"retention:{run.Id}",
            statement = "Every record counted as deleted was deleted, and every record counted as anonymised lost the personal fields listed in "
                + "its item file, through the record service (so the change log shows each change). Each has an erasure ledger entry, which every "
                + "restore re-applies, so the data does not come back from a backup. Records counted as held were kept because of the legal hold "
                + "named in their item; records counted as changed were changed by someone during the run and are judged again by the next run.",
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(certificate, CertificateJson);
        var signature = await signer.SignAsync(bytes, cancellationToken);
        await evidence.SaveCertificateAsync(tenantId, run.Id, bytes, signature, Readable(run, tenantId, results, files.Count, signature), cancellationToken);
    }

    private static string Readable(RetentionRun run, string tenantId, IReadOnlyList<RetentionTargetResult> results, int files, EvidenceSignature signature)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine("CERTIFICATE OF DELETION — RETENTION RUN");
        text.AppendLine(culture, $"Run {run.Id} of tenant {tenantId} ({run.Trigger}, requested by {run.RequestedBy} at {run.RequestedAt:u}).");
        text.AppendLine(culture, $"Retention periods were judged as of {run.AsOf:u}; the run completed at {run.CompletedAt:u}.");
        text.AppendLine();
        foreach (var result in results)
        {
            var target = result.Target;
            var scope = target.Category is { } category ? $"{category} data in {target.Collection}" : target.Collection;
            text.AppendLine(culture, $"Policy \"{target.PolicyName}\" ({target.PolicyId}): {scope}, kept {target.KeepDays} days after {target.EventField}, then {target.Action}.");
            text.AppendLine(culture, $"  due {result.Counts.Due}: deleted {result.Counts.Deleted}, anonymised {result.Counts.Anonymised}, " +
                $"kept under legal hold {result.Counts.Held}, changed during the run {result.Counts.Changed}.");
        }
        text.AppendLine();
        text.AppendLine(culture, $"In total: deleted {run.Totals.Deleted}, anonymised {run.Totals.Anonymised}, held {run.Totals.Held}, changed {run.Totals.Changed}.");
        text.AppendLine(culture, $"Each treated record has an erasure ledger entry (request retention:{run.Id}) that every restore re-applies.");
        text.AppendLine(culture, $"The {files} item file(s) listing each record are named with their SHA-256 in the signed certificate.");
        text.AppendLine(culture, $"Signed with {signature.Algorithm}, key {signature.KeyId}.");
        return text.ToString();
    }
}
