using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>What keeps restricted data inside an export's masking: who gets links, what a job reads and what a failure leaves.</summary>
public sealed class ExportSafetyTests(HubFixture hub)
{
    [Fact]
    public async Task UnmaskedExport_GetsNoDownloadLink_ForACallerWithoutExportsUnmasked()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "people", DataClassificationApi.Person());
        var (job, _, _) = await hub.ExportAsync(owner, tenant, new { collection = "people", format = "json" });
        Assert.True(job.GetProperty("unmasked").GetBoolean());
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var seen = await (await auditor.GetAsync($"{ExportsUrl(tenant)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Completed", seen.Str("status"));
        Assert.False(seen.TryGetProperty("downloadUrl", out var url) && url.ValueKind != JsonValueKind.Null, seen.GetRawText());
        Assert.Equal("unmasked-export-requires-exports-unmasked", seen.Str("downloadWithheld"));
        var again = await (await owner.GetAsync($"{ExportsUrl(tenant)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("/api/downloads/", again.Str("downloadUrl"), StringComparison.Ordinal);
    }
}
