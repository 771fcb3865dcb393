using System.Text.Json;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>
/// Applies the cross-border rules to writes of the <c>vendors</c> collection (country, dataCategories,
/// transferMechanism). With rules saved, a refused transfer refuses the write (422 <c>transfer-not-allowed</c> or
/// <c>transfer-mechanism-required</c>); without rules the write is accepted and a transfer without a mechanism opens a
/// DPIA. Offboarded vendors transfer nothing and are not checked.
/// </summary>
public sealed class VendorTransferCheck(CrossBorderService crossBorder) : IRecordWriteCheck, IRecordWriteObserver
{
    public const string OffboardedStatus = "offboarded";

    public async Task<Failure?> CheckAsync(string tenantId, Record written, CancellationToken cancellationToken)
    {
        if (written.Collection != Collections.Vendors)
        {
            return null;
        }
        var rules = await crossBorder.GetAsync(tenantId, cancellationToken);
        return rules.Configured && TransferOf(rules, written) is { } transfer
            ? CrossBorderService.Refusal(transfer.Decision, "country", "dataCategories", "transferMechanism")
            : null;
    }

    public async Task CommittedAsync(string tenantId, IReadOnlyList<ChangeLogEntry> changes, CancellationToken cancellationToken)
    {
        var vendors = changes.Where(change => change.Collection == Collections.Vendors).Select(change => change.AfterState()).OfType<Record>().ToList();
        if (vendors.Count == 0)
        {
            return;
        }
        var rules = await crossBorder.GetAsync(tenantId, cancellationToken);
        foreach (var vendor in vendors)
        {
            if (!rules.Configured && TransferOf(rules, vendor) is { Decision.Status: TransferStatus.MechanismRequired } transfer)
            {
                await crossBorder.OpenDpiaForAsync(tenantId, transfer, cancellationToken);
            }
        }
    }

    public bool FollowsBulkChangesOf(string collection) => collection == Collections.Vendors;

    /// <summary>The vendor's transfer under <paramref name="rules"/>; null for an offboarded vendor or one without a valid country.</summary>
    public static VendorTransfer? TransferOf(CrossBorderRules rules, Record vendor)
    {
        var data = vendor.Data;
        var country = Text(data, "country");
        if (vendor.Status == OffboardedStatus || !TransferJurisdictions.IsCountryCode(country))
        {
            return null;
        }
        IReadOnlyList<string> categories = data.TryGetProperty("dataCategories", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];
        var mechanism = Text(data, "transferMechanism");
        return new VendorTransfer(vendor.Id, Text(data, "name"), country, categories, mechanism, vendor.Status,
            TransferRules.Decide(rules, categories, country!, mechanism));
    }

    private static string? Text(JsonElement data, string field) =>
        data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
