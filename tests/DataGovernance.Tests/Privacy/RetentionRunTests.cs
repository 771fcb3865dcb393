using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;
using static DataGovernance.Tests.Privacy.RetentionApi;
using Record = DataGovernance.Records.Record;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › retention runs: dry runs change nothing, held records survive with their reason, delete vs anonymise, categories, signed certificates.</summary>
public sealed class RetentionRunTests(HubFixture hub)
{
    [Fact]
    public async Task DryRun_ReportsWhatIsDueAndWhatIsHeldAndWhy_AndChangesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var staff = await SeedStaffAsync(dpo, tenant);
        await dpo.CreatePolicyAsync(tenant, FormerStaff);
        var before = await SnapshotAsync(dpo, tenant);

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: true));

        Assert.Equal(("Succeeded", true, "Manual"), (run.Prop("status"), run.GetProperty("dryRun").GetBoolean(), run.Prop("trigger")));
        Assert.Equal((13, 11, 2, 0), (run.Total("due"), run.Total("wouldDelete"), run.Total("held"), run.Total("deleted")));
        var items = await dpo.ItemsAsync(tenant, run.Id());
        Assert.Equal(staff.Old.Order(), items.Where(i => i.Prop("outcome") == "WouldDelete").Select(i => i.Prop("recordId")).Order());
        AssertHeld(items, staff);
        Assert.Equal(before, await SnapshotAsync(dpo, tenant));
        Assert.True((await Ledger.ForCollectionAsync(tenant, Collections.People, Ct)).IsEmpty);
        await (await dpo.GetAsync($"{Runs(tenant)}/{run.Id()}/certificate", Ct)).ExpectAsync(HttpStatusCode.Conflict, "dry-run-has-no-certificate");
    }

    [Fact]
    public async Task RealRun_DeletesDueRecords_KeepsHeldOnesWithTheirReason_AndIssuesAVerifiableCertificate()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var staff = await SeedStaffAsync(dpo, tenant);
        var policy = await dpo.CreatePolicyAsync(tenant, FormerStaff);
        var doomed = await (await dpo.GetAsync($"{People(tenant)}/{staff.Old[0]}", Ct)).ExpectAsync(HttpStatusCode.OK);

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));

        Assert.Equal(("Succeeded", 11, 2, true), (run.Prop("status"), run.Total("deleted"), run.Total("held"), run.GetProperty("hasCertificate").GetBoolean()));
        Assert.Equal(policy, run.GetProperty("policies")[0].Prop("policyId"));
        foreach (var id in staff.Old)
        {
            await (await dpo.GetAsync($"{People(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        foreach (var id in new[] { staff.HeldByRecord, staff.HeldBySubject, staff.Recent })
        {
            await (await dpo.GetAsync($"{People(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        }
        AssertHeld(await dpo.ItemsAsync(tenant, run.Id()), staff);

        // The deletions are in the change log, by the retention run, and in the erasure ledger a restore re-applies.
        var timeline = await (await dpo.GetAsync($"/api/tenants/{tenant}/timeline?collection=people&pageSize=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        var deletions = timeline.GetProperty("items").EnumerateArray().Where(e => e.Prop("operation") == "Delete").ToList();
        Assert.Equal(11, deletions.Count);
        Assert.All(deletions, entry => Assert.Equal("system:retention", entry.Prop("actor")));
        var erasures = await Ledger.ForCollectionAsync(tenant, Collections.People, Ct);
        Assert.Null(erasures.Apply(doomed.Deserialize<Record>(JsonSerializerOptions.Web)!));

        var certificate = await (await dpo.GetAsync($"{Runs(tenant)}/{run.Id()}/certificate", Ct)).ExpectAsync(HttpStatusCode.OK);
        var signature = certificate.GetProperty("signature").Deserialize<EvidenceSignature>(JsonSerializerOptions.Web)!;
        var signed = certificate.Prop("certificate");
        Assert.True(EvidenceSigner.Verify(Encoding.UTF8.GetBytes(signed), signature));
        Assert.False(EvidenceSigner.Verify(Encoding.UTF8.GetBytes(signed.Replace("\"deleted\": 11", "\"deleted\": 10", StringComparison.Ordinal)), signature));
        var document = JsonDocument.Parse(signed).RootElement;
        Assert.Equal((RetentionCertificates.Type, run.Id(), tenant, 11), (document.Prop("type"), document.Prop("id"), document.Prop("tenantId"), document.Total("deleted")));
        Assert.NotEmpty(document.GetProperty("itemFiles").EnumerateArray());
        Assert.Contains("CERTIFICATE OF DELETION", certificate.Prop("readable"), StringComparison.Ordinal);
        Assert.Contains("deleted 11", certificate.Prop("readable"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymise_RemovesThePersonalFields_KeepsTheRecord_AndOnlyOnceItsTimeHasCome()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreatePersonAsync(tenant, "erika@contoso.example", "2024-03-01", "+49 30 1234567", "AB123456C");
        var original = await (await dpo.GetAsync($"{People(tenant)}/{person}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await dpo.CreatePolicyAsync(tenant, new { name = "Leavers: anonymise after 30 days", collection = "people", eventField = "updatedAt", keepDays = 30, action = "Anonymise" });

        var now = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));
        Assert.Equal(0, now.Total("due"));

        // The same run, started by the hub's services on a clock 31 days ahead.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(31));
        var runs = ActivatorUtilities.CreateInstance<RetentionRunService>(hub.App.Services, (TimeProvider)clock);
        var operations = ActivatorUtilities.CreateInstance<RetentionRunOperations>(hub.App.Services, runs);
        var later = (await operations.StartAsync(tenant, new RetentionRunRequest(false), new Actor("user:dpo"), Ct)).Value!;
        var run = await dpo.WaitForRunAsync(tenant, later.Id);

        Assert.Equal((1, 1, 0), (run.Total("due"), run.Total("anonymised"), run.Total("deleted")));
        var anonymised = await (await dpo.GetAsync($"{People(tenant)}/{person}", Ct)).ExpectAsync(HttpStatusCode.OK);
        var data = anonymised.GetProperty("data");
        Assert.Equal(("Anonymised", $"anonymised-{person}@anonymised.invalid", "Finance", "former"),
            (data.Prop("fullName"), data.Prop("email"), data.Prop("department"), data.Prop("status")));
        foreach (var removed in new[] { "phone", "homeAddress", "nationalId" })
        {
            Assert.False(data.TryGetProperty(removed, out _), $"{removed} was kept");
        }
        Assert.Equal(2, anonymised.GetProperty("version").GetInt32());
        var restored = (await Ledger.ForCollectionAsync(tenant, Collections.People, Ct)).Apply(original.Deserialize<Record>(JsonSerializerOptions.Web)!)!;
        Assert.Equal(data.GetRawText(), restored.Data.GetRawText());

        var again = (await operations.StartAsync(tenant, new RetentionRunRequest(false), new Actor("user:dpo"), Ct)).Value!;
        Assert.Equal(0, (await dpo.WaitForRunAsync(tenant, again.Id)).Total("due"));
    }

    [Fact]
    public async Task CategoryPolicy_AnonymisesThatCategoryInEveryCollection_AndNothingElse()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreatePersonAsync(tenant, "max@contoso.example", phone: "+49 30 7654321");
        var vendor = (await (await dpo.PostAsJsonAsync($"/api/tenants/{tenant}/records/vendors",
            new { name = "Payroll Inc.", country = "US", status = "active", contactEmail = "jane@payroll.example" }, Ct)).ExpectAsync(HttpStatusCode.Created)).Id();
        var control = (await (await dpo.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "AC-1", title = "Access", status = "draft" }, Ct))
            .ExpectAsync(HttpStatusCode.Created)).Id();
        await dpo.CreatePolicyAsync(tenant, new { name = "Contact details", category = "ContactDetails", eventField = "createdAt", keepDays = 0, action = "Anonymise" });

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));

        Assert.Equal(2, run.Total("anonymised"));
        // A category covers every collection; the run continued as new after each, carrying what it had done.
        var instance = await hub.App.Services.GetRequiredService<DurableTaskClient>()
            .GetInstanceAsync(RetentionRunOperations.InstanceId(tenant, run.Id()), getInputsAndOutputs: true, Ct);
        Assert.Equal(Collections.All.Count - 1, instance!.ReadInputAs<RetentionRunInput>()!.Done.Count);
        var personData = (await (await dpo.GetAsync($"{People(tenant)}/{person}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(("Erika Mustermann", $"anonymised-{person}@anonymised.invalid"), (personData.Prop("fullName"), personData.Prop("email")));
        Assert.False(personData.TryGetProperty("phone", out _));
        var vendorData = (await (await dpo.GetAsync($"/api/tenants/{tenant}/records/vendors/{vendor}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("Payroll Inc.", vendorData.Prop("name"));
        Assert.False(vendorData.TryGetProperty("contactEmail", out _));
        Assert.Equal(1, (await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{control}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task CategoryPolicy_AlsoRemovesWhatClassificationFoundOutsideThePersonalFields()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var control = (await (await dpo.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new
        {
            code = "AC-2",
            title = "Quarterly access review",
            status = "operating",
            description = "Reviewer: write to jane.doe@contoso.example with the results.",
            customFields = new { escalation = "escalations@contoso.example", system = "SAP" },
        }, Ct)).ExpectAsync(HttpStatusCode.Created)).Id();
        await Eventually.TrueAsync(async () =>
        {
            var found = await dpo.GetAsync($"/api/tenants/{tenant}/classification/records/controls/{control}", Ct);
            return found.StatusCode == HttpStatusCode.OK && (await found.Content.ReadAsStringAsync(Ct)).Contains("ContactDetails", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "The control was not classified within 30 seconds.");
        await dpo.CreatePolicyAsync(tenant, new { name = "Contact details", category = "ContactDetails", eventField = "createdAt", keepDays = 0, action = "Anonymise" });

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));

        Assert.Equal(1, run.Total("anonymised"));
        var data = (await (await dpo.GetAsync($"/api/tenants/{tenant}/records/controls/{control}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.False(data.TryGetProperty("description", out _));
        Assert.Equal(("Quarterly access review", "SAP"), (data.Prop("title"), data.GetProperty("customFields").Prop("system")));
        Assert.False(data.GetProperty("customFields").TryGetProperty("escalation", out _));
    }

    private ErasureLedgerStore Ledger => hub.App.Services.GetRequiredService<ErasureLedgerStore>();

    private sealed record Staff(IReadOnlyList<string> Old, string HeldByRecord, string HeldBySubject, string Recent, string RecordHold, string SubjectHold);

    /// <summary>
    /// Eleven people whose year has passed, one held by a hold on the record, one by a hold on their (differently
    /// written) e-mail address, and one who started today; more than the test settings' batch size of ten.
    /// </summary>
    private static async Task<Staff> SeedStaffAsync(HttpClient dpo, string tenant)
    {
        var old = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            old.Add(await dpo.CreatePersonAsync(tenant, $"former-{i}@contoso.example", $"2019-0{1 + i % 9}-15"));
        }
        var heldByRecord = await dpo.CreatePersonAsync(tenant, "witness@contoso.example", "2018-05-01");
        var heldBySubject = await dpo.CreatePersonAsync(tenant, "Claimant@Contoso.example", "2018-06-01");
        var recent = await dpo.CreatePersonAsync(tenant, "new@contoso.example", DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var recordHold = (await dpo.PlaceHoldAsync(tenant, RecordHold("people", heldByRecord))).Id();
        var subjectHold = (await dpo.PlaceHoldAsync(tenant, SubjectHold(new { email = " claimant@contoso.EXAMPLE" }))).Id();
        return new Staff(old, heldByRecord, heldBySubject, recent, recordHold, subjectHold);
    }

    private static void AssertHeld(List<JsonElement> items, Staff staff)
    {
        var held = items.Where(i => i.Prop("outcome") == "Held").ToDictionary(i => i.Prop("recordId"), i => (i.Prop("holdId"), i.Prop("reason")));
        Assert.Equal(2, held.Count);
        Assert.Equal((staff.RecordHold, "Evidence in the Smith v. Contoso claim"), held[staff.HeldByRecord]);
        Assert.Equal((staff.SubjectHold, "Pending employment tribunal"), held[staff.HeldBySubject]);
        Assert.DoesNotContain(items, i => i.Prop("recordId") == staff.Recent);
    }

    /// <summary>Every person record with its version, and the length of the tenant's change log.</summary>
    private static async Task<string> SnapshotAsync(HttpClient client, string tenant)
    {
        var people = await (await client.GetAsync($"{People(tenant)}?pageSize=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        var timeline = await (await client.GetAsync($"/api/tenants/{tenant}/timeline?pageSize=100", Ct)).ExpectAsync(HttpStatusCode.OK);
        return string.Join(",", people.GetProperty("items").EnumerateArray().Select(p => $"{p.Id()}:{p.GetProperty("version").GetInt32()}").Order(StringComparer.Ordinal))
            + $"|{timeline.GetProperty("items").GetArrayLength()}";
    }
}
