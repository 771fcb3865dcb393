using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>Checks a retention policy request: scope, event field, period and action; every problem a field error.</summary>
public static class RetentionPolicyValidator
{
    public const int MaxNameLength = 200;
    public const int MaxKeepDays = 36_500;

    public static Result<RetentionPolicy> Validate(RetentionPolicyRequest request)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"Required: 1–{MaxNameLength} characters, such as 'Former employees: 3 years'.");
        }
        var collections = Scope(request, errors);
        var eventField = request.EventField?.Trim();
        if (string.IsNullOrEmpty(eventField))
        {
            errors.Add("eventField", "Required: createdAt, updatedAt or a date field of the collection, such as startDate.");
        }
        else if (collections is { Count: > 0 } && EventFieldProblem(collections, eventField) is { } problem)
        {
            errors.Add("eventField", problem);
        }
        if (request.KeepDays is not { } days || days is < 0 or > MaxKeepDays)
        {
            errors.Add("keepDays", $"Required: a whole number of days from 0 to {MaxKeepDays}.");
        }
        if (request.Action is null)
        {
            errors.Add("action", "Required: Delete or Anonymise.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return new RetentionPolicy("", name!, request.Collection, request.Category, eventField!, request.KeepDays!.Value, request.Action!.Value,
            request.Enabled ?? true, 0, default, "", default, "");
    }

    /// <summary>The collections the policy covers; null when the scope itself is wrong.</summary>
    private static IReadOnlyList<string>? Scope(RetentionPolicyRequest request, FieldErrors errors)
    {
        if (request.Collection is null == request.Category is null)
        {
            errors.Add("collection", "Send exactly one of collection (a policy on one collection) and category (on a category of personal data).");
            return null;
        }
        if (request.Collection is { } collection)
        {
            if (Collections.Find(collection) is null)
            {
                errors.Add("collection", $"There is no collection '{collection}'. Collections: {string.Join(", ", Collections.Names)}.");
                return null;
            }
            return [collection];
        }
        // Classification can find any category in any collection, so a category policy covers them all.
        return [.. Collections.Names];
    }

    private static string? EventFieldProblem(IReadOnlyList<string> collections, string eventField)
    {
        foreach (var collection in collections)
        {
            if (RetentionFields.EventFields(collection).Contains(eventField, StringComparer.Ordinal))
            {
                continue;
            }
            var allowed = string.Join(", ", RetentionFields.EventFields(collection));
            return Collections.Find(collection)!.Find(eventField) is { } field
                ? $"{eventField} of {collection} is a {field.Type} field, not a date. Event fields of {collection}: {allowed}."
                : $"{collection} has no field {eventField}. Event fields of {collection}: {allowed}.";
        }
        return null;
    }
}
