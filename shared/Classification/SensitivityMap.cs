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
/// Where personal data sits in a tenant: collections × fields × categories × record counts, and the special categories
/// found so far (each opened a DPIA when first found).
/// </summary>
public sealed record SensitivityMap(
    string TenantId, DateTimeOffset ComputedAt, int RecordsClassified, IReadOnlyList<CollectionSensitivity> Collections,
    IReadOnlyList<SpecialCategoryFinding> SpecialCategoriesFound);

/// <summary>
/// The counts behind one collection of the map. Every classification written adds its record's contribution and takes
/// away the one it replaces, in the same transaction as the result, so the counts stay exact and the map is read
/// from one row per collection. Highest sensitivities follow from the categories still counted.
/// </summary>
public sealed partial class CollectionTally
{
    public int Records { get; set; }

    public int RecordsWithPersonalData { get; set; }

    public Dictionary<string, FieldTally> Fields { get; set; } = new(StringComparer.Ordinal);

    public sealed class FieldTally
    {
        public int Records { get; set; }

        public Dictionary<PiiCategory, int> Categories { get; set; } = [];
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (-1) one record's contribution.</summary>
    public CollectionTally Apply(RecordClassification record, int sign)
    {
        Records += sign;
        RecordsWithPersonalData += record.Fields.Count > 0 ? sign : 0;
        foreach (var folded in record.Fields.GroupBy(field => ArrayPosition().Replace(field.FieldPath, "[]"), StringComparer.Ordinal))
        {
            if (!Fields.TryGetValue(folded.Key, out var tally))
            {
                Fields[folded.Key] = tally = new FieldTally();
            }
            tally.Records += sign;
            foreach (var category in folded.SelectMany(field => field.Categories).Distinct())
            {
                tally.Categories[category] = tally.Categories.GetValueOrDefault(category) + sign;
                if (tally.Categories[category] <= 0)
                {
                    tally.Categories.Remove(category);
                }
            }
            if (tally.Records <= 0)
            {
                Fields.Remove(folded.Key);
            }
        }
        return this;
    }

    public CollectionSensitivity ToSensitivity(string collection)
    {
        var fields = Fields.OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => new FieldSensitivity(
                field.Key, Sensitivity.Of(field.Value.Categories.Keys), field.Value.Categories.Keys.Any(PiiCategories.IsSpecialCategory), field.Value.Records,
                [.. field.Value.Categories.OrderBy(category => category.Key).Select(category => new CategoryCount(category.Key, category.Key.IsSpecialCategory(), category.Value))]))
            .ToList();
        return new CollectionSensitivity(collection, Records, RecordsWithPersonalData,
            fields.Select(field => field.HighestSensitivity).DefaultIfEmpty(SensitivityLevel.Internal).Max(), fields.Any(field => field.SpecialCategoryData), fields);
    }

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex ArrayPosition();
}
