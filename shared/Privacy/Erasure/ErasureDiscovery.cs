using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>A record an erasure plans to change, with its data as discovery read it.</summary>
public sealed record DiscoveredRecord(ErasureItem Item, JsonElement Data);

/// <summary>
/// What an erasure covers and what it must keep: the subject's records found through discovery (again with the phone and
/// national ids their own records name), and the legal holds in force on them now.
/// </summary>
public sealed class ErasureDiscovery(SubjectDiscoveryService discovery, LegalHoldService holds, RecordService records)
{
    /// <summary>The subject's records, and the identifiers learned from their own records (normalised, valid ones only).</summary>
    public async Task<(List<DiscoveredRecord> Planned, IReadOnlyList<SubjectIdentifiers> Learned)> DiscoverAsync(
        string tenantId, SubjectIdentifiers subject, CancellationToken cancellationToken)
    {
        var planned = await FindAsync(tenantId, subject, cancellationToken);
        // The subject's own records may name identifiers the request did not give (a phone, a national id): look again with those.
        var learned = planned.Where(item => item.Item.OwnRecord).Select(item => ErasureRules.LearnedFrom(item.Data, subject)).OfType<SubjectIdentifiers>().ToList();
        foreach (var more in learned)
        {
            foreach (var found in await FindAsync(tenantId, more, cancellationToken))
            {
                var index = planned.FindIndex(item => item.Item.Collection == found.Item.Collection && item.Item.RecordId == found.Item.RecordId);
                if (index < 0)
                {
                    planned.Add(found);
                }
                else
                {
                    var merged = planned[index].Item.Fields.Concat(found.Item.Fields).DistinctBy(field => field.Field).OrderBy(field => field.Field, StringComparer.Ordinal);
                    planned[index] = planned[index] with { Item = planned[index].Item with { Fields = [.. merged], OwnRecord = planned[index].Item.OwnRecord || found.Item.OwnRecord } };
                }
            }
        }
        return (planned, learned);
    }

    /// <summary>The legal hold in force now on each of <paramref name="references"/> that one covers, by record or by any of the subject's identifiers.</summary>
    public async Task<Dictionary<RecordReference, HeldRecord>> HeldAsync(
        string tenantId, IReadOnlyCollection<RecordReference> references, IEnumerable<SubjectIdentifiers> subject, CancellationToken cancellationToken)
    {
        var held = new Dictionary<RecordReference, HeldRecord>();
        foreach (var identifiers in subject)
        {
            foreach (var hold in await holds.FindHeldAsync(tenantId, references, identifiers, cancellationToken))
            {
                held.TryAdd(hold.Record, hold);
            }
        }
        return held;
    }

    private async Task<List<DiscoveredRecord>> FindAsync(string tenantId, SubjectIdentifiers subject, CancellationToken cancellationToken)
    {
        var found = await discovery.DiscoverAsync(tenantId, subject, cancellationToken);
        if (!found.Succeeded)
        {
            throw new InvalidOperationException($"Discovery failed: {found.Failure.Detail}");
        }
        var planned = new List<DiscoveredRecord>();
        foreach (var match in found.Value)
        {
            var record = await records.GetAsync(tenantId, match.Collection, match.RecordId, allowCached: false, cancellationToken);
            if (record.Succeeded)
            {
                planned.Add(new(new ErasureItem(match.Collection, match.RecordId, ErasureRules.IsOwnRecord(match), ErasureRules.Plan(match, record.Value.Data),
                    ErasureItemState.Pending, null, null, null, false), record.Value.Data));
            }
        }
        return planned;
    }
}
