using System.Text.Json.Serialization;
using DataGovernance.Classification;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>What happens to a record once its retention period is over.</summary>
public enum RetentionAction
{
    /// <summary>The whole record is deleted.</summary>
    Delete,

    /// <summary>The record stays, without its personal data: the personal fields are removed, or blanked where the schema requires them.</summary>
    Anonymise,
}

/// <summary>
/// A retention rule: keep the records of one collection, or the records holding one category of personal data, for
/// <see cref="KeepDays"/> days after their event date (<see cref="EventField"/>: <c>createdAt</c>, <c>updatedAt</c> or a
/// date field of the schema), then delete or anonymise them. Records under a legal hold are kept.
/// </summary>
public sealed record RetentionPolicy(
    string Id,
    string Name,
    string? Collection,
    PiiCategory? Category,
    string EventField,
    int KeepDays,
    RetentionAction Action,
    bool Enabled,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public static string NewId() => $"rp-{Guid.NewGuid().ToString("N")[..12]}";
}

/// <summary>Body of <c>POST</c> and <c>PUT …/privacy/retention-policies</c>: exactly one of collection and category.</summary>
public sealed record RetentionPolicyRequest(
    string? Name, string? Collection, PiiCategory? Category, string? EventField, int? KeepDays, RetentionAction? Action, bool? Enabled);

/// <summary>
/// One collection a policy covers, with what a run needs to judge and treat its records: a policy on a category covers
/// every collection that has fields of that category. <see cref="Fields"/> are the personal fields the policy
/// concerns (all of the collection's for a collection policy).
/// </summary>
public sealed record RetentionTarget(
    string PolicyId, string PolicyName, int PolicyIndex, string Collection, PiiCategory? Category, string EventField, int KeepDays,
    RetentionAction Action, IReadOnlyList<string> Fields);
