using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.DpiaApi;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › DPIAs: questionnaire, computed assessment, review with the data protection officer's sign-off, history.</summary>
public sealed class DpiaTests(HubFixture hub)
{
    [Fact]
    public async Task Dpia_GoesFromDraftThroughReviewToApproval_ByTheDataProtectionOfficer_AndEveryStepIsAudited()
    {
        var tenant = await hub.CreateTenantAsync();
        using var manager = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.WithBearer(HubFixture.DevToken(tenant, "dpo-1", Role.DataProtectionOfficer));
        var vendor = await manager.CreateVendorAsync(tenant);
        var activity = (await manager.CreateActivityAsync(tenant, Activity("Wellbeing", vendor))).Id();

        var response = await manager.PostAsJsonAsync(Dpias(tenant), Dpia(activityIds: [activity], vendorIds: [vendor]), Ct);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal($"{Dpias(tenant)}/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Draft", "2025-01", 12), (created.GetProperty("status").GetString(), created.GetProperty("questionnaireVersion").GetString(),
            created.GetProperty("assessment").GetProperty("unanswered").GetInt32()));

        var incomplete = await (await manager.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "dpia-incomplete");
        Assert.NotEmpty(incomplete.FieldErrors("answers.large-scale"));
        Assert.NotEmpty(incomplete.FieldErrors("answers.processing-description"));

