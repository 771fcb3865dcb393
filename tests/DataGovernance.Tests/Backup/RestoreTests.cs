using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Backup;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Backup.RestoreApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Restores end to end: impact, a second administrator's approval, the switch, the records, the logs, undo.</summary>
public sealed class RestoreTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    /// <summary>Replaces a record at its current version.</summary>
    private static async Task<HttpStatusCode> ReplaceAsync(HttpClient client, string tenant, string collection, string id, object document)
    {
        var current = await client.GetAsync(RecordUrl(tenant, collection, id), Ct);
        return (await client.PutJsonAsync(RecordUrl(tenant, collection, id), document, current.Headers.ETag!.Tag)).StatusCode;
    }

    private static async Task<HttpStatusCode> RemoveAsync(HttpClient client, string tenant, string collection, string id)
    {
        var current = await client.GetAsync(RecordUrl(tenant, collection, id), Ct);
        return (await client.SendRawAsync(HttpMethod.Delete, RecordUrl(tenant, collection, id), ifMatch: current.Headers.ETag!.Tag)).StatusCode;
    }

    private static async Task<Dictionary<string, string>> TitlesAsync(HttpClient client, string tenant, string collection) =>
        (await client.ListAllAsync(CollectionUrl(tenant, collection))).ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("data").GetProperty("title").GetString()!);

    [Fact]
    public async Task CollectionRestore_ToARestorePoint_NeedsASecondAdministrator_AndChangesOnlyThatCollection()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        using var admin = hub.Admin(tenant);
        var kept = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "Kept", status = "draft" });
        var edited = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-2", title = "Original", status = "draft" });
        var removed = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-3", title = "Removed later", status = "draft" });
        var risk = await owner.CreateIdAsync(tenant, "risks", new { title = "Before", status = "identified", likelihood = 2, impact = 3 });
        var before = await TitlesAsync(owner, tenant, "controls");
        var restorePointId = await owner.BackUpOkAsync(tenant);

        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "controls", edited, new { code = "AC-2", title = "Edited", status = "draft" }));
        Assert.Equal(HttpStatusCode.NoContent, await RemoveAsync(owner, tenant, "controls", removed));
        var added = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-4", title = "Added later", status = "draft" });
        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "risks", risk, new { title = "After", status = "identified", likelihood = 2, impact = 3 }));
        var after = await TitlesAsync(owner, tenant, "controls");

        var requested = await owner.RequestRestoreAsync(tenant, new { scope = "collection", collection = "controls", restorePointId, reason = "Controls were edited by mistake." });
        var id = requested.GetProperty("id").GetString()!;
        var impact = requested.GetProperty("impact");
        Assert.Equal(new Dictionary<string, long> { ["create"] = 1, ["update"] = 1, ["delete"] = 1 }, ImpactOf(impact, "controls"));
        Assert.Equal(3, impact.GetProperty("records").GetArrayLength());
        Assert.Contains(impact.GetProperty("records").EnumerateArray(), r => r.GetProperty("recordId").GetString() == added && r.GetProperty("action").GetString() == "Delete");
        Assert.Equal(0, ImpactOf(impact, "risks")["update"]);

        var selfApproval = await owner.DecideAsync(tenant, id, "approve", HttpStatusCode.Forbidden);
        Assert.Equal("approver-is-requester", selfApproval.GetProperty("code").GetString());
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await auditor.DecideAsync(tenant, id, "approve", HttpStatusCode.Forbidden);
        Assert.Equal(after, await TitlesAsync(owner, tenant, "controls"));

        await admin.DecideAsync(tenant, id, "approve");
        var done = await owner.RestoreInStatusAsync(tenant, id, "Succeeded");
        Assert.Equal("user:admin-2", done.GetProperty("decidedBy").GetString());
        Assert.Equal(3, done.GetProperty("outcome").GetProperty("create").GetInt64() + done.GetProperty("outcome").GetProperty("update").GetInt64() + done.GetProperty("outcome").GetProperty("delete").GetInt64());

        Assert.Equal(before, await TitlesAsync(owner, tenant, "controls"));
        Assert.Equal("After", (await owner.GetRecordAsync(tenant, "risks", risk)).GetProperty("data").GetProperty("title").GetString());
        Assert.Equal("Kept", (await owner.GetRecordAsync(tenant, "controls", kept)).GetProperty("data").GetProperty("title").GetString());

        var restoreEntries = (await owner.TimelineAsync(tenant)).Where(e => e.GetProperty("correlationId").GetString() == id).ToList();
        Assert.Equal(3, restoreEntries.Count);
        Assert.All(restoreEntries, e => Assert.Equal("user:owner-1", e.GetProperty("actor").GetString()));
        var audit = await (await owner.GetAsync($"/api/tenants/{tenant}/audit?action=RestoreSucceeded", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("event").GetProperty("correlationId").GetString() == id);
        Assert.Contains(await owner.RestorePointsAsync(tenant), p => p.GetProperty("kind").GetString() == "BeforeRestore");

        // Writes go on, on top of the restored generation.
        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "controls", edited, new { code = "AC-2", title = "Edited again", status = "draft" }));

        var undo = await owner.PostAsJsonAsync(RestoreUrl(tenant, $"/{id}/undo"), new { reason = "The old controls were right after all." }, Ct);
        var undoId = (await undo.ExpectAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await owner.RestoreInStatusAsync(tenant, undoId, "AwaitingApproval");
        await admin.DecideAsync(tenant, undoId, "approve");
        var undone = await owner.RestoreInStatusAsync(tenant, undoId, "Succeeded");
        Assert.Equal(id, undone.GetProperty("undoOf").GetString());
        Assert.Equal(after, await TitlesAsync(owner, tenant, "controls"));
    }

    [Fact]
    public async Task RecordsRestore_ToAMoment_RestoresOnlyTheChosenRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var first = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "One", status = "draft" });
        var second = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-2", title = "Two", status = "draft" });
        var moment = DateTimeOffset.UtcNow;
        await Task.Delay(50, Ct);
        foreach (var (id, code) in new[] { (first, "AC-1"), (second, "AC-2") })
        {
            Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "controls", id, new { code, title = "Changed", status = "draft" }));
        }

        await hub.RestoreApprovedAsync(tenant, new { scope = "records", collection = "controls", recordIds = new[] { first }, at = moment, reason = "Put the first control back." });

        Assert.Equal("One", (await owner.GetRecordAsync(tenant, "controls", first)).GetProperty("data").GetProperty("title").GetString());
        Assert.Equal("Changed", (await owner.GetRecordAsync(tenant, "controls", second)).GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Restore_ReappliesTheErasureLedger_SoErasedDataNeverComesBack()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ada = await owner.CreateIdAsync(tenant, "people", new { fullName = "Ada Lovelace", email = "ada@example.com", phone = "+44 20 7946 0000", status = "active" });
        var alan = await owner.CreateIdAsync(tenant, "people", new { fullName = "Alan Turing", email = "alan@example.com", status = "active" });
        var restorePointId = await owner.BackUpOkAsync(tenant);

        // What the privacy work does on an erasure request: change the live data and write the ledger.
        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "people", ada, new { fullName = "Erased person 1", email = "erased-1@invalid.example", status = "former" }));
        Assert.Equal(HttpStatusCode.NoContent, await RemoveAsync(owner, tenant, "people", alan));
        var ledger = Services.GetRequiredService<ErasureLedgerStore>();
        await ledger.AddAsync(new ErasureLedgerEntry(tenant, "e1", "people", ada, new Dictionary<string, JsonElement?>
        {
            ["fullName"] = JsonSerializer.SerializeToElement("Erased person 1"),
            ["email"] = JsonSerializer.SerializeToElement("erased-1@invalid.example"),
            ["phone"] = null,
        }, DateTimeOffset.UtcNow, "dsr-1"), Ct);
        await ledger.AddAsync(new ErasureLedgerEntry(tenant, "e2", "people", alan, new Dictionary<string, JsonElement?>(), DateTimeOffset.UtcNow, "dsr-2"), Ct);

        await hub.RestoreApprovedAsync(tenant, new { scope = "tenant", restorePointId, reason = "Roll the whole tenant back to last night." });

        var restored = (await owner.GetRecordAsync(tenant, "people", ada)).GetProperty("data");
        Assert.Equal("Erased person 1", restored.GetProperty("fullName").GetString());
        Assert.Equal("erased-1@invalid.example", restored.GetProperty("email").GetString());
        Assert.False(restored.TryGetProperty("phone", out _));
        Assert.Equal("active", restored.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(RecordUrl(tenant, "people", alan), Ct)).StatusCode);
    }

    /// <summary>Restored records bypass the record service; the restore re-scans, so a person deleted since the backup can be found (and erased) again.</summary>
    [Fact]
    public async Task Restore_ReclassifiesTheTenant_SoSubjectDiscoveryFindsRestoredPeople()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var grace = await owner.CreateIdAsync(tenant, "people", new { fullName = "Grace Hopper", email = "grace@example.com", status = "active" });
        var subject = new { email = "grace@example.com" };
        await owner.DiscoverWhenAsync(tenant, subject, matches => matches.HasRecord("people", grace), "Grace indexed");
        var restorePointId = await owner.BackUpOkAsync(tenant);
        Assert.Equal(HttpStatusCode.NoContent, await RemoveAsync(owner, tenant, "people", grace));
        await owner.DiscoverWhenAsync(tenant, subject, matches => matches.GetArrayLength() == 0, "Grace gone from the index");

        await hub.RestoreApprovedAsync(tenant, new { scope = "tenant", restorePointId, reason = "Bring back the deleted person." });

        await owner.DiscoverWhenAsync(tenant, subject, matches => matches.HasRecord("people", grace), "Grace found again after the restore");
        var result = await owner.ResultWhenAsync(tenant, "people", grace, r => r.GetProperty("sensitivity").GetString() == "Confidential", "Grace classified again");
        Assert.Contains("ContactDetails", result.GetProperty("categories").Strings());
    }

    [Fact]
    public async Task Restore_Rejected_OrLeftUndecided_ChangesNothing_AndFreesTheTenant()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        using var admin = hub.Admin(tenant);
        var id = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "One", status = "draft" });
        var restorePointId = await owner.BackUpOkAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "controls", id, new { code = "AC-1", title = "Changed", status = "draft" }));
        var body = new { scope = "tenant", restorePointId, reason = "Testing the approval path." };

        var rejected = (await owner.RequestRestoreAsync(tenant, body)).GetProperty("id").GetString()!;
        var busy = await (await owner.PostAsJsonAsync(RestoreUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("restore-in-progress", busy.GetProperty("code").GetString());
        await admin.DecideAsync(tenant, rejected, "reject");
        await owner.RestoreInStatusAsync(tenant, rejected, "Rejected");
        var again = await admin.DecideAsync(tenant, rejected, "approve", HttpStatusCode.Conflict);
        Assert.Equal("restore-not-awaiting-approval", again.GetProperty("code").GetString());

        var expired = (await owner.RequestRestoreAsync(tenant, body)).GetProperty("id").GetString()!;
        var final = await owner.RestoreInStatusAsync(tenant, expired, "Expired", TimeSpan.FromSeconds(60));
        Assert.Contains("approved", final.GetProperty("failureReason").GetString());
        await admin.DecideAsync(tenant, expired, "approve", HttpStatusCode.Conflict);

        Assert.Equal("Changed", (await owner.GetRecordAsync(tenant, "controls", id)).GetProperty("data").GetProperty("title").GetString());
        var list = await (await owner.GetAsync(RestoreUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([expired, rejected], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToArray());
    }

    [Fact]
    public async Task RestoreRequest_WithBadInput_GetsFieldErrors_AndStartsNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        async Task<JsonElement> InvalidAsync(object body) =>
            await (await owner.PostAsJsonAsync(RestoreUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity);

        var errors = (await InvalidAsync(new { scope = "galaxy", reason = "short" })).GetProperty("errors");
        Assert.True(errors.TryGetProperty("scope", out _));
        Assert.True(errors.TryGetProperty("reason", out _));
        Assert.True(errors.TryGetProperty("restorePointId", out _));
        errors = (await InvalidAsync(new { scope = "records", collection = "controls", restorePointId = "rp-missing", reason = "A good long reason." })).GetProperty("errors");
        Assert.True(errors.TryGetProperty("recordIds", out _));
        Assert.Contains("rp-missing", errors.GetProperty("restorePointId")[0].GetString());
        errors = (await InvalidAsync(new { scope = "collection", collection = "spaceships", at = DateTimeOffset.UtcNow.AddHours(1), reason = "A good long reason." })).GetProperty("errors");
        Assert.True(errors.TryGetProperty("collection", out _));
        Assert.True(errors.TryGetProperty("at", out _));
        using var member = hub.TenantClient(tenant, Role.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync(RestoreUrl(tenant), new { scope = "tenant", at = DateTimeOffset.UtcNow, reason = "A good long reason." }, Ct)).StatusCode);

        var list = await (await owner.GetAsync(RestoreUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task RestorePlan_FromTheChangeLog_EqualsThePlanFromTheLiveRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await Services.SeedControlsAsync(tenant, 300);
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var records = Services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-writer"), "test-writer");
        var moment = DateTimeOffset.UtcNow;
        await Task.Delay(20, Ct);
        foreach (var id in ids.Take(20))
        {
            await records.ReplaceAsync(tenant, Collections.Controls, id, JsonSerializer.SerializeToElement(new { code = "AC-X", title = "Changed", status = "implemented" }), null, context, Ct);
        }
        foreach (var id in ids.Skip(280))
        {
            await records.DeleteAsync(tenant, Collections.Controls, id, null, context, Ct);
        }
        await Services.SeedControlsAsync(tenant, 15, "NEW");
        await owner.CreateIdAsync(tenant, "risks", new { title = "Later risk", status = "identified", likelihood = 1, impact = 1 });

        var plan = Services.GetRequiredService<RestorePlan>();
        var head = await Services.GetRequiredService<RecordStore>().GetHeadAsync(tenant, Ct);
        var live = new FrozenHead(head.Generation, head.LastSequence);
        var targets = new[]
        {
            (await Services.GetRequiredService<RestorePointStore>().GetAsync(tenant, restorePointId, Ct))!.Position,
            await Services.GetRequiredService<TenantHistory>().PositionAtAsync(tenant, moment, Ct),
        };
        foreach (var (scope, target) in new[] { RestoreScope.Tenant, RestoreScope.Collection }.SelectMany(scope => targets.Select(target => (scope, target))))
        {
            var request = new RestoreRequest("rs-plan", tenant, scope, scope == RestoreScope.Tenant ? null : "controls", [], null, null,
                target, "Comparing plans.", "user:owner-1", DateTimeOffset.UtcNow, RestoreStatus.Assessing, null);
            static string Describe(RestoreStep step) =>
                $"{step.Collection}/{step.RecordId}/{step.Action}/{step.Current?.Version}/{step.Current?.Data.GetRawText()}/{step.Restored?.Version}/{step.Restored?.Data.GetRawText()}";
            var fromLog = await plan.StepsAsync(request, live, replayChanges: true, Ct).Select(Describe).ToListAsync(Ct);
            var fromLive = await plan.StepsAsync(request, live, replayChanges: false, Ct).Select(Describe).ToListAsync(Ct);
            Assert.Equal(fromLive, fromLog);
            Assert.Equal(scope == RestoreScope.Tenant ? 56 : 55, fromLog.Count(step => step.Split('/')[2] != ""));
        }
    }

    [Fact]
    public async Task FrozenRecords_RefuseWrites_WithRestoreInProgress()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "One", status = "draft" });
        var generations = Services.GetRequiredService<GenerationStore>();
        await generations.FreezeAsync(tenant, "rs-test", Ct);

        var refused = await (await owner.PutJsonAsync(RecordUrl(tenant, "controls", id), new { code = "AC-1", title = "Two", status = "draft" }, "\"1\"")).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("restore-in-progress", refused.GetProperty("code").GetString());
        Assert.Equal("One", (await owner.GetRecordAsync(tenant, "controls", id)).GetProperty("data").GetProperty("title").GetString());

        await generations.ThawAsync(tenant, "rs-test", Ct);
        Assert.Equal(HttpStatusCode.OK, await ReplaceAsync(owner, tenant, "controls", id, new { code = "AC-1", title = "Two", status = "draft" }));
    }
}
