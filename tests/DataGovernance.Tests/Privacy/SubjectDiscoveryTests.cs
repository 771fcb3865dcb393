using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Classification;
using DataGovernance.Security;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static DataGovernance.Tests.Classification.DataClassificationApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Finding a data subject's records through the classification index, end to end through the API.</summary>
public sealed class SubjectDiscoveryTests(HubFixture hub)
{
    private static readonly string[] NinoWritten = ["ab-123456-c"];
    private static readonly string[] NinoCompact = ["AB123456C"];
    private static readonly string[] NotAnId = ["x"];
    private static readonly HttpStatusCode[] Refusals = [HttpStatusCode.NotFound, HttpStatusCode.Forbidden];

    [Fact]
    public async Task APersonCreatedThroughTheApi_IsFoundByEachIdentifier_InAnyWriting_WithExplainedMatches()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = await owner.CreateAsync(tenant, "people", Person());
        var other = await owner.CreateAsync(tenant, "people", Person("Ada Lovelace", "ada@example.com", "+49 30 901820", "QQ 12 34 56 C"));

        var byEmail = await dpo.DiscoverWhenAsync(tenant, new { email = "  zoe.mueller@EXAMPLE.com " }, matches => matches.HasRecord("people", id),
            "the new person found by e-mail");
        var match = Assert.Single(byEmail.EnumerateArray());
        var field = Assert.Single(match.GetProperty("fields").EnumerateArray());
        Assert.Equal("email", field.GetProperty("fieldPath").GetString());
        Assert.Equal(EntityTypes.Email, field.GetProperty("entity").GetString());
        Assert.Equal("email", field.GetProperty("identifier").GetString());
        Assert.InRange(field.GetProperty("confidence").GetDouble(), 0.9, 1.0);
        Assert.StartsWith($"people/{id} field email holds an Email equal to the subject's e-mail address (normalised)", field.GetProperty("explanation").GetString());

        var byPhone = await dpo.DiscoverAsync(tenant, new { phone = "+442079460958" });
        Assert.Equal("phone", Assert.Single(Assert.Single(byPhone.EnumerateArray()).GetProperty("fields").EnumerateArray()).GetProperty("fieldPath").GetString());
        var byId = await dpo.DiscoverAsync(tenant, new { nationalIds = NinoWritten });
        var idField = Assert.Single(Assert.Single(byId.EnumerateArray()).GetProperty("fields").EnumerateArray());
        Assert.Equal((EntityTypes.UkNino, "nationalId"), (idField.GetProperty("entity").GetString(), idField.GetProperty("identifier").GetString()));
        var byName = await dpo.DiscoverAsync(tenant, new { name = "MUELLER zoe" });
        Assert.Empty(byName.EnumerateArray());
        byName = await dpo.DiscoverAsync(tenant, new { name = "  müller   ZOE " });
        var nameField = Assert.Single(Assert.Single(byName.EnumerateArray()).GetProperty("fields").EnumerateArray());
        Assert.Equal(("fullName", EntityTypes.PersonName, "name"),
            (nameField.GetProperty("fieldPath").GetString(), nameField.GetProperty("entity").GetString(), nameField.GetProperty("identifier").GetString()));
        Assert.Contains("all 2 of the subject's name tokens and nothing else", nameField.GetProperty("explanation").GetString(), StringComparison.Ordinal);

