using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Legal holds keep records out of an erasure whenever they are placed, and whichever of the subject's identifiers they name.</summary>
public sealed class ErasureHoldTests(HubFixture hub)
{
    [Fact]
    public async Task HoldPlaced_WhileThePlanAwaitsApproval_KeepsItsRecord_WithTheHoldsReason()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        Assert.Equal("Pending", plan.Item("risks", records.Risk).Prop("state"));

        var hold = (await dpo.PlaceHoldAsync(tenant, RetentionApi.RecordHold("risks", records.Risk, "Evidence in the payroll fraud case"))).Id();
        await dpo.ApproveErasureAsync(tenant, requestId);
        var done = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        var held = done.Item("risks", records.Risk);
        Assert.Equal(("Held", hold, "Evidence in the payroll fraud case"), (held.Prop("state"), held.GetProperty("hold").Prop("holdId"), held.GetProperty("hold").Prop("reason")));
        Assert.Equal("Erased", done.Item("people", records.Person).Prop("state"));
        Assert.Contains(SubjectEmail, (await dpo.RecordDataAsync(tenant, "risks", records.Risk)).Prop("description"), StringComparison.Ordinal);
        Assert.Null(await hub.App.Services.GetRequiredService<ErasureLedgerStore>().GetAsync(tenant, "risks", records.Risk, requestId, Ct));
        Assert.Contains("Evidence in the payroll fraud case", (await dpo.GetRequestAsync(tenant, requestId)).Prop("resolution"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubjectHold_OnAPhoneTheRequestDidNotGive_ButTheSubjectsOwnRecordNames_KeepsTheirRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        await dpo.PlaceHoldAsync(tenant, RetentionApi.SubjectHold(new { phone = SubjectPhone }, "Pending employment tribunal"));
        // The request names the subject by e-mail only; the phone comes from their own people record.
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");

        Assert.Equal("Held", plan.Item("people", records.Person).Prop("state"));
        Assert.Equal("Pending employment tribunal", plan.Item("people", records.Person).GetProperty("hold").Prop("reason"));
        Assert.Equal(0, plan.GetProperty("planned").GetInt32());
        await dpo.ApproveErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");
        Assert.Equal(SubjectEmail, (await dpo.RecordDataAsync(tenant, "people", records.Person)).Prop("email"));
    }

    [Fact]
    public async Task OwnRecord_WithAPhoneAndNationalIdNoLookupAccepts_IsStillPlanned()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreateAsync(tenant, "people", new
        {
            fullName = "Jane Doe", email = SubjectEmail, phone = "ask at reception", nationalId = "n/a", status = "active",
        });
        await dpo.DiscoverWhenAsync(tenant, new { email = SubjectEmail }, matches => matches.HasRecord("people", person), "the subject's people record discovered");
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");

        Assert.True(plan.Item("people", person).GetProperty("ownRecord").GetBoolean());
        await dpo.ApproveErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");
        var erased = await dpo.RecordDataAsync(tenant, "people", person);
        Assert.False(erased.TryGetProperty("phone", out _) || erased.TryGetProperty("nationalId", out _), $"phone and national id should be gone: {erased}");
    }
}
