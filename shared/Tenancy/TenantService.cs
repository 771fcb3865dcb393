using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Tenancy;

/// <summary>Creates, reads, configures and (de)activates tenants.</summary>
public sealed class TenantService(TenantStore store, TenantLookup lookup, TimeProvider clock)
{
    public async Task<Result<Tenant>> CreateAsync(NewTenantRequest request, CancellationToken cancellationToken)
    {
        var settings = GeneralSettingsValidator.Validate(new GeneralSettingsRequest(
            request.Name, request.DataResidency, request.TimeZone, request.Locale, request.Branding, request.EntraDirectoryId));
        var idError = TenantIds.IsValid(request.Id)
            ? null
            : "Id must be 3–63 lower-case letters, digits or inner hyphens (and not a reserved name).";
        if (!settings.Succeeded || idError is not null)
        {
            var errors = new FieldErrors();
            if (idError is not null)
            {
                errors.Add("id", idError);
            }
            foreach (var (field, messages) in settings.Failure?.Errors ?? new Dictionary<string, string[]>())
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
            return Failure.Validation(errors);
        }

        var now = clock.GetUtcNowForStorage();
        var tenant = new Tenant(request.Id!, TenantStatus.Active, settings.Value, Logo: null, Version: 1, now, now, DeactivatedAt: null);
        return await store.CreateAsync(tenant, cancellationToken);
    }

    public async Task<Result<Tenant>> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, cancellationToken) is { } tenant
            ? tenant
            : Failure.NotFound($"Tenant '{tenantId}' does not exist.");

    public async Task<Result<Page<Tenant>>> ListAsync(TenantStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("tenants", status);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(status, pageSize, sdkToken, cancellationToken);
        return new Page<Tenant>(items, ContinuationToken.Encode(next, scope));
    }

    public Task<Result<Tenant>> UpdateSettingsAsync(string tenantId, GeneralSettingsRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        var settings = GeneralSettingsValidator.Validate(request);
        return settings.Succeeded
            ? ChangeAsync(tenantId, expectedVersion, tenant => tenant with { Settings = settings.Value }, cancellationToken)
            : Task.FromResult<Result<Tenant>>(settings.Failure);
    }

    public Task<Result<Tenant>> DeactivateAsync(string tenantId, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, null, tenant => tenant with { Status = TenantStatus.Deactivated, DeactivatedAt = clock.GetUtcNowForStorage() }, cancellationToken);

    public Task<Result<Tenant>> ReactivateAsync(string tenantId, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, null, tenant => tenant with { Status = TenantStatus.Active, DeactivatedAt = null }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current tenant. With <paramref name="expectedVersion"/> the caller's
    /// If-Match decides; without it a concurrent writer only causes a fresh read and another attempt.
    /// </summary>
    internal async Task<Result<Tenant>> ChangeAsync(string tenantId, long? expectedVersion, Func<Tenant, Tenant> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetStoredAsync(tenantId, cancellationToken);
            if (current is null)
            {
                return Failure.NotFound($"Tenant '{tenantId}' does not exist.");
            }
            if (expectedVersion is { } expected && expected != current.Tenant.Version)
            {
                return Failure.PreconditionFailed($"The tenant is at version {current.Tenant.Version}, not {expected}.");
            }
            var updated = change(current.Tenant) with
            {
                Version = current.Tenant.Version + 1,
                UpdatedAt = clock.GetUtcNowForStorage(),
            };
            var result = await store.ReplaceAsync(current, updated, cancellationToken);
            lookup.Invalidate(current.Tenant, updated);
            var lostRace = result.Failure?.Kind == FailureKind.PreconditionFailed;
            if (!lostRace || expectedVersion is not null || attempt >= 5)
            {
                return result;
            }
        }
    }
}
