using System.Text.Json;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>
/// Checks a view against its collection's schema. Fails with <c>unknown-collection</c> or <c>unknown-field</c> (422) when
/// the body names what the schema does not have, otherwise <c>validation-failed</c>; field errors name the place
/// (<c>filter[1].value</c>).
/// </summary>
public static class DataViewValidator
{
    public const int MaxConditions = 20;
    public const int MaxSortFields = 3;
    public const int MaxInValues = 50;

    public static Result<DataView> Validate(DataViewRequest request)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            errors.Add("name", "Required, at most 100 characters.");
        }
        if (Schema(request.Collection) is not { } schema)
        {
            return UnknownCollection(request.Collection);
        }
        var unknown = new FieldErrors();
        var filter = request.Filter ?? [];
        if (filter.Count > MaxConditions)
        {
            errors.Add("filter", $"At most {MaxConditions} conditions.");
        }
        for (var i = 0; i < filter.Count; i++)
        {
            CheckCondition(schema, filter[i], $"filter[{i}]", errors, unknown);
        }
        CheckProjection(schema, request.Fields ?? [], "fields", errors, unknown);
        var sort = request.Sort ?? [];
        if (sort.Count > MaxSortFields)
        {
            errors.Add("sort", $"At most {MaxSortFields} fields.");
        }
        for (var i = 0; i < sort.Count; i++)
        {
            var kind = ViewFields.KindOf(schema, sort[i]?.Field ?? "");
            if (kind is null)
            {
                unknown.Add($"sort[{i}].field", $"{schema.Name} has no field '{sort[i]?.Field}'.");
            }
            else if (kind is ValueKind.List or ValueKind.Document)
            {
                errors.Add($"sort[{i}].field", "Lists and custom fields cannot be sorted on.");
            }
        }
        if (unknown.Any)
        {
            return new Failure(FailureKind.Validation, "unknown-field", "The view names fields the collection does not have.", unknown.ToDictionary());
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return new DataView("", request.Name!.Trim(), schema.Name, filter, request.Fields ?? [], sort, 0, default, "", default, "");
    }

    /// <summary>Checks a list of fields to show: schema fields, each once (the bookkeeping fields are always shown).</summary>
    public static void CheckProjection(CollectionSchema schema, IReadOnlyList<string> fields, string name, FieldErrors errors, FieldErrors unknown)
    {
        if (fields.Count > schema.Fields.Count)
        {
            errors.Add(name, $"At most {schema.Fields.Count} fields.");
        }
        foreach (var field in fields)
        {
            if (schema.Find(field ?? "") is null)
            {
                unknown.Add(name, $"{schema.Name} has no field '{field}'.");
            }
        }
        if (fields.Distinct(StringComparer.Ordinal).Count() != fields.Count)
        {
            errors.Add(name, "Each field at most once.");
        }
    }

    public static CollectionSchema? Schema(string? collection) => collection is null ? null : Collections.Find(collection);

    public static Failure UnknownCollection(string? collection) => new(FailureKind.Validation, "unknown-collection",
        $"There is no collection '{collection}'. Collections: {string.Join(", ", Collections.Names)}.",
        FieldErrors.Of("collection", $"One of: {string.Join(", ", Collections.Names)}.").ToDictionary());

    private static void CheckCondition(CollectionSchema schema, ViewCondition? condition, string at, FieldErrors errors, FieldErrors unknown)
    {
        if (condition is null || ViewFields.KindOf(schema, condition.Field ?? "") is not { } kind)
        {
            unknown.Add($"{at}.field", $"{schema.Name} has no field '{condition?.Field}'.");
            return;
        }
        if (!ViewOperators.All.Contains(condition.Op) || !ViewOperators.Allows(kind, condition.Op))
        {
            var allowed = ViewOperators.All.Where(op => ViewOperators.Allows(kind, op)).ToList();
            errors.Add($"{at}.op", allowed.Count == 0 ? $"'{condition.Field}' cannot be filtered on." : $"On '{condition.Field}' one of: {string.Join(", ", allowed)}.");
            return;
        }
        var itemKind = kind == ValueKind.List ? ValueKind.Text : kind;
        var values = condition.Op == ViewOperators.In
            ? condition.Value.ValueKind == JsonValueKind.Array ? condition.Value.EnumerateArray().ToList() : null
            : condition.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null ? null : [condition.Value];
        if (values is null || values.Count is 0 or > MaxInValues || values.Any(value => ViewFields.KeyOf(value, itemKind) is null))
        {
            errors.Add($"{at}.value", condition.Op == ViewOperators.In
                ? $"An array of 1 to {MaxInValues} {Describe(itemKind)}."
                : $"One {Describe(itemKind)}.");
        }
    }

    private static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Date => "date (yyyy-MM-dd)",
        ValueKind.Number => "whole number",
        ValueKind.Boolean => "true or false",
        ValueKind.Instant => "date-time (ISO 8601)",
        _ => "text value",
    };
}
