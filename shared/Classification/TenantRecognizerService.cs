using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Classification;

/// <summary>Reads and replaces a tenant's own recognizers.</summary>
public sealed class TenantRecognizerService(TenantRecognizerStore store, TimeProvider clock)
{
    /// <summary>The tenant's recognizers, or an empty list at version 0.</summary>
    public async Task<TenantRecognizers> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        (await store.GetAsync(tenantId, cancellationToken))?.Recognizers ?? TenantRecognizers.Empty(tenantId);

    public async Task<Result<TenantRecognizers>> ReplaceAsync(
        string tenantId, TenantRecognizersRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        var valid = TenantRecognizerValidator.Validate(request);
        if (!valid.Succeeded)
        {
            return valid.Failure;
        }
        var stored = await store.GetAsync(tenantId, cancellationToken);
        var currentVersion = stored?.Recognizers.Version ?? 0;
        if (expectedVersion is { } expected && expected != currentVersion)
        {
            return Failure.PreconditionFailed($"The recognizers are at version {currentVersion}, not {expected}.");
        }
        var updated = new TenantRecognizers(tenantId, valid.Value, currentVersion + 1, clock.GetUtcNowForStorage(), context.Actor.Id);
        return await store.SaveAsync(updated, stored?.ETag, cancellationToken);
    }
}
