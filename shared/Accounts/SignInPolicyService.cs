using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Accounts;

/// <summary>
/// Reads and replaces tenants' sign-in policies (one document row per tenant). Every request of a hub account and
/// every step-up check reads the policy, so it is cached for <see cref="CacheLifetime"/>; a change through this
/// instance applies at once, through another within that time.
/// </summary>
public sealed class SignInPolicyService(HubStorage storage, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private const string Row = "sign-in";

    private TableClient Table => storage.Primary.Table(StorageNames.SignInPoliciesTable);

    /// <summary>The tenant's policy, or the defaults at version 0; for platform callers (no tenant) the defaults.</summary>
    public async Task<SignInPolicy> GetAsync(string? tenantId, CancellationToken cancellationToken)
    {
        if (tenantId is null)
        {
            return SignInPolicy.Default("");
        }
        if (cache.TryGetValue(CacheKey(tenantId), out SignInPolicy? cached) && cached is not null)
        {
            return cached;
        }
        var policy = (await TenantDocuments.GetAsync<SignInPolicy>(Table, tenantId, Row, cancellationToken))?.Document ?? SignInPolicy.Default(tenantId);
        cache.Set(CacheKey(tenantId), policy, CacheLifetime);
        return policy;
    }

    public async Task<Result<SignInPolicy>> ReplaceAsync(
        string tenantId, SignInPolicyRequest request, long expectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        var valid = request.Validate();
        if (!valid.Succeeded)
        {
            return valid.Failure;
        }
        var stored = await TenantDocuments.GetAsync<SignInPolicy>(Table, tenantId, Row, cancellationToken);
        var currentVersion = stored?.Document.Version ?? 0;
        if (expectedVersion != currentVersion)
        {
            return Failure.PreconditionFailed($"The sign-in policy is at version {currentVersion}, not {expectedVersion}.");
        }
        var policy = new SignInPolicy(tenantId, Enum.Parse<MfaRequirement>(request.MfaRequirement!), request.StepUpMinutes!.Value,
            request.IdleTimeoutMinutes!.Value, request.AbsoluteTimeoutHours!.Value, currentVersion + 1, clock.GetUtcNowForStorage(), actor.Id);
        var saved = await TenantDocuments.SaveAsync(Table, tenantId, Row, policy, stored?.ETag,
            "The sign-in policy was changed by someone else; read it again and retry.", cancellationToken);
        cache.Remove(CacheKey(tenantId));
        return saved;
    }

    private static (string, string) CacheKey(string tenantId) => ("sign-in-policy", tenantId);
}
