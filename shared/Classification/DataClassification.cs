namespace DataGovernance.Classification;

/// <summary>
/// How carefully data must be handled, lowest first. The classifier assigns <see cref="Internal"/>, <see cref="Confidential"/>
/// and <see cref="Restricted"/> (see <see cref="Sensitivity"/>); <see cref="Public"/> is never inferred, because finding no
/// personal data in a tenant's compliance record does not make it fit for publication.
/// </summary>
public enum SensitivityLevel
{
    Public,
    Internal,
    Confidential,
    Restricted,
}

/// <summary>The rules that turn what was found into a sensitivity level.</summary>
public static class Sensitivity
{
    /// <summary>
    /// Restricted: GDPR Art. 9 special categories, government identifiers and financial accounts (their misuse enables
    /// identity theft or fraud). Confidential: any other personal data. Internal: nothing personal found.
    /// </summary>
    public static SensitivityLevel Of(PiiCategory category) => category.IsSpecialCategory() || category is PiiCategory.GovernmentIdentifier or PiiCategory.FinancialAccount
        ? SensitivityLevel.Restricted
        : SensitivityLevel.Confidential;

    public static SensitivityLevel Of(IEnumerable<PiiCategory> categories) =>
        categories.Select(Of).DefaultIfEmpty(SensitivityLevel.Internal).Max();
}

/// <summary>One entity type found in a field: how many times and the highest confidence among them.</summary>
public sealed record ClassifiedEntity(string Entity, string Recognizer, PiiCategory Category, bool SpecialCategory, double Confidence, int Occurrences);

/// <summary>A field of a record that holds personal data (fields without any are not listed and are <see cref="SensitivityLevel.Internal"/>).</summary>
public sealed record FieldClassification(
    string FieldPath, SensitivityLevel Sensitivity, IReadOnlyList<PiiCategory> Categories, bool SpecialCategory, double Confidence,
    IReadOnlyList<ClassifiedEntity> Entities);

/// <summary>
/// What classification found in one record at <see cref="RecordVersion"/>, under the tenant's recognizers at
/// <see cref="RecognizersVersion"/>. It names entity types, categories and field paths, never a value.
/// </summary>
public sealed record RecordClassification(
    string Collection,
    string RecordId,
    long RecordVersion,
    long RecognizersVersion,
    DateTimeOffset ClassifiedAt,
    SensitivityLevel Sensitivity,
    IReadOnlyList<PiiCategory> Categories,
    IReadOnlyList<PiiCategory> SpecialCategories,
    IReadOnlyList<FieldClassification> Fields)
{
    public bool SpecialCategoryData => SpecialCategories.Count > 0;

    /// <summary>Builds the classification of a record from the classifier's matches.</summary>
    public static RecordClassification From(
        string collection, string recordId, long recordVersion, long recognizersVersion, DateTimeOffset classifiedAt, IEnumerable<ClassificationMatch> matches)
    {
        var fields = matches
            .GroupBy(match => match.FieldPath ?? "", StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var entities = group
                    .GroupBy(match => (match.Entity, match.Recognizer, match.Category))
                    .Select(same => new ClassifiedEntity(same.Key.Entity, same.Key.Recognizer, same.Key.Category, same.Key.Category.IsSpecialCategory(),
                        same.Max(match => match.Confidence), same.Count()))
                    .OrderBy(entity => entity.Entity, StringComparer.Ordinal)
                    .ToList();
                var categories = entities.Select(entity => entity.Category).Distinct().Order().ToList();
                return new FieldClassification(group.Key, Classification.Sensitivity.Of(categories), categories, categories.Any(PiiCategories.IsSpecialCategory),
                    entities.Max(entity => entity.Confidence), entities);
            })
            .ToList();
        var all = fields.SelectMany(field => field.Categories).Distinct().Order().ToList();
        return new RecordClassification(collection, recordId, recordVersion, recognizersVersion, classifiedAt, Classification.Sensitivity.Of(all), all,
            [.. all.Where(PiiCategories.IsSpecialCategory)], fields);
    }
}

/// <summary>
/// One row of the subject index: the field <see cref="FieldPath"/> of a record holds a value of <see cref="Entity"/> whose
/// pseudonymous key is <see cref="Key"/>. For a name, each token is a row and <see cref="NameTokens"/> says how many the field has.
/// </summary>
public sealed record SubjectIndexEntry(string Key, string Collection, string RecordId, string FieldPath, string Entity, double Confidence, int NameTokens);
