using DataGovernance.Classification;
using DataGovernance.Records;

namespace DataGovernance.Exports;

/// <summary>
/// What an export may show of a collection, from the tenant's sensitivity map: fields whose values classification
/// found Restricted, and fields the schema declares Restricted (so that they are masked before classification has
/// seen them), are masked for callers who may not see them; and which data categories of the cross-border rules
/// the exported fields hold.
/// </summary>
public sealed class ExportMasking(DataClassificationService classification)
{
    /// <summary>What a masked value reads as, in every format.</summary>
    public const string Masked = "[masked]";

    /// <summary>The top-level fields of <paramref name="collection"/> that are Restricted by schema or hold Restricted data in at least one record.</summary>
    public async Task<IReadOnlySet<string>> RestrictedFieldsAsync(string tenantId, string collection, CancellationToken cancellationToken) =>
        (await FieldsAsync(tenantId, collection, cancellationToken))
            .Where(field => field.HighestSensitivity == SensitivityLevel.Restricted)
            .Select(field => TopLevel(field.Field))
            .Concat(Collections.Find(collection)?.Fields.Where(spec => spec.Restricted).Select(spec => spec.Name) ?? [])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The record as an export writes it: only <paramref name="fields"/>, those in <paramref name="masked"/> already
    /// <see cref="Masked"/> (so that nothing else reaches a sort's temporary files).
    /// </summary>
    public static Record Shape(Record record, IReadOnlyList<string> fields, IReadOnlySet<string> masked)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in fields)
            {
                if (!record.Data.TryGetProperty(field, out var value))
                {
                    continue;
                }
                json.WritePropertyName(field);
                if (masked.Contains(field))
                {
                    json.WriteStringValue(Masked);
                }
                else
                {
                    value.WriteTo(json);
                }
            }
            json.WriteEndObject();
        }
        return record with { Data = System.Text.Json.JsonDocument.Parse(buffer.ToArray()).RootElement.Clone() };
    }

    /// <summary>The cross-border data categories (<c>contact</c>, <c>identity</c>…) the given fields hold.</summary>
    public async Task<IReadOnlyCollection<string>> TransferCategoriesAsync(
        string tenantId, string collection, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        var exported = fields.ToHashSet(StringComparer.Ordinal);
        return (await FieldsAsync(tenantId, collection, cancellationToken))
            .Where(field => exported.Contains(TopLevel(field.Field)))
            .SelectMany(field => field.Categories)
            .Select(count => TransferCategory(count.Category))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static string TransferCategory(PiiCategory category) => category switch
    {
        PiiCategory.ContactDetails => "contact",
        PiiCategory.OnlineIdentifier => "usage",
        PiiCategory.FinancialAccount => "financial",
        PiiCategory.Health or PiiCategory.Genetic => "health",
        PiiCategory.Biometric => "biometric",
        _ => "identity",
    };

    private async Task<IReadOnlyList<FieldSensitivity>> FieldsAsync(string tenantId, string collection, CancellationToken cancellationToken) =>
        (await classification.GetMapAsync(tenantId, cancellationToken)).Collections.FirstOrDefault(c => c.Collection == collection)?.Fields ?? [];

    /// <summary><c>contacts[].email</c> and <c>customFields.badge</c> are masked as a whole: <c>contacts</c>, <c>customFields</c>.</summary>
    private static string TopLevel(string fieldPath) => fieldPath.Split('.', '[')[0];
}
