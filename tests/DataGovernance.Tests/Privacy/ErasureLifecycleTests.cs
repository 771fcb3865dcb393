using System.Net;
using System.Net.Http.Json;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Starting, expiring and failing an erasure when its orchestration and its stored state disagree for a moment.</summary>
public sealed class ErasureLifecycleTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    [Fact]
    public async Task Start_WhileTheLastAttemptIsStillFinishing_ChangesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        // The erasure shows Failed while its orchestration still waits for approval (a failure recorded as the attempt ends).
        await Services.GetRequiredService<ErasureStore>().UpdateAsync(tenant, requestId, current => current with { Status = ErasureStatus.Failed, FailureReason = "Stopped." }, Ct);
        var before = (await dpo.GetRequestAsync(tenant, requestId)).Actions();

        await (await dpo.PostAsJsonAsync(Erasure(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "erasure-in-progress");

        var erasure = await (await dpo.GetAsync(Erasure(tenant, requestId), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Failed", 1, "Stopped."), (erasure.Prop("status"), erasure.GetProperty("attempts").GetInt32(), erasure.Prop("failureReason")));
        Assert.Equal(before, (await dpo.GetRequestAsync(tenant, requestId)).Actions());
    }

    [Fact]
    public async Task Expiry_AfterThePlanWasApproved_LeavesTheApprovalStanding()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        await dpo.ApproveErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        // The approval timer firing just as the decision was stored: the expiry step finds the plan decided.
        var status = await Services.GetRequiredService<ErasureExecution>().ExpireAsync(tenant, requestId, TimeSpan.FromDays(30), Ct);

        Assert.NotEqual(ErasureStatus.Expired, status);
        Assert.Equal("Completed", (await (await dpo.GetAsync(Erasure(tenant, requestId), Ct)).ExpectAsync(HttpStatusCode.OK)).Prop("status"));
        Assert.DoesNotContain("ErasureExpired", (await dpo.GetRequestAsync(tenant, requestId)).Actions());
    }

    [Fact]
    public async Task ExpiryAndFailure_RepeatedByARetry_AreRecordedOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        var execution = Services.GetRequiredService<ErasureExecution>();

        Assert.Equal(ErasureStatus.Expired, await execution.ExpireAsync(tenant, requestId, TimeSpan.FromDays(30), Ct));
        Assert.Equal(ErasureStatus.Expired, await execution.ExpireAsync(tenant, requestId, TimeSpan.FromDays(30), Ct));
        await execution.FailAsync(tenant, requestId, "EraseRecords: the store was unavailable.", Ct);
        await execution.FailAsync(tenant, requestId, "EraseRecords: the store was unavailable.", Ct);

        var actions = (await dpo.GetRequestAsync(tenant, requestId)).Actions();
        Assert.Equal(["ErasureStarted", "ErasurePlanned", "ErasureExpired", "ErasureFailed"], actions.SkipWhile(action => action != "ErasureStarted"));
    }
}
