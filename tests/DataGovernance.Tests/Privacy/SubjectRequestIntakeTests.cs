using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

public sealed class SubjectRequestIntakeTests(HubFixture hub)
{
    [Fact]
    public async Task GdprRequest_WithAnEmailAddress_AwaitsVerification_AndIsDueOneMonthAfterReceipt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-3);

        var created = await dpo.ReceiveAsync(tenant, Intake("Erasure", receivedAt));

        Assert.Equal(("Erasure", "Gdpr", "AwaitingVerification"), (created.Prop("type"), created.Prop("law"), created.Prop("status")));
        Assert.Equal("jane.doe@example.org", created.GetProperty("requester").Prop("email"));
        var deadlines = created.GetProperty("deadlines");
        var receivedOn = BerlinDay(receivedAt);
        Assert.Equal(("Europe/Berlin", receivedOn, receivedOn.AddMonths(1)), (deadlines.Prop("timeZone"), deadlines.Date("receivedOn"), deadlines.Date("dueAt")));
        Assert.Equal(receivedOn.AddMonths(1), deadlines.Date("extendableUntil"));
        Assert.Equal(receivedOn.AddMonths(1).DayNumber - BerlinDay(DateTimeOffset.UtcNow).DayNumber, deadlines.GetProperty("daysLeft").GetInt32());
        Assert.False(deadlines.TryGetProperty("acknowledgeBy", out _));
        Assert.Equal(["Received", "VerificationCodeSent"], created.Actions());
        Assert.DoesNotContain("codeHash", created.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9]{8}$", await hub.SentCodeAsync(tenant, created.Id()));

        var read = await dpo.GetRequestAsync(tenant, created.Id());
        Assert.Equal(created.GetProperty("deadlines").GetRawText(), read.GetProperty("deadlines").GetRawText());
    }

    [Fact]
    public async Task CcpaRequests_HaveAnAcknowledgementDeadline_And45Days_OptOutsFifteenBusinessDaysWithoutVerification()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-1);
        var receivedOn = BerlinDay(receivedAt);

        var know = (await owner.ReceiveAsync(tenant, Intake("Know", receivedAt))).GetProperty("deadlines");
        var optOut = await owner.ReceiveAsync(tenant, Intake("OptOut", receivedAt));

        Assert.Equal((receivedOn.AddDays(45), BusinessDaysAfter(receivedOn, 10)), (know.Date("dueAt"), know.Date("acknowledgeBy")));
        Assert.Equal(("Ccpa", "Received"), (optOut.Prop("law"), optOut.Prop("status")));
        Assert.Equal(BusinessDaysAfter(receivedOn, 15), optOut.GetProperty("deadlines").Date("dueAt"));
        Assert.False(optOut.GetProperty("deadlines").TryGetProperty("extendableUntil", out _));
    }

    [Fact]
    public async Task Intake_WithInvalidFields_Answers422WithEveryFieldError_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var problem = await (await owner.PostAsJsonAsync(Requests(tenant), new
        {
            type = "Forget",
            requester = new { name = "", email = "not an address", phone = "call me", relationship = "Friend" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(1),
        }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "type", "requester.name", "requester.email", "requester.phone", "requester.relationship", "receivedAt" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }

        var noContact = await (await owner.PostAsJsonAsync(Requests(tenant), Intake("Access", email: null), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(noContact.FieldErrors("requester"));
        var tooOld = await (await owner.PostAsJsonAsync(Requests(tenant), Intake("Access", DateTimeOffset.UtcNow.AddYears(-2)), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(tooOld.FieldErrors("receivedAt"));
        await (await owner.PostAsJsonAsync(Requests(tenant), new { type = "Access", unknown = 1 }, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");

        var listed = await (await owner.GetAsync(Requests(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PhoneOnlyRequest_StaysReceived_UntilVerifiedManually()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var created = await owner.ReceiveAsync(tenant, Intake("Access", email: null, phone: "+49 30 1234567"));

        Assert.Equal("Received", created.Prop("status"));
        await (await owner.StepAsync(tenant, created.Id(), "verification-code", new { })).ExpectAsync(HttpStatusCode.Conflict, "no-email-address");
    }

    [Fact]
    public async Task AnotherTenantsCredentials_Get404_AndRolesWithoutPermission_Get403()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.ReceiveAsync(tenant, Intake("Access"))).Id();
        using var intruder = hub.TenantClient(other, Role.Owner);
        using var member = hub.TenantClient(tenant, Role.Member);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var complianceManager = hub.TenantClient(tenant, Role.ComplianceManager);

        await (await intruder.GetAsync(Request(tenant, id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(Requests(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.StepAsync(tenant, id, "status", new { status = "Withdrawn" })).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(Request(other, id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await member.GetAsync(Requests(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await auditor.GetAsync(Request(tenant, id), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await complianceManager.GetAsync(Requests(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PostAsJsonAsync(Requests(tenant), Intake("Access"), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await complianceManager.StepAsync(tenant, id, "status", new { status = "Withdrawn" })).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal("AwaitingVerification", (await owner.GetRequestAsync(tenant, id)).Prop("status"));
    }

    private static DateOnly BusinessDaysAfter(DateOnly from, int count)
    {
        var day = from;
        while (count > 0)
        {
            day = day.AddDays(1);
            count -= day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }
        return day;
    }
}
