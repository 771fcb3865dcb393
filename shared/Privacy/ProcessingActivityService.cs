using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// The tenant's record of processing activities (GDPR Art. 30): every Art. 30(1) field checked, linked vendors that exist
/// in the tenant's <c>vendors</c> collection, optimistic concurrency by version. Only a draft can be deleted: an
/// activity that was ever in force is retired instead, so the record keeps what was processed.
/// </summary>
public sealed class ProcessingActivityService(
    ProcessingActivityStore store, RecordService records, SecurityEventService securityEvents, TimeProvider clock)
{
    public async Task<Result<ProcessingActivity>> CreateAsync(
        string tenantId, ProcessingActivityRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var checkedActivity = await CheckAsync(tenantId, request, cancellationToken);
        if (!checkedActivity.Succeeded)
        {
            return checkedActivity.Failure;
        }
        var now = clock.GetUtcNowForStorage();
        var activity = checkedActivity.Value with
        {
            Id = ProcessingActivity.NewId(),
            Version = 1,
            CreatedAt = now,
            CreatedBy = context.Actor.Id,
            UpdatedAt = now,
            UpdatedBy = context.Actor.Id,
        };
        return await store.AddAsync(tenantId, activity, cancellationToken);
    }

    public async Task<Result<ProcessingActivity>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } stored ? stored.Activity : NotFound(id);

    /// <summary>Replaces the activity; with <paramref name="expectedVersion"/> only if it is still at that version.</summary>
    public async Task<Result<ProcessingActivity>> ReplaceAsync(
        string tenantId, string id, ProcessingActivityRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        if (Stale(current.Activity, expectedVersion) is { } stale)
        {
            return stale;
        }
        var checkedActivity = await CheckAsync(tenantId, request, cancellationToken);
        if (!checkedActivity.Succeeded)
        {
            return checkedActivity.Failure;
        }
        var next = checkedActivity.Value with
        {
            Id = id,
            Version = current.Activity.Version + 1,
            CreatedAt = current.Activity.CreatedAt,
            CreatedBy = current.Activity.CreatedBy,
            UpdatedAt = clock.GetUtcNowForStorage(),
            UpdatedBy = context.Actor.Id,
        };
        return await store.ReplaceAsync(tenantId, next, current.ETag, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        if (Stale(current.Activity, expectedVersion) is { } stale)
        {
            return stale;
        }
        if (current.Activity.Status != ProcessingStatus.Draft)
        {
            return Failure.Conflict("processing-activity-not-draft",
                "Only a draft can be deleted; retire the activity (status Retired) so the record keeps what was processed.");
        }
        return await store.DeleteAsync(tenantId, id, current.ETag, cancellationToken);
    }

    public async Task<Result<Page<ProcessingActivity>>> ListAsync(
        string tenantId, ProcessingActivityFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("processing-activities", tenantId, filter.Status, filter.Owner, filter.LegalBasis);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<ProcessingActivity>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>Every matching activity, streamed; the download is a security event.</summary>
    public async Task<IAsyncEnumerable<ProcessingActivity>> ExportAsync(
        string tenantId, ProcessingActivityFilter filter, string format, WriteContext context, CancellationToken cancellationToken)
    {
        await securityEvents.RecordAsync(tenantId, SecurityEventType.DataExported, context, null, new Dictionary<string, string>
        {
            [SecurityEventDetails.Scope] = "processing-activities",
            ["format"] = format,
        }, cancellationToken);
        return store.ScanAsync(tenantId, filter, cancellationToken);
    }

    private async Task<Result<ProcessingActivity>> CheckAsync(string tenantId, ProcessingActivityRequest request, CancellationToken cancellationToken)
    {
        var validated = ProcessingActivityValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var errors = new FieldErrors();
        var vendorIds = validated.Value.VendorIds;
        for (var i = 0; i < vendorIds.Count; i++)
        {
            if (!(await records.GetAsync(tenantId, Collections.Vendors, vendorIds[i], allowCached: false, cancellationToken)).Succeeded)
            {
                errors.Add($"vendorIds[{i}]", $"There is no vendor '{vendorIds[i]}' in the tenant's vendors collection.");
            }
        }
        return errors.Any ? Failure.Validation(errors) : validated.Value;
    }

    private async Task<StoredProcessingActivity?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await store.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure? Stale(ProcessingActivity activity, long? expectedVersion) =>
        expectedVersion is { } expected && activity.Version != expected
            ? Failure.PreconditionFailed($"The processing activity is at version {activity.Version}, not {expected}.")
            : null;

    private static Failure NotFound(string id) => Failure.NotFound($"There is no processing activity '{id}'.");
}
