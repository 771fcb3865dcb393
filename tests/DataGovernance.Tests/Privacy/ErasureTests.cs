using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Erasing a data subject on request, end to end through the API: plan, approval, erasure, ledger, certificate.</summary>
public sealed class ErasureTests(HubFixture hub)
{
    private static readonly string[] OwnerRole = ["Owner"];

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private IServiceProvider Services => hub.App.Services;

    [Fact]
    public async Task VerifiedErasureRequest_Approved_PseudonymisesTheSubject_LedgersIt_Certifies_AndSurvivesARestore()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await owner.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        var started = await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");

        Assert.Equal(requestId, started.Prop("requestId"));
        Assert.Equal("InProgress", (await dpo.GetRequestAsync(tenant, requestId)).Prop("status"));
        Assert.Equal((3, 0), (plan.GetProperty("planned").GetInt32(), plan.GetProperty("held").GetInt32()));
        var own = plan.Item("people", records.Person);
        Assert.True(own.GetProperty("ownRecord").GetBoolean());
        Assert.Equal(["customFields.badge", "dateOfBirth", "email", "fullName", "homeAddress", "phone"],
            own.GetProperty("fields").EnumerateArray().Select(field => field.Prop("field")).Order(StringComparer.Ordinal));
        Assert.Equal("Redacted", plan.Item("risks", records.Risk).GetProperty("fields").EnumerateArray().Single(f => f.Prop("field") == "description").Prop("action"));
        Assert.DoesNotContain(SubjectEmail, plan.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SubjectEmail, (await owner.RecordDataAsync(tenant, "people", records.Person)).Prop("email"));

        await dpo.ApproveErasureAsync(tenant, requestId);
        var done = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        var pseudonym = done.Prop("pseudonym");
        Assert.Equal(Services.GetRequiredService<Pseudonyms>().For(tenant, new SubjectIdentifiers(" Jane.Doe@Example.org", null, null, "J. Doe")), pseudonym);
        var person = await owner.RecordDataAsync(tenant, "people", records.Person);
        Assert.Equal((pseudonym, $"{pseudonym}@erased.invalid", "Finance", "Controller"),
            (person.Prop("fullName"), person.Prop("email"), person.Prop("department"), person.Prop("jobTitle")));
        foreach (var removed in new[] { "phone", "dateOfBirth", "homeAddress", "customFields" })
        {
            Assert.False(person.TryGetProperty(removed, out var value) && !(value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any()),
                $"{removed} should be gone: {person}");
        }
        Assert.Equal(pseudonym, (await owner.RecordDataAsync(tenant, "controls", records.Control)).Prop("owner"));
        var description = (await owner.RecordDataAsync(tenant, "risks", records.Risk)).Prop("description");
        Assert.Equal($"Raised by {pseudonym} after the Q3 audit; call {pseudonym}.", description);
        Assert.Equal("ada@example.com", (await owner.RecordDataAsync(tenant, "people", records.Other)).Prop("email"));

        var ledger = Services.GetRequiredService<ErasureLedgerStore>();
        foreach (var (collection, id) in new[] { ("people", records.Person), ("controls", records.Control), ("risks", records.Risk) })
        {
            var entry = await ledger.GetAsync(tenant, collection, id, requestId, Ct);
            var replica = await ledger.GetFromSecondaryAsync(tenant, collection, id, requestId, Ct);
            Assert.NotNull(entry);
            Assert.NotNull(replica);
            Assert.Equal(JsonSerializer.Serialize(entry.Fields), JsonSerializer.Serialize(replica.Fields));
        }
        Assert.All(done.GetProperty("items").EnumerateArray(), item => Assert.Equal(("Erased", true), (item.Prop("state"), item.GetProperty("secondaryLedgerWritten").GetBoolean())));

        var request = await dpo.GetRequestAsync(tenant, requestId);
        Assert.Equal("Completed", request.Prop("status"));
        Assert.Equal(["Received", "VerificationCodeSent", "Verified", "ErasureStarted", "ErasurePlanned", "ErasureApproved", "Completed"], request.Actions());
        Assert.Single(await dpo.TenantAuditAsync(tenant, Ct, "action=PrivacyRequestErasureApproved"));

