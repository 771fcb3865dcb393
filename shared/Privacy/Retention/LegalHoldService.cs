namespace DataGovernance.Privacy;

public sealed record RecordReference(string Collection, string RecordId);

/// <summary>A record kept from erasure and retention by a legal hold, and the hold's reason.</summary>
public sealed record HeldRecord(RecordReference Record, string HoldId, string Reason);

/// <summary>Legal holds on records or on data subjects (GDPR Art. 17(3)(e)): held data is neither erased nor deleted by retention.</summary>
public sealed class LegalHoldService
{
    /// <summary>Which of <paramref name="records"/> are held, by a hold on the record itself or on <paramref name="subject"/>.</summary>
    public Task<IReadOnlyList<HeldRecord>> FindHeldAsync(
        string tenantId, IReadOnlyCollection<RecordReference> records, SubjectIdentifiers? subject, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