        var answered = Dpia(answers: Answers("sensitive-data", "vulnerable-subjects"), activityIds: [activity], vendorIds: [vendor]);
        await (await manager.PutJsonAsync($"{Dpias(tenant)}/{id}", answered, null, Ct)).ExpectAsync((HttpStatusCode)428, "if-match-required");
        var updated = await (await manager.PutJsonAsync($"{Dpias(tenant)}/{id}", answered, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        var assessment = updated.GetProperty("assessment");
        Assert.Equal((2, true, 0), (assessment.GetProperty("criteriaCount").GetInt32(), assessment.GetProperty("dpiaRequired").GetBoolean(),
            assessment.GetProperty("unanswered").GetInt32()));
        await (await manager.PutJsonAsync($"{Dpias(tenant)}/{id}", answered, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        var noRisks = await (await manager.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "dpia-incomplete");
        Assert.NotEmpty(noRisks.FieldErrors("risks"));
        answered["risks"] = new JsonArray(Risk(3, 4, residualLikelihood: 1, residualSeverity: 3), Risk(2, 2));
        var scored = await (await manager.PutJsonAsync($"{Dpias(tenant)}/{id}", answered, "\"2\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((12, "High", 4, "Medium"), (scored.GetProperty("assessment").GetProperty("highestRiskScore").GetInt32(),
            scored.GetProperty("assessment").GetProperty("riskLevel").GetString(), scored.GetProperty("assessment").GetProperty("highestResidualScore").GetInt32(),
            scored.GetProperty("assessment").GetProperty("residualRiskLevel").GetString()));

        await (await manager.DpiaStepAsync(tenant, id, "submit", new { comment = "Ready" })).ExpectAsync(HttpStatusCode.OK);
        await (await manager.PutJsonAsync($"{Dpias(tenant)}/{id}", answered, "\"4\"", Ct)).ExpectAsync(HttpStatusCode.Conflict, "dpia-not-draft");
        await (await manager.DpiaStepAsync(tenant, id, "approve")).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await dpo.DpiaStepAsync(tenant, id, "approve", new { comment = "Mitigations adequate." }, "\"3\"")).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        var approved = await (await dpo.DpiaStepAsync(tenant, id, "approve", new { comment = "Mitigations adequate." }, "\"4\"")).ExpectAsync(HttpStatusCode.OK);

        var signOff = approved.GetProperty("signOff");
        Assert.Equal(("Approved", "Approved", "user:dpo-1", "Mitigations adequate."), (approved.GetProperty("status").GetString(),
            signOff.GetProperty("decision").GetString(), signOff.GetProperty("by").GetString(), signOff.GetProperty("comment").GetString()));
        Assert.Equal(["DataProtectionOfficer"], signOff.GetProperty("roles").Strings());
        Assert.Equal(["Created", "Updated", "Updated", "Submitted", "Approved"],
            approved.GetProperty("history").EnumerateArray().Select(step => step.GetProperty("action").GetString()));
        await (await dpo.DpiaStepAsync(tenant, id, "approve")).ExpectAsync(HttpStatusCode.Conflict, "invalid-status-transition");

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var audited = (await auditor.TenantAuditAsync(tenant, Ct)).Select(entry => entry.Text("method") == "SYSTEM" ? entry.Text("action") : null).ToList();
        foreach (var action in new[] { "DpiaCreated", "DpiaUpdated", "DpiaSubmitted", "DpiaApproved" })
        {
            Assert.Contains(action, audited);
        }
    }

    [Fact]
    public async Task Rejection_NeedsAReason_AReopenedDpiaIsADraftAgain_AndAHighResidualRiskNeedsPriorConsultation()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await owner.CreateDpiaAsync(tenant, Dpia(answers: Answers("systematic-monitoring"), risks: new JsonArray(Risk(4, 4))))).Id();
        await (await owner.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.OK);

        var consult = await (await dpo.DpiaStepAsync(tenant, id, "approve")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "dpia-high-residual-risk");
        Assert.NotEmpty(consult.FieldErrors("priorConsultation"));
        var reason = await (await dpo.DpiaStepAsync(tenant, id, "reject", new { comment = " " })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(reason.FieldErrors("comment"));
        var rejected = await (await dpo.DpiaStepAsync(tenant, id, "reject", new { comment = "Monitoring is disproportionate." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Rejected", "Rejected"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("signOff").GetProperty("decision").GetString()));

        var reopened = await (await owner.DpiaStepAsync(tenant, id, "reopen", new { comment = "Scope narrowed" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Draft", reopened.GetProperty("status").GetString());
        Assert.True(reopened.Lacks("signOff"));
        await (await owner.DpiaStepAsync(tenant, id, "reopen")).ExpectAsync(HttpStatusCode.Conflict, "invalid-status-transition");
        await (await owner.DpiaStepAsync(tenant, id, "submit")).ExpectAsync(HttpStatusCode.OK);
        var approved = await (await dpo.DpiaStepAsync(tenant, id, "approve", new { priorConsultation = "SA-2026-0042" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("SA-2026-0042", approved.GetProperty("signOff").GetProperty("priorConsultation").GetString());
    }

    [Fact]
    public async Task BadInput_Answers422_WithAnErrorPerField_AndUnknownIds404()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var bad = new JsonObject
        {
            ["answers"] = new JsonArray(
                new JsonObject { ["questionId"] = "no-such-question", ["answer"] = "Yes" },
                new JsonObject { ["questionId"] = "consultation", ["answer"] = "Yes" }),
            ["risks"] = new JsonArray(new JsonObject { ["description"] = "x", ["likelihood"] = 5, ["severity"] = 0 }),
            ["vendorIds"] = new JsonArray("missing-vendor"),
            ["processingActivityIds"] = new JsonArray("bad id!"),
        };
        var problem = await (await owner.PostAsJsonAsync(Dpias(tenant), bad, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "title", "answers[0].questionId", "answers[1].answer", "risks[0].likelihood", "risks[0].severity", "processingActivityIds[0]" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        var links = await (await owner.PostAsJsonAsync(Dpias(tenant), Dpia(vendorIds: ["missing-vendor"]), Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(links.FieldErrors("vendorIds[0]"));
        await (await owner.PostAsJsonAsync(Dpias(tenant), new { title = "x", answers = "not a list" }, Ct)).ExpectAsync(HttpStatusCode.BadRequest);
        await (await owner.GetAsync($"{Dpias(tenant)}/dpia-nothing", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.PutJsonAsync($"{Dpias(tenant)}/dpia-nothing", Dpia(), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.DpiaStepAsync(tenant, "dpia-nothing", "submit")).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.GetAsync($"{Dpias(tenant)}?status=Nonsense", Ct)).ExpectAsync(HttpStatusCode.BadRequest);
        await (await owner.GetAsync($"{Dpias(tenant)}?continuationToken=forged", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        Assert.Empty(await owner.DpiaListAsync(tenant));
    }

    [Fact]
    public async Task Listing_FiltersByStatus_AndPages()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await owner.CreateDpiaAsync(tenant, Dpia($"Assessment {i}", answers: Answers()))).Id());
        }
        await (await owner.DpiaStepAsync(tenant, ids[1], "submit")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([ids[1]], (await owner.DpiaListAsync(tenant, "&status=InReview")).Select(item => item.Id()));
        Assert.Equal(2, (await owner.DpiaListAsync(tenant, "&status=Draft")).Count);
        var paged = await owner.ReadAllPagesAsync($"{Dpias(tenant)}?pageSize=1", Ct);
        Assert.Equal(ids.Order(StringComparer.Ordinal), paged.Select(item => item.Id()).Order(StringComparer.Ordinal));
        var questionnaire = await (await owner.GetAsync($"{Dpias(tenant)}/questionnaire", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2, 9), (questionnaire.GetProperty("criteriaThreshold").GetInt32(),
            questionnaire.GetProperty("questions").EnumerateArray().Count(question => question.GetProperty("kind").GetString() == "Criterion")));
    }

    [Fact]
    public async Task AnotherTenant_Gets404_OnEveryDpiaRoute_AndChangesNothing()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.CreateDpiaAsync(tenant, Dpia(answers: Answers()))).Id();
        using var intruder = hub.TenantClient(other, Role.Owner, Role.DataProtectionOfficer);

        foreach (var url in new[] { Dpias(tenant), $"{Dpias(tenant)}/{id}", $"{Dpias(tenant)}/questionnaire" })
        {
            await (await intruder.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        await (await intruder.PostAsJsonAsync(Dpias(tenant), Dpia(), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync($"{Dpias(tenant)}/{id}", Dpia("Hijacked"), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        foreach (var step in new[] { "submit", "approve", "reject", "reopen" })
        {
            await (await intruder.DpiaStepAsync(tenant, id, step, new { comment = "x" })).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        var mine = await (await owner.GetAsync($"{Dpias(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Employee wellbeing programme", 1, "Draft"), (mine.GetProperty("title").GetString(), mine.GetProperty("version").GetInt32(),
            mine.GetProperty("status").GetString()));
    }
}
