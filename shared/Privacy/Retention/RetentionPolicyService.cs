using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>The tenant's retention policies, with optimistic concurrency by version.</summary>
public sealed class RetentionPolicyService(RetentionPolicyStore store, TimeProvider clock)
{
    public async Task<Result<RetentionPolicy>> CreateAsync(string tenantId, RetentionPolicyRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var validated = RetentionPolicyValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var now = clock.GetUtcNowForStorage();
        var policy = validated.Value with
        {
            Id = RetentionPolicy.NewId(),
            Version = 1,
            CreatedAt = now,
            CreatedBy = context.Actor.Id,
            UpdatedAt = now,
            UpdatedBy = context.Actor.Id,
        };
        return await store.AddAsync(tenantId, policy, cancellationToken);
    }

    public async Task<Result<RetentionPolicy>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } stored ? stored.Policy : NotFound(id);

    public async Task<Result<RetentionPolicy>> ReplaceAsync(
        string tenantId, string id, RetentionPolicyRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        if (Stale(current.Policy, expectedVersion) is { } stale)
        {
            return stale;
        }
        var validated = RetentionPolicyValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var next = validated.Value with
        {
            Id = id,
            Version = current.Policy.Version + 1,
            CreatedAt = current.Policy.CreatedAt,
            CreatedBy = current.Policy.CreatedBy,
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
        if (Stale(current.Policy, expectedVersion) is { } stale)
        {
            return stale;
        }
        return await store.DeleteAsync(tenantId, id, current.ETag, cancellationToken);
    }

    public async Task<Result<Page<RetentionPolicy>>> ListAsync(
        string tenantId, bool? enabled, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("retention-policies", tenantId, enabled);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, enabled, pageSize, sdkToken, cancellationToken);
        return new Page<RetentionPolicy>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>What the tenant's enabled policies cover, one target per policy and collection, in a fixed order.</summary>
    public async Task<IReadOnlyList<RetentionTarget>> TargetsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var targets = new List<RetentionTarget>();
        var index = 0;
        await foreach (var policy in store.EnabledAsync(tenantId, cancellationToken))
        {
            IReadOnlyList<string> collections = policy.Collection is { } collection ? [collection] : [.. Collections.Names];
            foreach (var name in collections)
            {
                targets.Add(new RetentionTarget(policy.Id, policy.Name, index, name, policy.Category, policy.EventField, policy.KeepDays, policy.Action,
                    RetentionFields.PersonalFields(name, policy.Category)));
            }
            index++;
        }
        return targets;
    }

    private async Task<StoredRetentionPolicy?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await store.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure? Stale(RetentionPolicy policy, long? expectedVersion) =>
        expectedVersion is { } expected && policy.Version != expected
            ? Failure.PreconditionFailed($"The retention policy is at version {policy.Version}, not {expected}.")
            : null;

    private static Failure NotFound(string id) => Failure.NotFound($"There is no retention policy '{id}'.");
}
