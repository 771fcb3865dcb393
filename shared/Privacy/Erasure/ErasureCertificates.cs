using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs.Models;
using DataGovernance.Downloads;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

public sealed record CertifiedRecord(string Collection, string RecordId, string Outcome, DateTimeOffset? ErasedAt, long? VersionAfter, IReadOnlyList<CertifiedField> Fields);

public sealed record CertifiedField(string Field, FieldErasure Action);

public sealed record CertifiedHold(string Collection, string RecordId, string HoldId, string Reason);

/// <summary>The certificate of an erasure as signed: what was erased, what was kept and why, who decided, and where the erasure is recorded.</summary>
public sealed record ErasureCertificate(
    string Type, string CertificateId, string TenantId, string RequestId, PrivacyRequestType RequestType, PrivacyLaw Law, DateTimeOffset ReceivedAt,
    string Pseudonym, string StartedBy, DateTimeOffset StartedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, bool SelfApproved,
    DateTimeOffset IssuedAt, IReadOnlyList<CertifiedRecord> Erased, IReadOnlyList<CertifiedHold> Held, int LedgerEntries, string SecondaryRegion,
    IReadOnlyList<string> NotErased, string ImportFiles)
{
    public const string Kind = "erasure-certificate";
}

/// <summary>The signed certificate as handed out: its exact text (the signed bytes, UTF-8) and the detached signature.</summary>
public sealed record SignedErasureCertificate(string Certificate, EvidenceSignature Signature);

/// <summary>
/// Issues certificates of erasure (signed JSON plus a plain-text rendering) into the privacy evidence container, and
/// hands them out through expiring links.
/// </summary>
public sealed class ErasureCertificates(EvidenceSigner signer, HubStorage storage, DownloadLinks links)
{
    public static readonly IReadOnlyList<string> NotErased =
    [
        "The consent ledger: its entries are the proof of what the person consented to and withdrew, kept under a pseudonymous subject key (GDPR Art. 7(1), 17(3)(b)).",
        "The data subject request itself and its history: the proof that the request was handled (GDPR Art. 5(2)).",
        "Backups and replicas taken before the erasure: they stay immutable until their retention ends; every restore, in either region, re-applies the erasure ledger, so the erased data never returns to live use.",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<ErasureCertificateInfo> IssueAsync(PrivacyRequest request, Erasure erasure, IReadOnlyList<ErasureItem> items, int ledgerEntries,
        DateTimeOffset issuedAt, string tenantId, CancellationToken cancellationToken)
    {
        var certificate = new ErasureCertificate(ErasureCertificate.Kind, $"ec-{request.Id}", tenantId, request.Id, request.Type, request.Law,
            request.ReceivedAt, erasure.Pseudonym, erasure.StartedBy, erasure.StartedAt, erasure.ApprovedBy, erasure.ApprovedAt, erasure.SelfApproved,
            issuedAt,
            [.. items.Where(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone).Select(item => new CertifiedRecord(item.Collection,
                item.RecordId, item.State == ErasureItemState.Gone ? "deleted before the erasure; kept out of every restore" : "erased",
                item.ErasedAt, item.VersionAfter, [.. item.Fields.Select(field => new CertifiedField(field.Field, field.Action))]))],
            [.. items.Where(item => item.Hold is not null).Select(item => new CertifiedHold(item.Collection, item.RecordId, item.Hold!.HoldId, item.Hold.Reason))],
            ledgerEntries, erasure.Secondary ?? "", NotErased, ErasureImportFiles.Describe(erasure.ImportFiles));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(certificate, Json);
        var signature = await signer.SignAsync(bytes, cancellationToken);
        var signed = JsonSerializer.SerializeToUtf8Bytes(new SignedErasureCertificate(Encoding.UTF8.GetString(bytes), signature), Json);
        await UploadAsync(SignedBlob(tenantId, request.Id), signed, "application/json", cancellationToken);
        await UploadAsync(TextBlob(tenantId, request.Id), Encoding.UTF8.GetBytes(Readable(certificate, signature)), "text/plain; charset=utf-8", cancellationToken);
        return new ErasureCertificateInfo(certificate.CertificateId, Convert.ToHexStringLower(SHA256.HashData(bytes)), signature.KeyId, issuedAt);
    }

    public CertificateLinks Links(string tenantId, string requestId, Actor viewer)
    {
        var json = links.Create(new DownloadTarget(tenantId, StorageNames.PrivacyEvidenceContainer, SignedBlob(tenantId, requestId),
            $"erasure-certificate-{requestId}.json", "application/json", "erasure-certificate"), viewer);
        var text = links.Create(new DownloadTarget(tenantId, StorageNames.PrivacyEvidenceContainer, TextBlob(tenantId, requestId),
            $"erasure-certificate-{requestId}.txt", "text/plain; charset=utf-8", "erasure-certificate"), viewer);
        return new CertificateLinks(json.Url, text.Url, json.ExpiresAt);
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var container = storage.Primary.Container(StorageNames.PrivacyEvidenceContainer);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    private static string SignedBlob(string tenantId, string requestId) => $"{tenantId}/{requestId}/erasure-certificate.signed.json";

    private static string TextBlob(string tenantId, string requestId) => $"{tenantId}/{requestId}/erasure-certificate.txt";

    private static string Readable(ErasureCertificate certificate, EvidenceSignature signature)
    {
        static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";
        var text = new StringBuilder();
        text.AppendLine("CERTIFICATE OF ERASURE").AppendLine(new string('=', 22)).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Certificate:      {certificate.CertificateId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Tenant:           {certificate.TenantId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Request:          {certificate.RequestId} ({certificate.RequestType}, {certificate.Law}), received {Time(certificate.ReceivedAt)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data subject:     known from now on as {certificate.Pseudonym}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Started by:       {certificate.StartedBy} at {Time(certificate.StartedAt)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Approved by:      {certificate.ApprovedBy} at {Time(certificate.ApprovedAt)}{(certificate.SelfApproved ? " (the only approver in the team)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Issued:           {Time(certificate.IssuedAt)}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Erased records ({certificate.Erased.Count}):");
        foreach (var record in certificate.Erased)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {record.Collection}/{record.RecordId}: {record.Outcome}{(record.VersionAfter is { } v ? $", now version {v}" : "")}");
            foreach (var field in record.Fields)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {field.Field}: {field.Action.ToString().ToLowerInvariant()}");
            }
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Kept under legal hold ({certificate.Held.Count}):");
        foreach (var hold in certificate.Held)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {hold.Collection}/{hold.RecordId}: hold {hold.HoldId}: {hold.Reason}");
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Erasure ledger:   {certificate.LedgerEntries} entries, re-applied by every restore");
        text.AppendLine(CultureInfo.InvariantCulture, $"Secondary region: {certificate.SecondaryRegion}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Import files:     {certificate.ImportFiles}").AppendLine();
        text.AppendLine("Not erased, and why:");
        foreach (var kept in certificate.NotErased)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {kept}");
        }
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Signed ({signature.Algorithm}, key {signature.KeyId}); the signed JSON version carries the signature and public key.");
        return text.ToString();
    }
}
