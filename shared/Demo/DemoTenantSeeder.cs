using System.Text.Json;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tenancy;

namespace DataGovernance.Demo;

/// <summary>Creates the demo tenant once and fills every collection with linked, realistic records.</summary>
public sealed class DemoTenantSeeder(TenantService tenants, RecordService records, TimeProvider clock)
{
    private static readonly WriteContext Context = new(Actor.System("demo-seed"), "demo-seed");

    /// <returns>The number of records created; 0 when the tenant already existed.</returns>
    public async Task<int> SeedAsync(string tenantId, CancellationToken cancellationToken)
    {
        if ((await tenants.GetAsync(tenantId, cancellationToken)).Succeeded)
        {
            return 0;
        }
        var tenant = await tenants.CreateAsync(NewTenant(tenantId), cancellationToken);
        if (!tenant.Succeeded)
        {
            return tenant.Failure.Kind == FailureKind.Conflict
                ? 0
                : throw new InvalidOperationException($"Creating demo tenant '{tenantId}' failed: {Describe(tenant.Failure)}");
        }

        var documents = new DemoDocuments(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var requirementIds = await CreateAsync(tenantId, Collections.Requirements, documents.Requirements(), cancellationToken);
        var controlIds = await CreateAsync(tenantId, Collections.Controls, DemoDocuments.Controls(requirementIds), cancellationToken);
        var created = requirementIds.Count + controlIds.Count;
        foreach (var (collection, batch) in documents.Linked(requirementIds, controlIds))
        {
            created += (await CreateAsync(tenantId, collection, batch, cancellationToken)).Count;
        }
        return created;
    }

    internal static NewTenantRequest NewTenant(string tenantId) =>
        new(tenantId, DemoCatalog.TenantName, "eu", "Europe/Berlin", "en-GB", new BrandingColors("#0B5D7A", "#F2A541"), EntraDirectoryId: null);

    private async Task<IReadOnlyList<string>> CreateAsync(
        string tenantId, string collection, IReadOnlyList<JsonElement> documents, CancellationToken cancellationToken)
    {
        var ids = new List<string>(documents.Count);
        foreach (var batch in documents.Chunk(RecordStore.MaxWritesPerCommit))
        {
            var result = await records.CreateManyAsync(tenantId, collection, batch, Context, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Seeding demo {collection} failed: {Describe(result.Failure)}");
            }
            ids.AddRange(result.Value.Select(record => record.Id));
        }
        return ids;
    }

    private static string Describe(Failure failure) =>
        $"{failure.Code} ({failure.Detail}) "
        + string.Join("; ", (failure.Errors ?? new Dictionary<string, string[]>()).Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
}
