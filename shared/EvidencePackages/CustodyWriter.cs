using System.Text.Json;

namespace DataGovernance.EvidencePackages;

/// <summary>
/// Streams <c>chain-of-custody.json</c> (see <see cref="ChainOfCustody"/>) into its ZIP entry record by record, so its
/// size never has to fit in memory; each record's history is let go once written.
/// </summary>
internal static class CustodyWriter
{
    public static async Task WriteAsync(Stream output, string tenantId, EvidencePackage package, EvidenceInScope inScope,
        Dictionary<string, List<EvidenceVersion>> history, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString(Name(nameof(ChainOfCustody.PackageId)), package.Id);
        json.WriteString(Name(nameof(ChainOfCustody.TenantId)), tenantId);
        json.WriteString(Name(nameof(ChainOfCustody.RequestedBy)), package.RequestedBy);
        json.WritePropertyName(Name(nameof(ChainOfCustody.RequestedAt)));
        Write(json, package.RequestedAt);
        json.WritePropertyName(Name(nameof(ChainOfCustody.Approvals)));
        Write(json, Array.Empty<EvidencePackageStep>());
        var steps = package.Steps.Append(new EvidencePackageStep("Packaged", generatedAt, EvidencePackageService.Builder,
            $"{inScope.Evidence.Count} evidence record(s); manifest signed")).ToList();
        json.WritePropertyName(Name(nameof(ChainOfCustody.Steps)));
        Write(json, steps);
        json.WritePropertyName(Name(nameof(ChainOfCustody.Evidence)));
        json.WriteStartArray();
        foreach (var selected in inScope.Evidence)
        {
            var versions = history.Remove(selected.RecordId, out var found) ? found : [];
            var upload = UploadOf(versions, selected.File?.Sha256);
            Write(json, new EvidenceCustody(selected.RecordId, selected.Version, upload?.Actor, upload?.At, versions));
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>Writes a value as the package's JSON settings would, without flushing synchronously (the serializer's writer overloads do).</summary>
    private static void Write<T>(Utf8JsonWriter json, T value) => JsonSerializer.SerializeToElement(value, EvidencePackageFiles.Json).WriteTo(json);

    private static string Name(string property) => EvidencePackageFiles.Json.PropertyNamingPolicy!.ConvertName(property);

    /// <summary>The change that made the record name its current file: the first of the latest run of versions naming it.</summary>
    private static EvidenceVersion? UploadOf(IReadOnlyList<EvidenceVersion> versions, string? sha256)
    {
        var (upload, previous) = ((EvidenceVersion?)null, (string?)null);
        foreach (var version in versions)
        {
            if (sha256 is not null && version.Sha256 == sha256 && previous != sha256)
            {
                upload = version;
            }
            previous = version.Sha256;
        }
        return upload;
    }
}
