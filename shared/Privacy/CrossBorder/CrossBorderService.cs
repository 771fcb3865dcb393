using System.Globalization;
using DataGovernance.Audit;
using DataGovernance.Monitoring;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;
using DataGovernance.Tenancy;

namespace DataGovernance.Privacy;

/// <summary>
/// A tenant's cross-border rules and every place they are enforced: vendor transfers (through
/// <see cref="VendorTransferCheck"/>), replication of backups to another region, and any export to an external
/// destination (<see cref="CheckDestinationAsync"/>). A transfer without a mechanism that cannot be refused — vendors
/// that existed before the rules, or writes of tenants without rules — opens a DPIA instead.
/// </summary>
public sealed class CrossBorderService(
    CrossBorderStore store, TenantLookup tenants, RecordStore records, DpiaService dpias, AuditService audit, AlertStore alerts, AlertQueue alertQueue,
    TimeProvider clock)
{
    public const string ReplicationBlockedAlert = "privacy-transfer-replication-blocked";

    public const string TransfersNotAllowedAlert = "privacy-transfer-not-allowed";

    /// <summary>The tenant's rules; unsaved ones (version 0) take the residency of the tenant's general settings, or <c>eu</c>.</summary>
    public async Task<CrossBorderRules> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, cancellationToken) is { } stored)
        {
            return stored.Rules;
        }
        var residency = (await tenants.GetAsync(tenantId, cancellationToken))?.Settings.DataResidency;
        return CrossBorderRules.Unconfigured(tenantId, TransferJurisdictions.IsResidency(residency) ? residency! : TransferJurisdictions.Eu);
    }

    /// <summary>Replaces the whole rule set, then measures the existing vendors against it.</summary>
    public async Task<Result<CrossBorderRules>> ReplaceAsync(
        string tenantId, CrossBorderRulesRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        var validated = TransferRules.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var stored = await store.GetAsync(tenantId, cancellationToken);
        var version = stored?.Rules.Version ?? 0;
        if (expectedVersion is { } expected && expected != version)
        {
            return Failure.PreconditionFailed($"The cross-border rules are at version {version}, not {expected}.");
        }
        var (residency, regions, countries) = validated.Value;
        var now = clock.GetUtcNowForStorage();
        var saved = await store.SaveAsync(new CrossBorderRules(tenantId, residency, regions, countries, version + 1, now, context.Actor.Id), stored?.ETag, cancellationToken);
        if (!saved.Succeeded)
        {
            return saved.Failure;
        }
        await audit.RecordAsync(new AuditEvent(tenantId, now, context.Actor.Id, "CrossBorderRulesChanged", "SYSTEM",
            $"/api/tenants/{tenantId}/privacy/cross-border", 200, AuditOutcome.Success, null, context.CorrelationId, context.ClientIp), cancellationToken);
        await EvaluateExistingVendorsAsync(tenantId, saved.Value, cancellationToken);
        return saved.Value;
    }

    /// <summary>
    /// Whether data of <paramref name="categories"/> may go to <paramref name="country"/> relying on
    /// <paramref name="mechanism"/>: the check every export to an external destination makes. A failure
    /// (<c>transfer-not-allowed</c>, <c>transfer-mechanism-required</c>) when the tenant's rules refuse it; a tenant
    /// without rules gets the decision even when it says a mechanism is missing, for the caller to record.
    /// </summary>
    public async Task<Result<TransferDecision>> CheckDestinationAsync(
        string tenantId, IReadOnlyCollection<string> categories, string country, string? mechanism, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!TransferJurisdictions.IsCountryCode(country))
        {
            errors.Add("country", "An ISO 3166-1 alpha-2 country code such as DE.");
        }
        foreach (var category in categories.Where(category => !CrossBorderRules.Categories.Contains(category)))
        {
            errors.Add("dataCategories", $"Unknown data category '{category}'.");
        }
        if (mechanism is not null and not "none" && !TransferRules.Mechanisms.Contains(mechanism))
        {
            errors.Add("transferMechanism", $"One of: none, {string.Join(", ", TransferRules.Mechanisms)}.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var rules = await GetAsync(tenantId, cancellationToken);
        var decision = TransferRules.Decide(rules, categories, country, mechanism);
        return rules.Configured && Refusal(decision, "country", "dataCategories", "transferMechanism") is { } refused ? refused : decision;
    }

    /// <summary>Null when the tenant's backups may be replicated to <paramref name="region"/>; otherwise why not. Only reads.</summary>
    public async Task<string?> ReplicationRefusalAsync(string tenantId, string region, CancellationToken cancellationToken) =>
        TransferRules.RegionRefusal(await GetAsync(tenantId, cancellationToken), region);

    /// <summary>
    /// Raises the alert that the rules kept a restore point from being replicated to <paramref name="region"/>: once per
    /// restore point (its subject), so a retried step does not raise it again.
    /// </summary>
    public async Task ReportBlockedReplicationAsync(string tenantId, string restorePointId, string region, string refusal, CancellationToken cancellationToken)
    {
        var raised = await alerts.ListAsync(tenantId, ReplicationBlockedAlert, 1000, cancellationToken);
        if (raised.Any(alert => alert.Kind == ReplicationBlockedAlert && alert.Subject == restorePointId))
        {
            return;
        }
        var alert = await alerts.RaiseAsync(tenantId, ReplicationBlockedAlert, AlertSeverity.Warning, restorePointId,
            $"Restore point {restorePointId} was not replicated to '{region}': {refusal}", cancellationToken);
        await alertQueue.PublishAsync(alert, cancellationToken);
    }

    /// <summary>Every vendor of the tenant and how its transfer stands under the current rules.</summary>
    public async Task<TransferReport> ReportAsync(string tenantId, CancellationToken cancellationToken)
    {
        var rules = await GetAsync(tenantId, cancellationToken);
        return new TransferReport(rules.Residency, rules.Configured, rules.Version, await VendorTransfersAsync(tenantId, rules, cancellationToken));
    }

    /// <summary>The failure a refused transfer answers with, its field errors under the given field names.</summary>
    public static Failure? Refusal(TransferDecision decision, string countryField, string categoriesField, string mechanismField)
    {
        var errors = new FieldErrors();
        switch (decision.Status)
        {
            case TransferStatus.NotAllowed:
                errors.Add(countryField, decision.Reason);
                foreach (var category in decision.RefusedCategories)
                {
                    errors.Add(categoriesField, $"{category} data may not go to {decision.Country}.");
                }
                return new Failure(FailureKind.Validation, "transfer-not-allowed", decision.Reason, errors.ToDictionary());
            case TransferStatus.MechanismRequired:
                errors.Add(mechanismField, decision.Reason);
                return new Failure(FailureKind.Validation, "transfer-mechanism-required", decision.Reason, errors.ToDictionary());
            default:
                return null;
        }
    }

    /// <summary>Opens the DPIA a vendor's transfer without a mechanism calls for (once per vendor while it is open).</summary>
    public Task OpenDpiaForAsync(string tenantId, VendorTransfer transfer, CancellationToken cancellationToken) =>
        dpias.OpenAutomaticallyAsync(tenantId, DpiaTrigger.TransferWithoutMechanism, transfer.VendorId,
            $"Vendor {transfer.VendorId} receives {Categories(transfer.DataCategories)} in {transfer.Country} without a transfer mechanism: {transfer.Decision.Reason}",
            cancellationToken);

    private async Task EvaluateExistingVendorsAsync(string tenantId, CrossBorderRules rules, CancellationToken cancellationToken)
    {
        var transfers = await VendorTransfersAsync(tenantId, rules, cancellationToken);
        foreach (var transfer in transfers.Where(transfer => transfer.Decision.Status == TransferStatus.MechanismRequired))
        {
            await OpenDpiaForAsync(tenantId, transfer, cancellationToken);
        }
        var notAllowed = transfers.Where(transfer => transfer.Decision.Status == TransferStatus.NotAllowed).Select(transfer => transfer.VendorId).ToList();
        if (notAllowed.Count > 0)
        {
            var alert = await alerts.RaiseAsync(tenantId, TransfersNotAllowedAlert, AlertSeverity.Warning, $"rules-v{rules.Version}",
                $"{notAllowed.Count.ToString(CultureInfo.InvariantCulture)} existing vendor(s) transfer data where the new cross-border rules do not allow it: " +
                $"{string.Join(", ", notAllowed.Take(10))}{(notAllowed.Count > 10 ? ", …" : "")}.", cancellationToken);
            await alertQueue.PublishAsync(alert, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<VendorTransfer>> VendorTransfersAsync(string tenantId, CrossBorderRules rules, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var transfers = new List<VendorTransfer>();
        await foreach (var vendor in records.ScanAsync(tenantId, generation, Collections.Vendors, cancellationToken))
        {
            if (VendorTransferCheck.TransferOf(rules, vendor) is { } transfer)
            {
                transfers.Add(transfer);
            }
        }
        return transfers;
    }

    private static string Categories(IReadOnlyList<string> categories) => categories.Count == 0 ? "data" : $"{string.Join(", ", categories)} data";
}