        var everything = await dpo.DiscoverAsync(tenant, new { email = "zoe.mueller@example.com", phone = "+44 20 7946 0958", name = "Zoë Müller" });
        var record = Assert.Single(everything.EnumerateArray());
        Assert.Equal(["email", "fullName", "phone"], record.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("fieldPath").GetString()).Order());
        Assert.DoesNotContain("zoe", everything.GetRawText().Replace($"people/{id}", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.False((await dpo.DiscoverAsync(tenant, new { email = "ada@example.com" })).HasRecord("people", id));
        Assert.True((await dpo.DiscoverWhenAsync(tenant, new { email = "ada@example.com" }, m => m.HasRecord("people", other), "the other person")).HasRecord("people", other));
    }

    [Fact]
    public async Task Names_MatchOnlyFieldsHoldingEveryToken_AndExtraTokensLowerTheConfidence()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var exact = await owner.CreateAsync(tenant, "people", Person("Grace Hopper", "grace@example.com", null, null));
        var longer = await owner.CreateAsync(tenant, "people", Person("Grace Brewster Hopper", "gbh@example.com", null, null));
        var partial = await owner.CreateAsync(tenant, "people", Person("Grace Kelly", "kelly@example.com", null, null));

        var single = await owner.DiscoverWhenAsync(tenant, new { name = "grace" }, m => m.GetArrayLength() == 3, "all three Graces found by one name");
        Assert.All(single.EnumerateArray(), m => Assert.Contains("single-token name", m.GetProperty("fields")[0].GetProperty("explanation").GetString(), StringComparison.Ordinal));

        var found = await owner.DiscoverAsync(tenant, new { name = "Grace Hopper" });
        Assert.True(found.HasRecord("people", exact) && found.HasRecord("people", longer));
        Assert.False(found.HasRecord("people", partial));
        var confidences = found.EnumerateArray().ToDictionary(m => m.GetProperty("recordId").GetString()!, m => m.GetProperty("fields")[0].GetProperty("confidence").GetDouble());
        Assert.True(confidences[exact] > confidences[longer], $"exact {confidences[exact]} should beat longer {confidences[longer]}");
        Assert.Equal(exact, found[0].GetProperty("recordId").GetString());

    }

    [Fact]
    public async Task UpdatesAndDeletes_MoveTheIndex()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = await owner.CreateAsync(tenant, "people", Person());
        await owner.DiscoverWhenAsync(tenant, new { email = "zoe.mueller@example.com" }, m => m.HasRecord("people", id), "found by the first address");

        await owner.ReplaceAsync(tenant, "people", id, Person(email: "zoe@new.example", phone: null));
        await owner.DiscoverWhenAsync(tenant, new { email = "zoe@new.example" }, m => m.HasRecord("people", id), "found by the new address");
        Assert.Empty((await owner.DiscoverAsync(tenant, new { email = "zoe.mueller@example.com" })).EnumerateArray());
        Assert.Empty((await owner.DiscoverAsync(tenant, new { phone = "+44 20 7946 0958" })).EnumerateArray());
        Assert.True((await owner.DiscoverAsync(tenant, new { name = "Zoë Müller" })).HasRecord("people", id));

        await owner.DeleteAsync(tenant, "people", id);
        await owner.DiscoverWhenAsync(tenant, new { email = "zoe@new.example", name = "Zoë Müller", nationalIds = NinoCompact },
            m => m.GetArrayLength() == 0, "nothing found once the record is deleted");
        var rows = await hub.PrimaryTable("DataClassifications").QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == tenant, cancellationToken: Ct)
            .ToListAsync(Ct);
        Assert.DoesNotContain(rows, row => row.RowKey.StartsWith("idx|", StringComparison.Ordinal) || row.RowKey.StartsWith("rec|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadInput_IsAProblemWithCodesAndFieldErrors()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        await (await dpo.PostAsJsonAsync(Discover(tenant), new { }, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "subject-identifier-required");
        await (await dpo.PostAsJsonAsync(Discover(tenant), new { email = " ", nationalIds = Array.Empty<string>() }, Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "subject-identifier-required");
        var invalid = await (await dpo.PostAsJsonAsync(Discover(tenant), new { email = "not-an-address", phone = "12", nationalIds = NotAnId }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(invalid.FieldErrors("email"));
        Assert.NotEmpty(invalid.FieldErrors("phone"));
        Assert.NotEmpty(invalid.FieldErrors("nationalIds[0]"));
        Assert.DoesNotContain("not-an-address", invalid.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherTenant_IsRefused_AndItsOwnDiscoveryFindsNothingOfThisTenant()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = await owner.CreateAsync(tenant, "people", Person());
        await owner.DiscoverWhenAsync(tenant, new { email = "zoe.mueller@example.com" }, m => m.HasRecord("people", id), "found in its own tenant");

        using var intruder = hub.TenantClient(other, Role.Owner);
        var refused = await intruder.PostAsJsonAsync(Discover(tenant), new { email = "zoe.mueller@example.com" }, Ct);
        Assert.Contains(refused.StatusCode, Refusals);
        Assert.Empty((await intruder.DiscoverAsync(other, new { email = "zoe.mueller@example.com" })).EnumerateArray());
        using var member = hub.TenantClient(tenant, Role.Member);
        await (await member.PostAsJsonAsync(Discover(tenant), new { email = "zoe.mueller@example.com" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task TheSamePerson_HasOneIndexKeyAcrossRecordsOfATenant_AndAnotherInAnotherTenant()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var otherOwner = hub.TenantClient(other, Role.Owner);
        var first = await owner.CreateAsync(tenant, "people", Person());
        var second = await owner.CreateAsync(tenant, "vendors", new { name = "Müller Consulting", country = "DE", status = "active", contactEmail = "Zoe.Mueller@example.COM" });
        var elsewhere = await otherOwner.CreateAsync(other, "people", Person());
        await owner.DiscoverWhenAsync(tenant, new { email = "zoe.mueller@example.com" }, m => m.HasRecord("people", first) && m.HasRecord("vendors", second), "both records");
        await otherOwner.DiscoverWhenAsync(other, new { email = "zoe.mueller@example.com" }, m => m.HasRecord("people", elsewhere), "the other tenant's record");

        var keys = new Dictionary<string, HashSet<string>>();
        foreach (var partition in new[] { tenant, other })
        {
            var rows = await hub.PrimaryTable("DataClassifications").QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == partition, cancellationToken: Ct)
                .ToListAsync(Ct);
            keys[partition] = [.. rows.Where(row => row.RowKey.StartsWith("idx|", StringComparison.Ordinal) && row.GetString("Entity") == EntityTypes.Email)
                .Select(row => row.RowKey.Split('|')[1])];
        }
        Assert.Single(keys[tenant]);
        Assert.Single(keys[other]);
        Assert.NotEqual(keys[tenant].Single(), keys[other].Single());
    }

    [Fact]
    public void SubjectKeys_AreStableForOnePerson_AndDifferBetweenTenants()
    {
        var keys = hub.App.Services.GetRequiredService<SubjectKeys>();
        var email = SubjectKeys.NormalizeEmail(" Zoe.Mueller@Example.COM ");
        Assert.Equal(keys.For("t-one", SubjectIdentifierKind.Email, email), keys.For("t-one", SubjectIdentifierKind.Email, SubjectKeys.NormalizeEmail("zoe.mueller@example.com")));
        Assert.NotEqual(keys.For("t-one", SubjectIdentifierKind.Email, email), keys.For("t-two", SubjectIdentifierKind.Email, email));
        Assert.Equal(SubjectKeys.NormalizePhone("+44 20 7946 0958"), SubjectKeys.NormalizePhone("+44 (0)20-7946-0958"));
        Assert.Equal("+442079460958", SubjectKeys.NormalizePhone("+44 20 7946 0958"));
        Assert.Equal("AB123456C", SubjectKeys.NormalizeNationalId("ab 12-34.56 c"));
        Assert.Equal(["zoe", "muller"], SubjectKeys.NameTokens(" ZOË\tMüller "));
        Assert.Matches("^[0-9a-f]{32}$", keys.For("t-one", SubjectIdentifierKind.NameToken, "zoe"));

        var anotherKey = new SubjectKeys(Options.Create(new ClassificationOptions { SubjectIndexKey = Convert.ToBase64String(new byte[32]) }));
        Assert.NotEqual(keys.For("t-one", SubjectIdentifierKind.Email, email), anotherKey.For("t-one", SubjectIdentifierKind.Email, email));
        Assert.Throws<InvalidOperationException>(() => new SubjectKeys(Options.Create(new ClassificationOptions { SubjectIndexKey = "c2hvcnQ=" })));
    }
}
