using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>
/// Records of other people that name the subject, and records that changed or would not fit after redaction: only the
/// subject's part of them is erased or disclosed.
/// </summary>
public sealed class ErasureColleagueTests(HubFixture hub)
{
    /// <summary>A colleague's people record that names the subject as their manager in a custom field.</summary>
    private static object Colleague => new
    {
        fullName = "Bob Smith", email = "bob.smith@example.com", phone = "+33 1 42 68 53 00", jobTitle = "Analyst", status = "active",
        customFields = new { manager = SubjectEmail, desk = "4F-12" },
    };

    [Fact]
    public async Task ColleagueNamingTheSubject_InACustomField_LosesOnlyThatField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await dpo.CreateSubjectRecordsAsync(tenant);
        var colleague = await dpo.CreateAsync(tenant, "people", Colleague);
        await dpo.DiscoverWhenAsync(tenant, new { email = SubjectEmail }, matches => matches.HasRecord("people", records.Person) && matches.HasRecord("people", colleague)
            && matches.HasRecord("controls", records.Control), "the subject's and the colleague's records discovered");
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        var plan = await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        var planned = plan.Item("people", colleague);
        Assert.False(planned.GetProperty("ownRecord").GetBoolean());
        Assert.Equal(["customFields.manager"], planned.GetProperty("fields").EnumerateArray().Select(field => field.Prop("field")));
        Assert.True(plan.Item("people", records.Person).GetProperty("ownRecord").GetBoolean());

        await dpo.ApproveErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        var after = await dpo.RecordDataAsync(tenant, "people", colleague);
        Assert.Equal(("Bob Smith", "bob.smith@example.com", "+33 1 42 68 53 00", "Analyst"),
            (after.Prop("fullName"), after.Prop("email"), after.Prop("phone"), after.Prop("jobTitle")));
        Assert.Equal(["desk"], after.GetProperty("customFields").EnumerateObject().Select(field => field.Name));
    }

    [Fact]
    public async Task AccessPackage_DisclosesOfAColleaguesRecord_OnlyTheFieldNamingTheSubject()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreateAsync(tenant, "people", SubjectPerson);
        var colleague = await dpo.CreateAsync(tenant, "people", Colleague);
        await dpo.DiscoverWhenAsync(tenant, new { email = SubjectEmail }, matches => matches.HasRecord("people", person) && matches.HasRecord("people", colleague),
            "the subject's and the colleague's records discovered");
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Access")).Id();

        var built = await (await dpo.PostAsJsonAsync(Package(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Created);
        using var anonymous = hub.Anonymous();
        using var zip = new ZipArchive(new MemoryStream(await (await anonymous.GetAsync(built.Prop("downloadUrl"), Ct)).Content.ReadAsByteArrayAsync(Ct)));
        using var data = await JsonDocument.ParseAsync(zip.GetEntry("data.json")!.Open(), cancellationToken: Ct);

        var people = data.RootElement.GetProperty("collections").GetProperty("people").EnumerateArray().ToList();
        var disclosed = people.Single(record => record.Prop("id") == colleague).GetProperty("fields");
        Assert.Equal(["customFields"], disclosed.EnumerateObject().Select(field => field.Name));
        Assert.Equal([("manager", SubjectEmail)], disclosed.GetProperty("customFields").EnumerateObject().Select(field => (field.Name, field.Value.GetString())));
        Assert.Equal("Jane Doe", people.Single(record => record.Prop("id") == person).GetProperty("fields").Prop("fullName"));
        Assert.DoesNotContain("bob.smith@example.com", data.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FieldGoneBeforeApproval_LeavesNoLedgerEntry_AndARedactionTooLongForItsField_RemovesTheField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var control = await dpo.CreateAsync(tenant, "controls", new { code = "AC-7", title = "Access reviews", status = "implemented", owner = SubjectEmail });
        // 100 characters, the most a department may hold: with the pseudonym (27 characters) in place of the e-mail (20) it would not fit.
        var department = $"Shared services, deputy: {SubjectEmail}, ".PadRight(100, 'x');
        var deputy = await dpo.CreateAsync(tenant, "people", new { fullName = "Carl Jung", email = "carl.jung@example.com", department, status = "active" });
        await dpo.DiscoverWhenAsync(tenant, new { email = SubjectEmail }, matches => matches.HasRecord("controls", control) && matches.HasRecord("people", deputy),
            "the control and the deputy discovered");
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        await dpo.ReplaceAsync(tenant, "controls", control, new { code = "AC-7", title = "Access reviews", status = "implemented" });

        await dpo.ApproveErasureAsync(tenant, requestId);
        var done = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        var ledger = hub.App.Services.GetRequiredService<ErasureLedgerStore>();
        Assert.Null(await ledger.GetAsync(tenant, "controls", control, requestId, Ct));
        Assert.Equal("Access reviews", (await dpo.RecordDataAsync(tenant, "controls", control)).Prop("title"));
        Assert.Equal("Erased", done.Item("controls", control).Prop("state"));
        var after = await dpo.RecordDataAsync(tenant, "people", deputy);
        Assert.Equal(("Carl Jung", false), (after.Prop("fullName"), after.TryGetProperty("department", out _)));
        var entry = await ledger.GetAsync(tenant, "people", deputy, requestId, Ct);
        Assert.NotNull(entry);
        Assert.Equal(["department"], entry.Fields.Keys);
        Assert.Null(entry.Fields["department"]);
        using var anonymous = hub.Anonymous();
        var signed = await (await anonymous.GetAsync(done.GetProperty("links").Prop("signedJson"), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, JsonDocument.Parse(signed.Prop("certificate")).RootElement.GetProperty("ledgerEntries").GetInt32());
    }
}
