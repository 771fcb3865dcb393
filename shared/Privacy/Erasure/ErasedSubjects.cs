namespace DataGovernance.Privacy;

/// <summary>
/// Who was erased in a tenant, as far as the hub still knows: only each erasure's pseudonym, a keyed hash of the
/// subject's strongest identifier (<see cref="Pseudonyms"/>). The hub keeps no list of erased identities; an identifier
/// is recognised by deriving its pseudonym and finding it among those, so it can only be matched, never read back.
/// </summary>
public sealed class ErasedSubjects(ErasureStore store, Pseudonyms pseudonyms)
{
    public async Task<ErasedPseudonyms> ForTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        new(tenantId, await store.ErasedPseudonymsAsync(tenantId, cancellationToken), pseudonyms);
}

/// <summary>The pseudonyms of a tenant's erased subjects, and whether an e-mail address or phone number is one of theirs.</summary>
/// <remarks>
/// A pseudonym is derived from the identifier the request gave first (e-mail, else phone, else name), so an address
/// matches a subject erased by e-mail and a number one erased by phone, in the digits the request wrote. Names are not
/// matched: two people may share one.
/// </remarks>
public sealed class ErasedPseudonyms(string tenantId, IReadOnlySet<string> erased, Pseudonyms pseudonyms)
{
    public bool IsEmpty => erased.Count == 0;

    public bool IsErasedEmail(string email) =>
        !IsEmpty && !string.IsNullOrWhiteSpace(email) && erased.Contains(pseudonyms.For(tenantId, new SubjectIdentifiers(email, null, null, null)));

    public bool IsErasedPhone(string phone) =>
        !IsEmpty && phone.Any(char.IsAsciiDigit) && erased.Contains(pseudonyms.For(tenantId, new SubjectIdentifiers(null, phone, null, null)));
}
