using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Classification;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;
using static DataGovernance.Tests.Privacy.RetentionApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › legal holds: on records and on data subjects, released but kept, pseudonymous, and what erasure and retention ask of them.</summary>
public sealed class LegalHoldTests(HubFixture hub)
{
    private LegalHoldService Holds => hub.App.Services.GetRequiredService<LegalHoldService>();

    [Fact]
    public async Task RecordHold_IsPlacedListedAndRead_AndReleaseKeepsIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreatePersonAsync(tenant, "erika@contoso.example");

        var response = await dpo.PostAsJsonAsync(Holds(tenant), RecordHold("people", person), Ct);
        var placed = await response.ExpectAsync(HttpStatusCode.Created);
        var id = placed.Id();
        Assert.Equal($"{Holds(tenant)}/{id}", response.Headers.Location?.ToString());
        Assert.Equal(("Record", "Active", "people", person), (placed.Prop("scope"), placed.Prop("status"),
            placed.GetProperty("record").Prop("collection"), placed.GetProperty("record").Prop("recordId")));
        Assert.Equal(("Evidence in the Smith v. Contoso claim", "CASE-2026-041", "user:user-dataprotectionofficer"),
            (placed.Prop("reason"), placed.Prop("matter"), placed.Prop("placedBy")));

