using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › consent ledger: append-only, chained per subject, the latest occurrence per purpose is the current state.</summary>
public sealed class ConsentLedgerTests(HubFixture hub)
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CurrentState_IsTheEntryThatOccurredLast_PerPurpose_EvenWhenAnOlderOneIsRecordedLater()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var subject = NewSubjectId();

        var given = await dpo.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Given", Monday));
        await dpo.RecordConsentAsync(tenant, Consent(subject, "analytics", "Given", Monday.AddHours(1)));
        var withdrawn = await dpo.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Withdrawn", Monday.AddDays(2)));
        // An import of a paper form signed before the withdrawal must not bring consent back.
        await dpo.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Given", Monday.AddDays(-10)));

        var current = await (await dpo.GetAsync($"{Consents(tenant)}/subjects/{subject}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(subject, current.GetProperty("subject").GetString());
        var purposes = current.GetProperty("purposes").EnumerateArray().ToDictionary(state => state.GetProperty("purpose").GetString()!);
        Assert.Equal(["analytics", "newsletter"], purposes.Keys.Order());
        Assert.Equal("Given", purposes["analytics"].GetProperty("state").GetString());
        Assert.Equal("Withdrawn", purposes["newsletter"].GetProperty("state").GetString());
        Assert.Equal(withdrawn.GetProperty("id").GetString(), purposes["newsletter"].GetProperty("entryId").GetString());
        Assert.Equal(Monday.AddDays(2), purposes["newsletter"].GetProperty("at").GetDateTimeOffset());

        await dpo.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Given", Monday.AddDays(3)));
        current = await (await dpo.GetAsync($"{Consents(tenant)}/subjects/{subject}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Given", current.GetProperty("purposes").EnumerateArray().Single(state => state.GetProperty("purpose").GetString() == "newsletter").GetProperty("state").GetString());
        Assert.NotEqual(given.GetProperty("id").GetString(), withdrawn.GetProperty("id").GetString());

        var unknown = await (await dpo.GetAsync($"{Consents(tenant)}/subjects/{NewSubjectId()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(unknown.GetProperty("purposes").EnumerateArray());
    }

    [Fact]
    public async Task Entries_ListNewestOccurrenceFirst_FilteredAndPaged_AndChainPerSubjectByHash()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var (alice, bob) = (NewSubjectId(), NewSubjectId());
        for (var day = 0; day < 5; day++)
        {
            await owner.RecordConsentAsync(tenant, Consent(alice, day % 2 == 0 ? "newsletter" : "profiling", day == 4 ? "Withdrawn" : "Given", Monday.AddDays(day)));
        }
        await owner.RecordConsentAsync(tenant, Consent(bob, "newsletter", "Given", Monday.AddDays(1).AddMinutes(30)));

        var all = await owner.ReadAllPagesAsync($"{Consents(tenant)}?pageSize=2", Ct);
        Assert.Equal(6, all.Count);
        var times = all.Select(entry => entry.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var alicesNewsletter = await owner.ReadAllPagesAsync($"{Consents(tenant)}?subject={alice}&purpose=newsletter", Ct);
        Assert.Equal([Monday.AddDays(4), Monday.AddDays(2), Monday], alicesNewsletter.Select(entry => entry.GetProperty("occurredAt").GetDateTimeOffset()));
        var window = await owner.ReadAllPagesAsync(
            $"{Consents(tenant)}?from={Uri.EscapeDataString(Monday.AddDays(1).ToString("O"))}&to={Uri.EscapeDataString(Monday.AddDays(3).ToString("O"))}", Ct);
        Assert.Equal([Monday.AddDays(2), Monday.AddDays(1).AddMinutes(30), Monday.AddDays(1)], window.Select(entry => entry.GetProperty("occurredAt").GetDateTimeOffset()));

        var chain = (await owner.ReadAllPagesAsync($"{Consents(tenant)}?subject={alice}", Ct)).OrderBy(entry => entry.GetProperty("subjectSequence").GetInt64()).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], chain.Select(entry => entry.GetProperty("subjectSequence").GetInt64()));
        Assert.False(chain[0].TryGetProperty("previousHash", out _));
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].GetProperty("hash").GetString(), chain[i].GetProperty("previousHash").GetString());
        }
        foreach (var entry in chain)
        {
            var parsed = entry.Deserialize<ConsentEntry>(Json)!;
            Assert.Equal(ConsentLedgerService.HashOf(tenant, parsed), parsed.Hash);
        }

        var single = await (await owner.GetAsync($"{Consents(tenant)}/{chain[2].GetProperty("id").GetString()}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(chain[2].GetRawText(), single.GetRawText());
        await (await owner.GetAsync($"{Consents(tenant)}?from={Uri.EscapeDataString(Monday.ToString("O"))}&to={Uri.EscapeDataString(Monday.ToString("O"))}", Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
    }

    [Fact]
    public async Task AnEmailSubject_IsKeptOnlyAsAPseudonymousKey_TheSameForEverySpelling()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var email = $"Jane.Doe.{Guid.NewGuid():N}@Example.com";
        var proof = new { evidenceReference = "crm-import-2026-03/row-17" };

        var first = await owner.RecordConsentAsync(tenant, new { email, purpose = "newsletter", action = "Given", source = "Import", occurredAt = Monday, proof });
        var second = await owner.RecordConsentAsync(tenant, new { email = $"  {email.ToLowerInvariant()} ", purpose = "newsletter", action = "Withdrawn", source = "Email", occurredAt = Monday.AddDays(1), proof });
        var subject = first.GetProperty("subject").GetString()!;
        Assert.StartsWith("email-", subject, StringComparison.Ordinal);
        Assert.Equal(subject, second.GetProperty("subject").GetString());
        Assert.Equal(ConsentLedgerService.EmailSubjectKey(tenant, email), subject);
        Assert.Equal("Consent", first.GetProperty("lawfulBasis").GetString());

        var rows = await hub.PrimaryTable(StorageNames.ConsentLedgerTable).QueryAsync<TableEntity>(row => row.PartitionKey == tenant, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(5, rows.Count);
        var stored = string.Join("\n", rows.Select(row => string.Join("|", row.RowKey, string.Join("|", row.Select(property => $"{property.Key}={property.Value}")))));
        Assert.DoesNotContain("jane.doe", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.com", stored, StringComparison.OrdinalIgnoreCase);

        var state = await (await owner.GetAsync($"{Consents(tenant)}/subjects/{subject}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Withdrawn", state.GetProperty("purposes")[0].GetProperty("state").GetString());
        await (await owner.GetAsync($"{Consents(tenant)}/subjects/{Uri.EscapeDataString(email)}", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-subject");
    }

    [Fact]
    public async Task InvalidEntries_Answer422_WithAnErrorPerField_AndAppendNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var problem = await (await owner.PostAsJsonAsync(Consents(tenant), new { }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "subjectId", "purpose", "action", "source", "occurredAt", "proof" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        var bad = new
        {
            subjectId = "jane@example.com",
            purpose = new string('p', 101),
            action = "Given",
            source = "WebForm",
            occurredAt = DateTimeOffset.UtcNow.AddHours(1),
            proof = new { ipAddress = "not-an-address" },
        };
        problem = await (await owner.PostAsJsonAsync(Consents(tenant), bad, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "subjectId", "purpose", "occurredAt", "proof.ipAddress" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        var both = new { subjectId = NewSubjectId(), email = "jane@example.com", purpose = "newsletter", action = "Given", source = "Api", occurredAt = Monday, proof = new { formVersion = "v1" } };
        Assert.NotEmpty((await (await owner.PostAsJsonAsync(Consents(tenant), both, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity)).FieldErrors("subjectId"));
        await (await owner.PostAsJsonAsync(Consents(tenant), new { subjectId = NewSubjectId(), action = "Maybe" }, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");

        Assert.Empty((await (await owner.GetAsync(Consents(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task NoRoute_ChangesOrRemovesAnEntry_AndTheStoreCannot()
    {
        var tenant = await hub.CreateTenantAsync();
        using var admin = hub.PlatformAdmin();
        var entry = await admin.RecordConsentAsync(tenant, Consent(NewSubjectId(), "newsletter", "Given", Monday));
        var url = $"{Consents(tenant)}/{entry.GetProperty("id").GetString()}";

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            foreach (var target in new[] { url, Consents(tenant), $"{Consents(tenant)}/subjects/{entry.GetProperty("subject").GetString()}" })
            {
                var response = await admin.SendJsonAsync(method, target, new { purpose = "changed" }, "*", Ct);
                await response.ExpectAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
            }
        }
        Assert.Equal(entry.GetRawText(), (await (await admin.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK)).GetRawText());

        var writes = typeof(ConsentLedgerStore).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(method => method.Name).Order();
        Assert.Equal(["AppendAsync", "GetAsync", "GetHeadAsync", "ListAsync", "ScanAsync"], writes);
    }

    [Fact]
    public async Task ConcurrentAppends_ForOneSubject_FormOneUnbrokenChain()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var subject = NewSubjectId();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => owner.RecordConsentAsync(tenant, Consent(subject, $"purpose-{i}", "Given", Monday.AddMinutes(i)))));

        var chain = (await owner.ReadAllPagesAsync($"{Consents(tenant)}?subject={subject}", Ct)).OrderBy(entry => entry.GetProperty("subjectSequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), chain.Select(entry => entry.GetProperty("subjectSequence").GetInt64()));
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].GetProperty("hash").GetString(), chain[i].GetProperty("previousHash").GetString());
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