        var (certificate, signature) = await DownloadCertificateAsync(done);
        Assert.True(EvidenceSigner.Verify(Encoding.UTF8.GetBytes(certificate), signature));
        var certified = JsonDocument.Parse(certificate).RootElement;
        Assert.Equal((requestId, pseudonym, "user:user-dataprotectionofficer", 3), (certified.Prop("requestId"), certified.Prop("pseudonym"),
            certified.Prop("approvedBy"), certified.GetProperty("erased").GetArrayLength()));
        Assert.DoesNotContain(SubjectEmail, certificate, StringComparison.OrdinalIgnoreCase);
        using var anonymous = hub.Anonymous();
        var text = await (await anonymous.GetAsync(done.GetProperty("links").Prop("text"), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("CERTIFICATE OF ERASURE", text, StringComparison.Ordinal);
        Assert.Contains($"people/{records.Person}: erased", text, StringComparison.Ordinal);

        await hub.RestoreApprovedAsync(tenant, new { scope = "tenant", restorePointId, reason = "Roll back to before the erasure." });
        var restored = await owner.RecordDataAsync(tenant, "people", records.Person);
        Assert.Equal(($"{pseudonym}@erased.invalid", false), (restored.Prop("email"), restored.TryGetProperty("phone", out _)));
        Assert.DoesNotContain(SubjectEmail, (await owner.RecordDataAsync(tenant, "risks", records.Risk)).Prop("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordUnderLegalHold_IsLeftAsItIs_WithTheHoldsReason_InThePlanAndTheCertificate()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        var hold = (await dpo.PlaceHoldAsync(tenant, RetentionApi.RecordHold("risks", records.Risk, "Evidence in the payroll fraud case"))).Id();
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        var held = plan.Item("risks", records.Risk);
        Assert.Equal(("Held", hold, "Evidence in the payroll fraud case"), (held.Prop("state"), held.GetProperty("hold").Prop("holdId"), held.GetProperty("hold").Prop("reason")));
        Assert.Equal((2, 1), (plan.GetProperty("planned").GetInt32(), plan.GetProperty("held").GetInt32()));

        await dpo.ApproveErasureAsync(tenant, requestId);
        var done = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        Assert.Contains(SubjectEmail, (await dpo.RecordDataAsync(tenant, "risks", records.Risk)).Prop("description"), StringComparison.Ordinal);
        Assert.Null(await Services.GetRequiredService<ErasureLedgerStore>().GetAsync(tenant, "risks", records.Risk, requestId, Ct));
        var certificate = JsonDocument.Parse((await DownloadCertificateAsync(done)).Certificate).RootElement;
        var certifiedHold = Assert.Single(certificate.GetProperty("held").EnumerateArray());
        Assert.Equal((records.Risk, "Evidence in the payroll fraud case"), (certifiedHold.Prop("recordId"), certifiedHold.Prop("reason")));
        Assert.Contains("Evidence in the payroll fraud case", (await dpo.GetRequestAsync(tenant, requestId)).Prop("resolution"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_Plan_ErasesNothing_AStartedErasureIsNotStartedTwice_AndTheStarter_CannotApprove_WhenAnotherApproverExists()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var admin = hub.TenantClient(tenant, Role.Admin);
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        await dpo.DiscoveredAsync(tenant, records);
        using (var boss = hub.WithBearer(HubFixture.DevToken(tenant, "boss", Role.Owner)))
        {
            // The team has a second approver besides the data protection officer who starts the erasure.
            await (await boss.PutJsonAsync($"/api/tenants/{tenant}/team/role-assignments/user-owner", new { roles = OwnerRole }, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        }
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        var again = await dpo.StartErasureAsync(tenant, requestId);
        Assert.Equal(("AwaitingApproval", 1), (again.Prop("status"), again.GetProperty("attempts").GetInt32()));
        await (await dpo.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "approver-is-starter");
        await (await admin.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        var tooLong = await (await owner.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { comment = new string('x', 1001) }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(tooLong.FieldErrors("comment"));
        await owner.ApproveErasureAsync(tenant, requestId, approve: false);
        var rejected = await dpo.ErasureInStatusAsync(tenant, requestId, "Rejected");

        Assert.Equal("user:user-owner", rejected.Prop("approvedBy"));
        Assert.All(rejected.GetProperty("items").EnumerateArray(), item => Assert.Equal("Pending", item.Prop("state")));
        Assert.Equal(SubjectEmail, (await dpo.RecordDataAsync(tenant, "people", records.Person)).Prop("email"));
        Assert.Null(await Services.GetRequiredService<ErasureLedgerStore>().GetAsync(tenant, "people", records.Person, requestId, Ct));
        await (await owner.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "erasure-not-awaiting-approval");
        Assert.Contains("ErasureRejected", (await dpo.GetRequestAsync(tenant, requestId)).Actions());
    }

    [Fact]
    public async Task StartAndApproval_NeedAStepUp()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        using var withoutMfa = hub.WithBearer(HubFixture.DevTokenWithoutMfa(tenant, "user-dataprotectionofficer", Role.DataProtectionOfficer));

        await (await withoutMfa.PostAsJsonAsync(Erasure(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await withoutMfa.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");

        Assert.Equal("Verified", (await dpo.GetRequestAsync(tenant, requestId)).Prop("status"));
        await (await dpo.GetAsync(Erasure(tenant, requestId), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Start_RefusesOtherRequestTypes_UnverifiedRequests_AndUnknownIds_AndAnotherTenant()
    {
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var intruder = hub.TenantClient(other, Role.Owner);
        var access = (await hub.VerifiedRequestAsync(dpo, tenant, "Access")).Id();
        var unverified = (await dpo.ReceiveAsync(tenant, Intake("Delete"))).Id();
        var erasure = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await (await dpo.PostAsJsonAsync(Erasure(tenant, access), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "not-an-erasure-request");
        await (await dpo.PostAsJsonAsync(Erasure(tenant, unverified), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "privacy-request-not-verified");
        await (await dpo.PostAsJsonAsync(Erasure(tenant, "pr-20260101-000000-abcdef"), new { }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.PostAsJsonAsync($"{Erasure(tenant, erasure)}/approval", new { }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await dpo.PostAsJsonAsync(Package(tenant, erasure), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "not-an-access-request");
        foreach (var response in new[]
        {
            await intruder.PostAsJsonAsync(Erasure(tenant, erasure), new { }, Ct), await intruder.GetAsync(Erasure(tenant, erasure), Ct),
            await intruder.PostAsJsonAsync($"{Erasure(tenant, erasure)}/approval", new { }, Ct),
            await intruder.PostAsJsonAsync(Package(tenant, access), new { }, Ct), await intruder.GetAsync(Package(tenant, access), Ct),
        })
        {
            await response.ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        Assert.Equal("Verified", (await dpo.GetRequestAsync(tenant, erasure)).Prop("status"));
    }

    private async Task<(string Certificate, EvidenceSignature Signature)> DownloadCertificateAsync(JsonElement erasure)
    {
        using var anonymous = hub.Anonymous();
        var signed = await (await anonymous.GetAsync(erasure.GetProperty("links").Prop("signedJson"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var signature = signed.GetProperty("signature").Deserialize<EvidenceSignature>(WebJson)!;
        return (signed.Prop("certificate"), signature);
    }
}
