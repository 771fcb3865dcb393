using System.Net;
using System.Net.Http.Json;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>
/// An erasure that fails midway (the secondary region is down when the ledger is written there) shows exactly what is
/// done, and starting it again finishes it without approving or erasing anything twice. Runs on a hub of its own,
/// whose secondary region can be stopped without disturbing other tests.
/// </summary>
public sealed class ErasureResumeTests(RegionsHost regions) : IClassFixture<RegionsHost>
{
    [Fact]
    public async Task FailedStep_FailsTheErasureVisibly_AndStartingAgain_ContinuesWithoutDoubleWork()
    {
        var tenant = await regions.CreateTenantAsync();
        using var dpo = regions.Client(HubFixture.DevToken(tenant, "dpo-1", Role.DataProtectionOfficer));
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        var requestId = (await dpo.ReceiveAsync(tenant, Intake("Delete"))).Id();
        await (await dpo.StepAsync(tenant, requestId, "verify", new { note = "Identity checked against the HR file in person." })).ExpectAsync(HttpStatusCode.OK);
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");

        JsonElementAndVersions failed;
        await regions.Secondary.StopAsync();
        try
        {
            await dpo.ApproveErasureAsync(tenant, requestId);
            var erasure = await dpo.ErasureInStatusAsync(tenant, requestId, "Failed");
            failed = new(erasure, await VersionsAsync(dpo, tenant, records));
        }
        finally
        {
            await regions.Secondary.StartAgainAsync();
        }

        Assert.StartsWith(nameof(DataGovernance.Orchestrations.Privacy.ReplicateErasureLedger), failed.Erasure.Prop("failureReason"), StringComparison.Ordinal);
        Assert.All(failed.Erasure.GetProperty("items").EnumerateArray(), item =>
            Assert.Equal(("Erased", false), (item.Prop("state"), item.GetProperty("secondaryLedgerWritten").GetBoolean())));
        Assert.Contains("ErasureFailed", (await dpo.GetRequestAsync(tenant, requestId)).Actions());
        Assert.Equal("InProgress", (await dpo.GetRequestAsync(tenant, requestId)).Prop("status"));

        var resumed = await (await dpo.PostAsJsonAsync(Erasure(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(2, resumed.GetProperty("attempts").GetInt32());
        var done = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        Assert.Equal(failed.Versions, await VersionsAsync(dpo, tenant, records));
        Assert.All(done.GetProperty("items").EnumerateArray(), item => Assert.True(item.GetProperty("secondaryLedgerWritten").GetBoolean()));
        var ledger = regions.Services.GetRequiredService<ErasureLedgerStore>();
        Assert.NotNull(await ledger.GetFromSecondaryAsync(tenant, "people", records.Person, requestId, Ct));
        var actions = (await dpo.GetRequestAsync(tenant, requestId)).Actions();
        Assert.Equal(["ErasureStarted", "ErasurePlanned", "ErasureApproved", "ErasureFailed", "ErasureResumed", "Completed"],
            actions.SkipWhile(action => action != "ErasureStarted"));
        await (await dpo.PostAsJsonAsync(Erasure(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "erasure-completed");
    }

    private static async Task<string> VersionsAsync(HttpClient client, string tenant, SubjectRecords records)
    {
        var versions = new List<string>();
        foreach (var (collection, id) in new[] { ("people", records.Person), ("controls", records.Control), ("risks", records.Risk) })
        {
            var record = await (await client.GetAsync($"/api/tenants/{tenant}/records/{collection}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
            versions.Add($"{collection}:{record.GetProperty("version").GetInt64()}");
        }
        return string.Join(",", versions);
    }

    private sealed record JsonElementAndVersions(System.Text.Json.JsonElement Erasure, string Versions);
}
