using DataGovernance.EvidencePackages;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.EvidencePackages.EvidencePackageApi;

namespace DataGovernance.Tests.EvidencePackages;

/// <summary>Concurrent changes to one package all land: a lost race is retried with the hub's retry, never a failure.</summary>
public sealed class EvidencePackageStoreTests(HubFixture hub)
{
    [Fact]
    public async Task ManyStepsRecordedAtOnce_AllLand()
    {
        var tenant = await hub.CreateTenantAsync();
        var store = hub.App.Services.GetRequiredService<EvidencePackageStore>();
        var packages = hub.App.Services.GetRequiredService<EvidencePackageService>();
        var package = await store.AddAsync(tenant, new EvidencePackage(Guid.NewGuid().ToString("N"), new EvidencePackageScope("soc2", [], null, null),
            EvidencePackageStatus.Building, "user-1", DateTimeOffset.UtcNow, []), Ct);
        var steps = Enumerable.Range(0, 24).Select(i => $"Step{i:00}").ToList();

        await Task.WhenAll(steps.Select(step => Task.Run(() =>
            packages.RecordStepAsync(tenant, package.Id, step, EvidencePackageService.Builder, DateTimeOffset.UtcNow, Ct), Ct)));

        var stored = await store.GetAsync(tenant, package.Id, Ct);
        Assert.Equal(steps, stored!.Steps.Select(step => step.Step).Order(StringComparer.Ordinal));
    }
}
