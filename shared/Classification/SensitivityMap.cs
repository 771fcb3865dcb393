using System.Text.RegularExpressions;

namespace DataGovernance.Classification;

/// <summary>How many classified records hold a category of personal data in a field.</summary>
public sealed record CategoryCount(PiiCategory Category, bool SpecialCategory, int Records);

/// <summary>A field of a collection (array positions folded: <c>contacts[].email</c>) and what its records hold there.</summary>
public sealed record FieldSensitivity(string Field, SensitivityLevel HighestSensitivity, bool SpecialCategoryData, int Records, IReadOnlyList<CategoryCount> Categories);

public sealed record CollectionSensitivity(
    string Collection, int RecordsClassified, int RecordsWithPersonalData, SensitivityLevel HighestSensitivity, bool SpecialCategoryData,
    IReadOnlyList<FieldSensitivity> Fields);

/// <summary>
/// Where personal data sits in a tenant: collections × fields × categories × record counts, computed from the current
/// results, and the special categories found so far (each opened a DPIA when first found).
/// </summary>
public sealed record SensitivityMap(
    string TenantId, DateTimeOffset ComputedAt, int RecordsClassified, IReadOnlyList<CollectionSensitivity> Collections,
    IReadOnlyList<SpecialCategoryFinding> SpecialCategoriesFound);

/// <summary>Adds up record classifications into a <see cref="SensitivityMap"/>, one pass, memory per field rather than per record.</summary>
public sealed partial class SensitivityMapBuilder
{
    private readonly Dictionary<string, (int Classified, int Personal, Dictionary<string, FieldTally> Fields)> _collections = new(StringComparer.Ordinal);

    private sealed class FieldTally
    {
        public int Records;
        public SensitivityLevel Highest = SensitivityLevel.Internal;
        public readonly Dictionary<PiiCategory, int> Categories = [];
    }

    public int RecordsClassified { get; private set; }

    public void Add(RecordClassification record)
    {
        RecordsClassified++;
        if (!_collections.TryGetValue(record.Collection, out var collection))
        {
            collection = (0, 0, new Dictionary<string, FieldTally>(StringComparer.Ordinal));
        }
        collection = (collection.Classified + 1, collection.Personal + (record.Fields.Count > 0 ? 1 : 0), collection.Fields);
        _collections[record.Collection] = collection;
        foreach (var folded in record.Fields.GroupBy(field => ArrayPosition().Replace(field.FieldPath, "[]"), StringComparer.Ordinal))
        {
            if (!collection.Fields.TryGetValue(folded.Key, out var tally))
            {
                collection.Fields[folded.Key] = tally = new FieldTally();
            }
            tally.Records++;
            tally.Highest = (SensitivityLevel)Math.Max((int)tally.Highest, (int)folded.Max(field => field.Sensitivity));
            foreach (var category in folded.SelectMany(field => field.Categories).Distinct())
            {
                tally.Categories[category] = tally.Categories.GetValueOrDefault(category) + 1;
            }
        }
    }

    public SensitivityMap Build(string tenantId, DateTimeOffset computedAt, IReadOnlyList<SpecialCategoryFinding> specialCategories) =>
        new(tenantId, computedAt, RecordsClassified,
            [.. _collections.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair =>
            {
                var fields = pair.Value.Fields.OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => new FieldSensitivity(
                    field.Key, field.Value.Highest, field.Value.Categories.Keys.Any(PiiCategories.IsSpecialCategory), field.Value.Records,
                    [.. field.Value.Categories.OrderBy(category => category.Key).Select(category => new CategoryCount(category.Key, category.Key.IsSpecialCategory(), category.Value))]))
                    .ToList();
                return new CollectionSensitivity(pair.Key, pair.Value.Classified, pair.Value.Personal,
                    fields.Select(field => field.HighestSensitivity).DefaultIfEmpty(SensitivityLevel.Internal).Max(), fields.Any(field => field.SpecialCategoryData), fields);
            })],
            [.. specialCategories.OrderBy(finding => finding.FirstFoundAt)]);

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex ArrayPosition();
}