        var active = await (await dpo.GetAsync($"{Holds(tenant)}?status=Active", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([id], active.GetProperty("items").EnumerateArray().Select(item => item.Id()));
        var released = await (await dpo.SendJsonAsync(HttpMethod.Post, $"{Holds(tenant)}/{id}/release", new { note = "Claim settled" }, "\"1\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(("Released", "Claim settled", "user:user-dataprotectionofficer"), (released.Prop("status"), released.Prop("releaseNote"), released.Prop("releasedBy")));
        Assert.True(released.TryGetProperty("releasedAt", out _));
        var read = await (await dpo.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Released", placed.Prop("placedAt")), (read.Prop("status"), read.Prop("placedAt")));
        Assert.Empty((await (await dpo.GetAsync($"{Holds(tenant)}?status=Active", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Single((await (await dpo.GetAsync($"{Holds(tenant)}?status=Released", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await (await dpo.PostAsJsonAsync($"{Holds(tenant)}/{id}/release", new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "legal-hold-released");
    }

    [Fact]
    public async Task Release_WithAStaleETag_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.PlaceHoldAsync(tenant, SubjectHold(new { email = "a@contoso.example" }))).Id();

        await (await owner.SendJsonAsync(HttpMethod.Post, $"{Holds(tenant)}/{id}/release", new { }, "\"4\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        Assert.Equal("Active", (await (await owner.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).Prop("status"));
    }

    [Fact]
    public async Task SubjectHold_KeepsOnlyPseudonyms_NeverTheIdentifiers()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        var placed = await dpo.PlaceHoldAsync(tenant, SubjectHold(new { email = "Max.Muster@Contoso.example", phone = "+49 30 1234567", nationalIds = (string[])["123-45-6789"] }));

        Assert.Equal("Subject", placed.Prop("scope"));
        var kinds = placed.GetProperty("subject").EnumerateArray().Select(key => key.Prop("kind")).ToArray();
        Assert.Equal(["email", "phone", "nationalId"], kinds);
        var row = (await hub.PrimaryTable(StorageNames.LegalHoldsTable).GetEntityAsync<TableEntity>(tenant, placed.Id(), cancellationToken: Ct)).Value;
        var stored = string.Join("|", row.Select(pair => pair.Value?.ToString()));
        foreach (var raw in new[] { "Max.Muster", "max.muster", "1234567", "123-45-6789", "123456789" })
        {
            Assert.DoesNotContain(raw, stored, StringComparison.OrdinalIgnoreCase);
        }
        var keys = hub.App.Services.GetRequiredService<SubjectKeys>();
        Assert.Equal(keys.For(tenant, SubjectIdentifierKind.Email, "max.muster@contoso.example"), placed.GetProperty("subject")[0].Prop("key"));
        Assert.Equal(keys.For(tenant, SubjectIdentifierKind.Phone, "+49301234567"), placed.GetProperty("subject")[1].Prop("key"));
    }

    [Fact]
    public async Task FindHeld_ReturnsRecordsHeldByTheirOwnHoldOrTheSubjectsHold_WithTheReason()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var (held, free, other) = (await dpo.CreatePersonAsync(tenant, "a@contoso.example"), await dpo.CreatePersonAsync(tenant, "b@contoso.example"),
            await dpo.CreatePersonAsync(tenant, "c@contoso.example"));
        var recordHold = (await dpo.PlaceHoldAsync(tenant, RecordHold("people", held))).Id();
        var subjectHold = (await dpo.PlaceHoldAsync(tenant, SubjectHold(new { phone = "+49 30 1234567", nationalIds = (string[])["AB 12 34 56 C"] }))).Id();
        RecordReference[] records = [new("people", held), new("people", free), new("people", other)];

        var withoutSubject = await Holds.FindHeldAsync(tenant, records, null, Ct);
        Assert.Equal([new HeldRecord(new("people", held), recordHold, "Evidence in the Smith v. Contoso claim")], withoutSubject);

        foreach (var subject in new SubjectIdentifiers[]
        {
            new(null, "+49 (30) 123-4567", null, null), // another spelling of the same number
            new("nobody@contoso.example", null, ["ab123456c"], null), // national id without spaces, lower case
        })
        {
            var found = await Holds.FindHeldAsync(tenant, records, subject, Ct);
            Assert.Equal([(held, recordHold), (free, subjectHold), (other, subjectHold)], found.Select(h => (h.Record.RecordId, h.HoldId)));
            Assert.Equal("Pending employment tribunal", found[1].Reason);
        }
        Assert.Single(await Holds.FindHeldAsync(tenant, records, new SubjectIdentifiers("a@contoso.example", "+49 30 7654321", ["XY999999"], "Pending"), Ct));
    }

    [Fact]
    public async Task FindHeld_IgnoresReleasedHolds_AndHoldsOfAnotherTenant()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var otherDpo = hub.TenantClient(other, Role.DataProtectionOfficer);
        var person = await dpo.CreatePersonAsync(tenant, "a@contoso.example");
        await otherDpo.PlaceHoldAsync(other, SubjectHold(new { email = "a@contoso.example" }));
        var released = (await dpo.PlaceHoldAsync(tenant, SubjectHold(new { email = "A@contoso.example " }))).Id();
        await (await dpo.PostAsJsonAsync($"{Holds(tenant)}/{released}/release", new { }, Ct)).ExpectAsync(HttpStatusCode.OK);

        var found = await Holds.FindHeldAsync(tenant, [new RecordReference("people", person)], new SubjectIdentifiers("a@contoso.example", null, null, null), Ct);

        Assert.Empty(found);
    }

    [Fact]
    public async Task BadHolds_AreRefusedWithFieldErrors()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await dpo.CreatePersonAsync(tenant, "a@contoso.example");

        async Task<string[]> ErrorsAsync(object body, string field) =>
            (await (await dpo.PostAsJsonAsync(Holds(tenant), body, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed")).FieldErrors(field);

        Assert.NotEmpty(await ErrorsAsync(new { reason = "x", matter = "y" }, "subject"));
        Assert.NotEmpty(await ErrorsAsync(new { collection = "people", recordId = person, subject = new { email = "a@b.example" }, reason = "x", matter = "y" }, "subject"));
        Assert.NotEmpty(await ErrorsAsync(RecordHold("customers", person), "collection"));
        Assert.NotEmpty(await ErrorsAsync(RecordHold("people", "0123456789abcdef"), "recordId"));
        Assert.NotEmpty(await ErrorsAsync(new { collection = "people", recordId = person, matter = "y" }, "reason"));
        Assert.NotEmpty(await ErrorsAsync(new { collection = "people", recordId = person, reason = "x" }, "matter"));
        Assert.NotEmpty(await ErrorsAsync(SubjectHold(new { email = "not-an-address" }), "subject.email"));
        Assert.NotEmpty(await ErrorsAsync(SubjectHold(new { phone = "12" }), "subject.phone"));
        Assert.NotEmpty(await ErrorsAsync(SubjectHold(new { nationalIds = (string[])["1"] }), "subject.nationalIds[0]"));
        Assert.NotEmpty(await ErrorsAsync(SubjectHold(new { }), "subject"));
        Assert.Empty((await (await dpo.GetAsync(Holds(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PlacingAndReleasing_NeedARecentSecondFactor_AndPrivacyManage()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.PlaceHoldAsync(tenant, SubjectHold(new { email = "a@contoso.example" }))).Id();
        using var withoutMfa = hub.WithBearer(HubFixture.DevTokenWithoutMfa(tenant, "dpo-1", Role.DataProtectionOfficer));
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await withoutMfa.PostAsJsonAsync(Holds(tenant), SubjectHold(new { email = "b@contoso.example" }), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await withoutMfa.PostAsJsonAsync($"{Holds(tenant)}/{id}/release", new { }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await auditor.PostAsJsonAsync($"{Holds(tenant)}/{id}/release", new { }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await auditor.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await withoutMfa.GetAsync(Holds(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Active", (await (await owner.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).Prop("status"));
    }

    [Fact]
    public async Task AnotherTenantsOwner_Gets404_OnEveryLegalHoldRoute()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreatePersonAsync(tenant, "a@contoso.example");
        var id = (await owner.PlaceHoldAsync(tenant, RecordHold("people", person))).Id();
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.GetAsync(Holds(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsJsonAsync(Holds(tenant), RecordHold("people", person), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsJsonAsync($"{Holds(tenant)}/{id}/release", new { }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{Holds(other)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("Active", (await (await owner.GetAsync($"{Holds(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).Prop("status"));
    }
}
