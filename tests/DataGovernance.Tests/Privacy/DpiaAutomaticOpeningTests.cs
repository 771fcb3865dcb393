using System.Net;
using DataGovernance.Monitoring;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.DpiaApi;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>DPIAs the hub opens by itself: once per trigger and subject however often and however concurrently it is asked.</summary>
public sealed class DpiaAutomaticOpeningTests(HubFixture hub)
{
    private DpiaService Dpias => hub.App.Services.GetRequiredService<DpiaService>();

    [Fact]
    public async Task ConcurrentAndRepeatedCalls_OpenOneDpia_MarkedAutomatic_WithOneAlert()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Dpias.OpenAutomaticallyAsync(
            tenant, DpiaTrigger.SpecialCategoryData, "health", "Health data found in people.medicalNotes.", Ct)));
        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.SpecialCategoryData, "health", "Found again.", Ct);

        var dpia = Assert.Single(await dpo.DpiaListAsync(tenant));
        var opening = dpia.GetProperty("openedAutomatically");
        Assert.Equal(("SpecialCategoryData", "health", "Health data found in people.medicalNotes."), (opening.GetProperty("trigger").GetString(),
            opening.GetProperty("subject").GetString(), opening.GetProperty("reason").GetString()));
        Assert.Equal(("Draft", "system:dpia"), (dpia.GetProperty("status").GetString(), dpia.GetProperty("createdBy").GetString()));
        Assert.Equal(["sensitive-data"], dpia.GetProperty("assessment").GetProperty("criteriaMet").Strings());
        var alerts = await hub.App.Services.GetRequiredService<AlertStore>().ListAsync(tenant, DpiaService.OpenedAlert, 10, Ct);
        Assert.Equal(dpia.Id(), Assert.Single(alerts).Subject);

        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.SpecialCategoryData, "biometric", "Biometric data found.", Ct);
        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.TransferWithoutMechanism, "health", "Same subject, other trigger.", Ct);
        Assert.Equal(3, (await dpo.DpiaListAsync(tenant)).Count);
        Assert.Equal(2, (await dpo.DpiaListAsync(tenant, "&trigger=SpecialCategoryData")).Count);
    }

    [Fact]
    public async Task AnApprovedDpia_CoversLaterFindings_ARejectedOneLetsTheNextFindingOpenAnother_WhichBlocksReopeningTheOld()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.TransferWithoutMechanism, "vendor-1", "No mechanism.", Ct);
        var first = Assert.Single(await dpo.DpiaListAsync(tenant)).Id();
        await (await dpo.PutJsonAsync($"{DpiaApi.Dpias(tenant)}/{first}", Dpia(answers: Answers()), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.DpiaStepAsync(tenant, first, "submit")).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.DpiaStepAsync(tenant, first, "approve")).ExpectAsync(HttpStatusCode.OK);

        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.TransferWithoutMechanism, "vendor-1", "Still no mechanism.", Ct);
        Assert.Single(await dpo.DpiaListAsync(tenant));

        await (await dpo.DpiaStepAsync(tenant, first, "reopen")).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.DpiaStepAsync(tenant, first, "submit")).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.DpiaStepAsync(tenant, first, "reject", new { comment = "Stop the transfer." })).ExpectAsync(HttpStatusCode.OK);
        await Dpias.OpenAutomaticallyAsync(tenant, DpiaTrigger.TransferWithoutMechanism, "vendor-1", "Found after the rejection.", Ct);
        var second = Assert.Single(await dpo.DpiaListAsync(tenant, "&status=Draft")).Id();
        Assert.NotEqual(first, second);

        await (await dpo.DpiaStepAsync(tenant, first, "reopen")).ExpectAsync(HttpStatusCode.Conflict, "dpia-already-open");
        var old = await (await dpo.GetAsync($"{DpiaApi.Dpias(tenant)}/{first}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Rejected", old.GetProperty("status").GetString());
    }
}
