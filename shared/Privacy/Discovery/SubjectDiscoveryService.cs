using DataGovernance.Outcomes;

namespace DataGovernance.Privacy;

/// <summary>What a data subject is looked for by; at least one identifier.</summary>
public sealed record SubjectIdentifiers(string? Email, string? Phone, IReadOnlyList<string>? NationalIds, string? Name);

/// <summary>One record that holds the subject's personal data, with every field that matched.</summary>
public sealed record SubjectMatch(string Collection, string RecordId, IReadOnlyList<SubjectFieldMatch> Fields);

/// <summary>
/// A field that matched one of the subject's identifiers: the entity the classifier found there, which identifier
/// (email, phone, nationalId, name) it matched, how sure, and a sentence explaining why.
/// </summary>
public sealed record SubjectFieldMatch(string FieldPath, string Entity, string Identifier, double Confidence, string Explanation);

/// <summary>Finds a data subject's records across every collection through the classification index.</summary>
public sealed class SubjectDiscoveryService
{
    public Task<Result<IReadOnlyList<SubjectMatch>>> DiscoverAsync(string tenantId, SubjectIdentifiers subject, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
