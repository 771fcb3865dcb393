using System.Net;
using System.Net.Http.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Privacy;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;
using static DataGovernance.Tests.Privacy.RetentionApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › retention runs: started by the timer, resumable batch by batch, one at a time, refused when wrong, isolated per tenant.</summary>
public sealed class RetentionRunLifecycleTests(HubFixture hub)
{
    [Fact]
    public async Task Timer_StartsTheScheduledRunOrchestration_OncePerOccurrence()
    {
        var (tenant, idle) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var old = await dpo.CreatePersonAsync(tenant, "old@contoso.example", "2015-01-01");
        await dpo.CreatePolicyAsync(tenant, FormerStaff);
        var timer = hub.App.Services.GetServices<FunctionDefinition>().Single(f => f.Name == RetentionScheduler.FunctionName);
        Assert.Equal(new TimerTrigger("0 0 0 1 1 *"), timer.Trigger); // Hub:Retention:Schedule of the test settings
        var scheduler = hub.App.Services.GetRequiredService<RetentionScheduler>();
        var occurrence = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, DateTimeOffset.UtcNow.Day, 2, 0, 0, TimeSpan.Zero);

        Assert.True(await scheduler.StartForTenantAsync(tenant, occurrence, Ct));
        Assert.False(await scheduler.StartForTenantAsync(idle, occurrence, Ct));

        var runId = RetentionRun.IdFor(occurrence, "sched");
        var instance = await hub.App.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(RetentionRunOperations.InstanceId(tenant, runId), cancellation: Ct);
        Assert.Equal(nameof(RetentionRunOrchestration), instance?.Name);
        var run = await dpo.WaitForRunAsync(tenant, runId);
        Assert.Equal(("Scheduled", "system:retention-schedule", 1), (run.Prop("trigger"), run.Prop("requestedBy"), run.Total("deleted")));
        Assert.Equal(occurrence, run.GetProperty("asOf").GetDateTimeOffset());
        Assert.False(await scheduler.StartForTenantAsync(tenant, occurrence, Ct));
        await (await dpo.GetAsync($"{People(tenant)}/{old}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.GetAsync($"{Runs(tenant)}/{runId}/certificate", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single((await (await dpo.GetAsync(Runs(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Batch_RepeatedAfterACrash_TreatsWhatItPlanned_AndGivesTheSameOutcome()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var (gone, kept) = (await dpo.CreatePersonAsync(tenant, "a@contoso.example", "2015-01-01"), await dpo.CreatePersonAsync(tenant, "b@contoso.example", "2015-01-01"));
        await dpo.CreatePolicyAsync(tenant, FormerStaff);
        await dpo.PlaceHoldAsync(tenant, RecordHold("people", kept));
        var services = hub.App.Services;
        var run = (await services.GetRequiredService<RetentionRunService>().OpenAsync(tenant, new RetentionRunRequest(false), new Actor("user:dpo"), Ct)).Value!;
        var target = Assert.Single(await services.GetRequiredService<RetentionPolicyService>().TargetsAsync(tenant, Ct));
        var input = new RetentionBatchInput(tenant, run.Id, false, DateTimeOffset.UtcNow, 10, target, 0, null);
        var enforcement = services.GetRequiredService<RetentionEnforcement>();
        var evidence = services.GetRequiredService<RetentionEvidenceStore>();

        var first = await enforcement.ApplyBatchAsync(input, Ct);
        // As if the worker had died after writing the plan and deleting, before recording what it did.
        var name = RetentionEvidenceStore.BatchName(tenant, run.Id, target, 0);
        var done = (await evidence.GetBatchAsync(name, Ct))!;
        await evidence.SaveBatchAsync(name, done with
        {
            Completed = false,
            Items = [.. done.Items.Select(item => item.Outcome == RetentionOutcome.Held ? item : item with { Outcome = null })],
        }, Ct);
        var again = await enforcement.ApplyBatchAsync(input, Ct);

        Assert.Equal((1, 1, 2), (first.Counts.Deleted, first.Counts.Held, first.Counts.Due));
        Assert.Equal(first, again);
        Assert.Equal(first, await enforcement.ApplyBatchAsync(input, Ct));
        await (await dpo.GetAsync($"{People(tenant)}/{gone}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.GetAsync($"{People(tenant)}/{kept}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var deletions = await (await dpo.GetAsync($"/api/tenants/{tenant}/timeline?collection=people&pageSize=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(deletions.GetProperty("items").EnumerateArray(), entry => entry.Prop("operation") == "Delete");
    }

    [Fact]
    public async Task OnlyOneRunAtATime()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        // A run opened but not (yet) under way: its orchestration is never started here, so it stays Running.
        var open = await hub.App.Services.GetRequiredService<RetentionRunService>().OpenAsync(tenant, new RetentionRunRequest(true), new Actor("user:dpo"), Ct);
        Assert.True(open.Succeeded);

        await (await dpo.PostAsJsonAsync(Runs(tenant), new { dryRun = true }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "retention-run-in-progress");
        await (await dpo.GetAsync($"{Runs(tenant)}/{open.Value!.Id}/certificate", Ct)).ExpectAsync(HttpStatusCode.Conflict, "dry-run-has-no-certificate");
        Assert.Single((await (await dpo.GetAsync(Runs(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task BadRequests_AreRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var problem = await (await dpo.PostAsJsonAsync(Runs(tenant), new { }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("dryRun"));
        await (await auditor.PostAsJsonAsync(Runs(tenant), new { dryRun = true }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await dpo.GetAsync($"{Runs(tenant)}/rr-20260101000000-abcdef01", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.GetAsync($"{Runs(tenant)}/rr-20260101000000-abcdef01/certificate", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await (await dpo.GetAsync(Runs(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task AnotherTenantsOwner_Gets404_OnEveryRetentionRunRoute()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await owner.CreatePersonAsync(tenant, "old@contoso.example", "2015-01-01");
        await owner.CreatePolicyAsync(tenant, FormerStaff);
        var runId = (await owner.WaitForRunAsync(tenant, await owner.StartRunAsync(tenant, dryRun: true))).Id();
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.PostAsJsonAsync(Runs(tenant), new { dryRun = false }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        foreach (var url in new[] { Runs(tenant), $"{Runs(tenant)}/{runId}", $"{Runs(tenant)}/{runId}/items", $"{Runs(tenant)}/{runId}/certificate", $"{Runs(other)}/{runId}" })
        {
            await (await intruder.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        Assert.Single((await (await owner.GetAsync(Runs(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Single((await (await owner.GetAsync($"{People(tenant)}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }
}
