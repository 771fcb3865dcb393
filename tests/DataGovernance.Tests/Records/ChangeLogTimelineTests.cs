using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>What a change log entry carries, and how the timeline filters and pages it.</summary>
public sealed class ChangeLogTimelineTests(HubFixture hub)
{
    private const string MemberActor = "user:user-member";
    private const string ManagerActor = "user:user-compliancemanager";

    [Fact]
    public async Task Entries_CarryBeforeAfterActorTimeAndTheRequestsCorrelationId()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var first = new { code = "AC-01", title = "Quarterly access review", status = "implemented", owner = "alice" };
        var second = new { code = "AC-01", title = "Monthly access review", status = "operating" };

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "controls"), JsonSerializer.Serialize(first), correlationId: "test-corr-123");
        var record = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(["test-corr-123"], created.Headers.GetValues("X-Correlation-Id"));
        var id = record.GetProperty("id").GetString()!;
        var url = RecordUrl(tenant, "controls", id);
        var replaced = await client.PutJsonAsync(url, second, "\"1\"", correlationId: "test-corr-124");
        await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["test-corr-124"], replaced.Headers.GetValues("X-Correlation-Id"));
        var deleted = await client.SendRawAsync(HttpMethod.Delete, url, correlationId: "test-corr-125");
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(["test-corr-125"], deleted.Headers.GetValues("X-Correlation-Id"));

        var timeline = await client.TimelineAsync(tenant);

        Assert.Equal(3, timeline.Count);
        var (delete, update, create) = (timeline[0], timeline[1], timeline[2]);
        AssertEntry(create, 1, "Create", 1, id, "test-corr-123", before: null, after: first);
        AssertEntry(update, 2, "Update", 2, id, "test-corr-124", before: first, after: second);
        AssertEntry(delete, 3, "Delete", 3, id, "test-corr-125", before: second, after: null);
        Assert.Equal(record.GetProperty("createdAt").GetDateTimeOffset(), create.GetProperty("changedAt").GetDateTimeOffset());
        Assert.True(update.GetProperty("changedAt").GetDateTimeOffset() >= create.GetProperty("changedAt").GetDateTimeOffset());
        Assert.True(delete.GetProperty("changedAt").GetDateTimeOffset() >= update.GetProperty("changedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces in it")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Entries_WithoutAUsableCorrelationId_CarryTheGeneratedOneTheResponseEchoes(string? presented)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        using var request = new HttpRequestMessage(HttpMethod.Post, CollectionUrl(tenant, "controls")) { Content = JsonContent.Create(ValidControl) };
        if (presented is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("X-Correlation-Id", presented));
        }

        var response = await client.SendAsync(request, Ct);

        await response.ExpectAsync(HttpStatusCode.Created);
        var echoed = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.NotEqual(presented, echoed);
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        var entry = Assert.Single(await client.TimelineAsync(tenant));
        Assert.Equal(echoed, entry.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Timeline_FilteredByCollectionAndActor_ReturnsExactlyTheMatchingEntries_NewestFirst()
    {
        var (tenant, all) = await SeedTwoWritersAsync();
        using var reader = hub.TenantClient(tenant, Role.ComplianceManager);

        var controls = await reader.TimelineAsync(tenant, "collection=controls");
        var byMember = await reader.TimelineAsync(tenant, "actor=" + Uri.EscapeDataString(MemberActor));
        var byManager = await reader.TimelineAsync(tenant, "actor=" + Uri.EscapeDataString(ManagerActor));
        var memberRisks = await reader.TimelineAsync(tenant, "collection=risks&actor=" + Uri.EscapeDataString(MemberActor));
        var nobody = await reader.TimelineAsync(tenant, "actor=user:nobody");

        AssertSameEntries(all.Where(e => e.GetProperty("collection").GetString() == "controls"), controls);
        AssertSameEntries(all.Where(e => e.GetProperty("actor").GetString() == MemberActor), byMember);
        AssertSameEntries(all.Where(e => e.GetProperty("actor").GetString() == ManagerActor), byManager);
        Assert.Equal(4, controls.Count);
        Assert.Equal(3, byMember.Count);
        Assert.Equal(4, byManager.Count);
        var memberRisk = Assert.Single(memberRisks);
        Assert.Equal(("risks", MemberActor), (memberRisk.GetProperty("collection").GetString(), memberRisk.GetProperty("actor").GetString()));
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task Timeline_FilteredByFromAndTo_ReturnsTheEntriesChangedInThatInterval()
    {
        var (tenant, all) = await SeedTwoWritersAsync();
        using var reader = hub.TenantClient(tenant, Role.ComplianceManager);
        var bySequence = all.ToDictionary(e => e.GetProperty("sequence").GetInt64());
        var from = bySequence[2].GetProperty("changedAt").GetDateTimeOffset();
        var to = bySequence[5].GetProperty("changedAt").GetDateTimeOffset();

        var between = await reader.TimelineAsync(tenant, $"from={Escape(from)}&to={Escape(to)}");
        var since = await reader.TimelineAsync(tenant, $"from={Escape(from)}");
        var until = await reader.TimelineAsync(tenant, $"to={Escape(to)}");
        var empty = await reader.TimelineAsync(tenant, $"from={Escape(to.AddDays(1))}");

        AssertSameEntries(all.Where(e => InRange(e, from, to)), between);
        AssertSameEntries(all.Where(e => InRange(e, from, DateTimeOffset.MaxValue)), since);
        AssertSameEntries(all.Where(e => InRange(e, DateTimeOffset.MinValue, to)), until);
        Assert.Superset(new HashSet<long> { 2, 3, 4, 5 }, between.Select(Sequence).ToHashSet());
        Assert.DoesNotContain(7L, between.Select(Sequence));
        Assert.Empty(empty);
    }

    [Fact]
    public async Task Timeline_PagedWithContinuationTokens_ReturnsEveryEntryOnce_NewestFirst()
    {
        var (tenant, all) = await SeedTwoWritersAsync();
        using var reader = hub.TenantClient(tenant, Role.ComplianceManager);

        var pages = await PagesAsync(reader, tenant, "pageSize=2");
        var managerPages = await PagesAsync(reader, tenant, "pageSize=3&actor=" + Uri.EscapeDataString(ManagerActor));

        Assert.Equal([2, 2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => (long)i), pages.SelectMany(p => p).Select(Sequence));
        AssertSameEntries(all, pages.SelectMany(p => p).ToList());
        Assert.Equal([3, 1], managerPages.Select(p => p.Count));
        AssertSameEntries(all.Where(e => e.GetProperty("actor").GetString() == ManagerActor), managerPages.SelectMany(p => p).ToList());
    }

    [Fact]
    public async Task Timeline_IsNotReadableByMembers()
    {
        var (tenant, _) = await SeedTwoWritersAsync();
        using var member = hub.TenantClient(tenant, Role.Member);

        await (await member.GetAsync(TimelineUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>
    /// Seven changes: the member creates two controls and a risk, the compliance manager creates a control and a
    /// risk and replaces a member's control and risk. Returns the whole timeline.
    /// </summary>
    private async Task<(string Tenant, List<JsonElement> Timeline)> SeedTwoWritersAsync()
    {
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);
        using var manager = hub.TenantClient(tenant, Role.ComplianceManager);
        var control = await member.CreateIdAsync(tenant, "controls", new { code = "M-1", title = "Member control", status = "draft" });
        await member.CreateAsync(tenant, "controls", new { code = "M-2", title = "Member control 2", status = "draft" });
        var risk = await member.CreateIdAsync(tenant, "risks", new { title = "Member risk", status = "identified", likelihood = 2, impact = 2 });
        await manager.CreateAsync(tenant, "controls", new { code = "CM-1", title = "Manager control", status = "designed" });
        await manager.CreateAsync(tenant, "risks", new { title = "Manager risk", status = "assessed", likelihood = 4, impact = 4 });
        await (await manager.PutJsonAsync(RecordUrl(tenant, "controls", control), new { code = "M-1", title = "Reviewed", status = "implemented" }, "\"1\""))
            .ExpectAsync(HttpStatusCode.OK);
        await (await manager.PutJsonAsync(RecordUrl(tenant, "risks", risk), new { title = "Member risk", status = "mitigating", likelihood = 2, impact = 2 }, "\"1\""))
            .ExpectAsync(HttpStatusCode.OK);
        var timeline = await manager.TimelineAsync(tenant);
        Assert.Equal(7, timeline.Count);
        return (tenant, timeline);
    }

    private static async Task<List<List<JsonElement>>> PagesAsync(HttpClient client, string tenant, string query)
    {
        var pages = new List<List<JsonElement>>();
        string? token = null;
        do
        {
            var tokenPart = token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token);
            var (items, next) = await client.PageAsync($"{TimelineUrl(tenant)}?{query}{tokenPart}");
            pages.Add(items);
            token = next;
        }
        while (token is not null && pages.Count < 20);
        Assert.Null(token);
        return pages;
    }

    private static void AssertEntry(JsonElement entry, long sequence, string operation, long version, string id, string correlationId, object? before, object? after)
    {
        Assert.Equal(sequence, entry.GetProperty("sequence").GetInt64());
        Assert.Equal(operation, entry.GetProperty("operation").GetString());
        Assert.Equal(version, entry.GetProperty("version").GetInt64());
        Assert.Equal("controls", entry.GetProperty("collection").GetString());
        Assert.Equal(id, entry.GetProperty("recordId").GetString());
        Assert.Equal(ManagerActor, entry.GetProperty("actor").GetString());
        Assert.Equal(correlationId, entry.GetProperty("correlationId").GetString());
        AssertDocument(entry, "before", before);
        AssertDocument(entry, "after", after);
    }

    private static void AssertDocument(JsonElement entry, string property, object? expected)
    {
        var present = entry.TryGetProperty(property, out var actual) && actual.ValueKind != JsonValueKind.Null;
        if (expected is null)
        {
            Assert.False(present, $"{property} should be empty: {entry.GetRawText()}");
            return;
        }
        Assert.True(present, $"{property} is missing: {entry.GetRawText()}");
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(expected), actual), $"{property}: {actual.GetRawText()}");
    }

    private static void AssertSameEntries(IEnumerable<JsonElement> expected, List<JsonElement> actual) =>
        Assert.Equal(expected.Select(e => e.GetRawText()), actual.Select(e => e.GetRawText()));

    private static bool InRange(JsonElement entry, DateTimeOffset from, DateTimeOffset to) =>
        entry.GetProperty("changedAt").GetDateTimeOffset() is var at && at >= from && at <= to;

    private static long Sequence(JsonElement entry) => entry.GetProperty("sequence").GetInt64();
}
