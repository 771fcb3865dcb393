using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Team;
using Xunit;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

public sealed class SubjectRequestWorkflowTests(HubFixture hub)
{
    [Fact]
    public async Task VerifiedRequest_GoesInProgress_ThenCompleted_AndIsClosedAfterwards()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await hub.VerifiedRequestAsync(dpo, tenant)).Id();

        await (await dpo.StepAsync(tenant, id, "status", new { status = "Completed" })).ExpectAsync(HttpStatusCode.Conflict, "invalid-status-transition");
        await (await dpo.StepAsync(tenant, id, "status", new { status = "InProgress" })).ExpectAsync(HttpStatusCode.OK);
        var completed = await (await dpo.StepAsync(tenant, id, "status", new { status = "Completed", reason = "Copy of the data sent by post." }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("Completed", "Copy of the data sent by post."), (completed.Prop("status"), completed.Prop("resolution")));
        Assert.True(completed.TryGetProperty("closedAt", out _));
        Assert.False(completed.GetProperty("deadlines").TryGetProperty("daysLeft", out _));
        Assert.Equal(["Received", "VerificationCodeSent", "Verified", "InProgress", "Completed"], completed.Actions());
        await (await dpo.StepAsync(tenant, id, "status", new { status = "Withdrawn" })).ExpectAsync(HttpStatusCode.Conflict, "privacy-request-closed");
        await (await dpo.StepAsync(tenant, id, "acknowledge", new { })).ExpectAsync(HttpStatusCode.Conflict, "privacy-request-closed");
        var audit = await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestCompleted");
        Assert.Single(audit);
    }

    [Fact]
    public async Task UnverifiedRequest_CannotStart_ButAnOptOutCan()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var access = (await owner.ReceiveAsync(tenant, Intake("Access"))).Id();
        var optOut = (await owner.ReceiveAsync(tenant, Intake("OptOut"))).Id();

        await (await owner.StepAsync(tenant, access, "status", new { status = "InProgress" })).ExpectAsync(HttpStatusCode.Conflict, "invalid-status-transition");
        var started = await (await owner.StepAsync(tenant, optOut, "status", new { status = "InProgress" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("InProgress", started.Prop("status"));
        var badTarget = await (await owner.StepAsync(tenant, access, "status", new { status = "Verified" })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(badTarget.FieldErrors("status"));
    }

    [Fact]
    public async Task Refusal_NeedsReasons_AndRecordsThem()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await dpo.ReceiveAsync(tenant, Intake("Erasure"))).Id();

        var problem = await (await dpo.StepAsync(tenant, id, "status", new { status = "Refused", reason = "  " })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("reason"));
        Assert.Equal("AwaitingVerification", (await dpo.GetRequestAsync(tenant, id)).Prop("status"));

        var refused = await (await dpo.StepAsync(tenant, id, "status", new { status = "Refused", reason = "Manifestly excessive: the fifth identical request this month." }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("Refused", "Manifestly excessive: the fifth identical request this month."), (refused.Prop("status"), refused.Prop("resolution")));
        var step = refused.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Refused", "Manifestly excessive: the fifth identical request this month."), (step.Prop("action"), step.Prop("note")));
        Assert.Single(await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestRefused"));
    }

    [Fact]
    public async Task GdprExtension_WithinTheFirstMonth_ExtendsOnce_AfterItIsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-10);
        var id = (await dpo.ReceiveAsync(tenant, Intake("Access", receivedAt))).Id();
        var late = (await dpo.ReceiveAsync(tenant, Intake("Access", DateTimeOffset.UtcNow.AddDays(-40)))).Id();

        var missing = await (await dpo.StepAsync(tenant, id, "extend", new { months = 3 })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(missing.FieldErrors("reason"));
        Assert.NotEmpty(missing.FieldErrors("noticeSentAt"));
        Assert.NotEmpty(missing.FieldErrors("months"));
        var extended = await (await dpo.StepAsync(tenant, id, "extend", new { reason = "Data held in several archives.", noticeSentAt = DateTimeOffset.UtcNow.AddMinutes(-5) }))
            .ExpectAsync(HttpStatusCode.OK);

        var receivedOn = BerlinDay(receivedAt);
        var deadlines = extended.GetProperty("deadlines");
        Assert.Equal((receivedOn.AddMonths(1), receivedOn.AddMonths(3)), (deadlines.Date("dueAt"), deadlines.Date("extendedDueAt")));
        Assert.Equal(2, extended.GetProperty("extension").GetProperty("months").GetInt32());
        await (await dpo.StepAsync(tenant, id, "extend", new { reason = "Again", noticeSentAt = DateTimeOffset.UtcNow }))
            .ExpectAsync(HttpStatusCode.Conflict, "already-extended");
        await (await dpo.StepAsync(tenant, late, "extend", new { reason = "Too late", noticeSentAt = DateTimeOffset.UtcNow }))
            .ExpectAsync(HttpStatusCode.Conflict, "extension-window-closed");
        Assert.Single(await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestExtended"));
    }

    [Fact]
    public async Task CcpaExtension_Is45Days_OptOutsCannotBeExtended_AndReceiptIsAcknowledgedOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-2);
        var delete = (await owner.ReceiveAsync(tenant, Intake("Delete", receivedAt))).Id();
        var optOut = (await owner.ReceiveAsync(tenant, Intake("OptOut"))).Id();

        var withMonths = await (await owner.StepAsync(tenant, delete, "extend", new { reason = "Backlog", noticeSentAt = DateTimeOffset.UtcNow, months = 1 }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(withMonths.FieldErrors("months"));
        var extended = await (await owner.StepAsync(tenant, delete, "extend", new { reason = "Backlog", noticeSentAt = DateTimeOffset.UtcNow }))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(BerlinDay(receivedAt).AddDays(90), extended.GetProperty("deadlines").Date("extendedDueAt"));
        await (await owner.StepAsync(tenant, optOut, "extend", new { reason = "Backlog", noticeSentAt = DateTimeOffset.UtcNow }))
            .ExpectAsync(HttpStatusCode.Conflict, "not-extendable");

        var future = await (await owner.StepAsync(tenant, delete, "acknowledge", new { sentAt = DateTimeOffset.UtcNow.AddDays(1) }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(future.FieldErrors("sentAt"));
        var acknowledged = await (await owner.StepAsync(tenant, delete, "acknowledge", new { sentAt = DateTimeOffset.UtcNow.AddDays(-1) })).ExpectAsync(HttpStatusCode.OK);
        Assert.True(acknowledged.TryGetProperty("acknowledgedAt", out _));
        await (await owner.StepAsync(tenant, delete, "acknowledge", new { })).ExpectAsync(HttpStatusCode.Conflict, "already-acknowledged");
    }

    [Fact]
    public async Task Assignment_TakesAnActiveTeamMember_AndEmptyUnassigns()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var dpoUser = TeamApi.NewUserId();
        await owner.AssignAsync(tenant, dpoUser, Role.DataProtectionOfficer);
        var id = (await owner.ReceiveAsync(tenant, Intake("Objection"))).Id();

        var unknown = await (await owner.PatchAsJsonAsync(Request(tenant, id), new { assigneeUserId = "nobody-here" }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(unknown.FieldErrors("assigneeUserId"));
        var assigned = await (await owner.PatchAsJsonAsync(Request(tenant, id), new { assigneeUserId = dpoUser }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(dpoUser, assigned.Prop("assigneeUserId"));
        var unassigned = await (await owner.PatchAsJsonAsync(Request(tenant, id), new { assigneeUserId = "" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.False(unassigned.TryGetProperty("assigneeUserId", out _));
        Assert.Equal(["Assigned", "Unassigned"], unassigned.Actions()[^2..]);
        await (await owner.PatchAsJsonAsync(Request(tenant, "pr-missing"), new { assigneeUserId = dpoUser }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Listing_FiltersByStatusTypeDueDateAndOverdue_AndPages()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var overdue = (await owner.ReceiveAsync(tenant, Intake("Access", DateTimeOffset.UtcNow.AddDays(-45)))).Id();
        var fresh = (await owner.ReceiveAsync(tenant, Intake("Know"))).Id();
        var optOut = (await owner.ReceiveAsync(tenant, Intake("OptOut"))).Id();

        Assert.Equal([overdue], await IdsAsync(owner, tenant, "overdue=true"));
        Assert.Equal([optOut], await IdsAsync(owner, tenant, "status=Received"));
        Assert.Equal([fresh], await IdsAsync(owner, tenant, "type=Know"));
        var in40Days = BerlinDay(DateTimeOffset.UtcNow).AddDays(40);
        Assert.Equal(new[] { overdue, optOut }.Order(), (await IdsAsync(owner, tenant, $"dueBefore={in40Days:yyyy-MM-dd}")).Order());
        var overdueItem = (await (await owner.GetAsync($"{Requests(tenant)}?overdue=true", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items")[0];
        Assert.True(overdueItem.GetProperty("deadlines").GetProperty("overdue").GetBoolean());
        Assert.True(overdueItem.GetProperty("deadlines").GetProperty("daysLeft").GetInt32() < 0);

        var first = await (await owner.GetAsync($"{Requests(tenant)}?pageSize=2", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var token = Uri.EscapeDataString(first.Prop("continuationToken"));
        var second = await (await owner.GetAsync($"{Requests(tenant)}?pageSize=2&continuationToken={token}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var paged = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(item => item.Id());
        Assert.Equal(new[] { overdue, fresh, optOut }.Order(), paged.Order());
        await (await owner.GetAsync($"{Requests(tenant)}?pageSize=2&status=Received&continuationToken={token}", Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        var badStatus = await (await owner.GetAsync($"{Requests(tenant)}?status=Open", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(badStatus.FieldErrors("status"));
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string tenant, string query)
    {
        var page = await (await client.GetAsync($"{Requests(tenant)}?{query}", Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.Id())];
    }
}
