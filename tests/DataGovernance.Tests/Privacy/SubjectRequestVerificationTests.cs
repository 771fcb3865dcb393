using System.Net;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

public sealed class SubjectRequestVerificationTests(HubFixture hub)
{
    [Fact]
    public async Task CodeFromTheOutbox_VerifiesTheRequester_AndIsAuditedWithoutPersonalData()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await dpo.ReceiveAsync(tenant, Intake("Access"))).Id();

        var verified = await (await dpo.StepAsync(tenant, id, "verify", new { code = await hub.SentCodeAsync(tenant, id) })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Verified", verified.Prop("status"));
        var verification = verified.GetProperty("verification");
        Assert.Equal(("Code", "user:user-dataprotectionofficer"), (verification.Prop("method"), verification.Prop("verifiedBy")));
        Assert.Equal(["Received", "VerificationCodeSent", "Verified"], verified.Actions());
        var audit = await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestVerified");
        var entry = Assert.Single(audit);
        Assert.Equal(($"/api/tenants/{tenant}/privacy/requests/{id}", "user:user-dataprotectionofficer"), (entry.Text("path"), entry.Text("actor")));
        var everything = string.Join("\n", (await dpo.TenantAuditAsync(tenant, Ct)).Select(e => e.GetRawText()));
        Assert.Contains("PrivacyRequestReceived", everything, StringComparison.Ordinal);
        Assert.Contains("PrivacyRequestVerificationCodeSent", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", everything, StringComparison.OrdinalIgnoreCase);
        await (await dpo.StepAsync(tenant, id, "verify", new { code = "12345678" })).ExpectAsync(HttpStatusCode.Conflict, "invalid-status-transition");
    }

    [Fact]
    public async Task WrongCodes_AreCounted_UntilTheAttemptLimit_ThenOnlyANewCodeHelps()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.ReceiveAsync(tenant, Intake("Portability"))).Id();
        var code = await hub.SentCodeAsync(tenant, id);
        var wrong = code == "00000000" ? "11111111" : "00000000";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await (await owner.StepAsync(tenant, id, "verify", new { code = wrong })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "invalid-verification-code");
        }
        await (await owner.StepAsync(tenant, id, "verify", new { code })).ExpectAsync(HttpStatusCode.Conflict, "verification-locked");
        var malformed = await (await owner.StepAsync(tenant, id, "verify", new { code = "12ab" })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(malformed.FieldErrors("code"));

        await (await owner.StepAsync(tenant, id, "verification-code", new { })).ExpectAsync(HttpStatusCode.OK);
        var newCode = await hub.SentCodeAsync(tenant, id);
        if (newCode != code)
        {
            await (await owner.StepAsync(tenant, id, "verify", new { code })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "invalid-verification-code");
        }
        var verified = await (await owner.StepAsync(tenant, id, "verify", new { code = newCode })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, verified.GetProperty("verification").GetProperty("codesSent").GetInt32());
    }

    [Fact]
    public async Task ExpiredCode_IsRefused_UntilANewOneIsSent()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.ReceiveAsync(tenant, Intake("Access"))).Id();
        // The same service on a clock the test moves: a code lives for Hub:PrivacyRequests:VerificationCodeLifetime (24 h).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var journal = ActivatorUtilities.CreateInstance<PrivacyRequestJournal>(hub.App.Services, (TimeProvider)clock);
        var verification = ActivatorUtilities.CreateInstance<PrivacyRequestVerification>(hub.App.Services, journal);
        var context = new WriteContext(new Actor("user:owner"), "test-expiry");
        Assert.True((await verification.SendCodeAsync(tenant, id, context, Ct)).Succeeded);
        var code = await hub.SentCodeAsync(tenant, id);

        clock.Advance(TimeSpan.FromHours(24));
        var expired = await verification.VerifyAsync(tenant, id, new VerificationInput(code, null), context, Ct);

        Assert.Equal("verification-code-expired", expired.Failure?.Code);
        Assert.True((await verification.SendCodeAsync(tenant, id, context, Ct)).Succeeded);
        Assert.True((await verification.VerifyAsync(tenant, id, new VerificationInput(await hub.SentCodeAsync(tenant, id), null), context, Ct)).Succeeded);
        Assert.Equal("Verified", (await owner.GetRequestAsync(tenant, id)).Prop("status"));
    }

    [Fact]
    public async Task ManualVerification_NeedsANote_AndRecordsIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = (await dpo.ReceiveAsync(tenant, Intake("Rectification", email: null, phone: "+49 30 1234567"))).Id();

        var neither = await (await dpo.StepAsync(tenant, id, "verify", new { })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(neither.FieldErrors("code"));
        await (await dpo.StepAsync(tenant, id, "verify", new { code = "12345678", note = "both" })).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        await (await dpo.StepAsync(tenant, id, "verify", new { code = "12345678" })).ExpectAsync(HttpStatusCode.Conflict, "no-verification-code");

        var verified = await (await dpo.StepAsync(tenant, id, "verify", new { note = "Called back on the number in our customer file; identity confirmed." }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("Verified", "Manual"), (verified.Prop("status"), verified.GetProperty("verification").Prop("method")));
        Assert.Equal("Called back on the number in our customer file; identity confirmed.", verified.GetProperty("verification").Prop("note"));
        Assert.Equal("Verified", verified.Actions()[^1]);
    }
}
