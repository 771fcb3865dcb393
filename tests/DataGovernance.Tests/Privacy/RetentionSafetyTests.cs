using System.Net;
using System.Net.Http.Json;
using DataGovernance.Classification;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;
using static DataGovernance.Tests.Privacy.RetentionApi;
using RecordFields = DataGovernance.Records.RecordFields;

namespace DataGovernance.Tests.Privacy;

/// <summary>
/// Privacy › retention runs: a subject hold keeps every record classification found its subject in, simultaneous starts
/// give exactly one run, and an anonymisation that changes nothing leaves no erasure ledger entry.
/// </summary>
public sealed class RetentionSafetyTests(HubFixture hub)
{
    [Fact]
    public async Task SubjectHold_KeepsARecordNamingTheSubjectInFreeTextOrACustomField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var inText = await CreateControlAsync(dpo, tenant, "AC-1", "Escalate to Claimant@Contoso.example when the review fails.", null);
        var inCustomField = await CreateControlAsync(dpo, tenant, "AC-2", "Quarterly access review.", new { reviewer = "claimant@contoso.example" });
        var unrelated = await CreateControlAsync(dpo, tenant, "AC-3", "Escalate to someone.else@contoso.example.", null);
        var classifications = hub.App.Services.GetRequiredService<DataClassificationStore>();
        foreach (var id in new[] { inText, inCustomField, unrelated })
        {
            await Eventually.TrueAsync(async () => (await classifications.GetAsync(tenant, Collections.Controls, id, Ct))?.Index.Count > 0,
                TimeSpan.FromSeconds(30), $"Control {id} was not indexed within 30 seconds.");
        }
        var hold = (await dpo.PlaceHoldAsync(tenant, SubjectHold(new { email = "claimant@contoso.example" }))).Id();
        await dpo.CreatePolicyAsync(tenant, new { name = "Controls: none kept", collection = "controls", eventField = "createdAt", keepDays = 0, action = "Delete" });

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));

        Assert.Equal(("Succeeded", 1, 2), (run.Prop("status"), run.Total("deleted"), run.Total("held")));
        var held = (await dpo.ItemsAsync(tenant, run.Id())).Where(item => item.Prop("outcome") == "Held").ToList();
        Assert.Equal(new[] { inText, inCustomField }.Order(StringComparer.Ordinal), held.Select(item => item.Prop("recordId")).Order(StringComparer.Ordinal));
        Assert.All(held, item => Assert.Equal(hold, item.Prop("holdId")));
        await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{inText}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{inCustomField}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{unrelated}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task SimultaneousStarts_GiveExactlyOneRun_AndTheNextStartsOnceItHasEnded()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        await dpo.CreatePolicyAsync(tenant, FormerStaff);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => dpo.PostAsJsonAsync(Runs(tenant), new { dryRun = true }, Ct)));

        var started = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        foreach (var refused in responses.Where(response => response != started))
        {
            await refused.ExpectAsync(HttpStatusCode.Conflict, "retention-run-in-progress");
        }
        var runId = (await started.ExpectAsync(HttpStatusCode.Accepted)).Id();
        Assert.Equal("Succeeded", (await dpo.WaitForRunAsync(tenant, runId)).Prop("status"));
        var next = await dpo.StartRunAsync(tenant, dryRun: true);
        Assert.Equal("Succeeded", (await dpo.WaitForRunAsync(tenant, next)).Prop("status"));
        var runs = (await (await dpo.GetAsync(Runs(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(run => run.Id());
        Assert.Equal(new[] { runId, next }.Order(StringComparer.Ordinal), runs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnAnonymisationThatChangesNothing_IsNotPlanned_AndWritesNoLedgerEntry()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        // A control holds no personal data, so neither the schema nor classification gives anonymisation anything to clear.
        var control = (await (await dpo.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "AC-01", title = "Access review", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        var services = hub.App.Services;
        var run = (await services.GetRequiredService<RetentionRunService>().OpenAsync(tenant, new RetentionRunRequest(false), new Actor("user:dpo"), Ct)).Value!;
        // The status is a required choice: anonymisation leaves it as it is.
        var target = new RetentionTarget("policy-1", "Status only", 0, Collections.Controls, null, "createdAt", 0, RetentionAction.Anonymise, [RecordFields.Status]);
        var input = new RetentionBatchInput(tenant, run.Id, false, DateTimeOffset.UtcNow.AddMinutes(1), 10, target, 0, null);
        var enforcement = services.GetRequiredService<RetentionEnforcement>();

        Assert.Equal(0, (await enforcement.ApplyBatchAsync(input, Ct)).Counts.Due);

        // A plan written before anonymisation checked what it changes is treated without writing anything.
        var evidence = services.GetRequiredService<RetentionEvidenceStore>();
        var planned = new RetentionItem(Collections.Controls, control, 1, target.PolicyId, RetentionAction.Anonymise, new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), null, null, null, [RecordFields.Status]);
        var second = input with { Batch = 1 };
        await evidence.SaveBatchAsync(RetentionEvidenceStore.BatchName(tenant, run.Id, target, 1),
            new RetentionBatch(target.PolicyId, target.Collection, 1, null, false, [planned]), Ct);
        var treated = await enforcement.ApplyBatchAsync(second, Ct);

        Assert.Equal((0, 1), (treated.Counts.Anonymised, treated.Counts.Changed));
        Assert.True((await services.GetRequiredService<ErasureLedgerStore>().ForCollectionAsync(tenant, Collections.Controls, Ct)).IsEmpty);
        var record = await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{control}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, record.GetProperty("version").GetInt32());
    }

    private static async Task<string> CreateControlAsync(HttpClient client, string tenant, string code, string description, object? customFields) =>
        (await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls",
            new { code, title = $"Control {code}", status = "operating", description, customFields }, Ct)).ExpectAsync(HttpStatusCode.Created)).Id();
}
