using System.Net;
using System.Text.Json;
using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.TimeTravelApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Records, collections and the whole tenant as they were at a moment, and the diff of a moment with now.</summary>
public sealed class TimeTravelTests(HubFixture hub)
{
    [Fact]
    public async Task Record_AtEachMoment_IsItsStateThen_ReplayedAloneOrOnTopOfTheRestorePoint()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var s = await WriteStoryAsync(owner, tenant);

        await (await owner.GetAsync(RecordAtUrl(s.Tenant, "controls", s.A, s.BeforeAnyWrite), Ct)).ExpectAsync(HttpStatusCode.NotFound, "record-not-found-at-time");
        await (await owner.GetAsync(RecordAtUrl(s.Tenant, "risks", s.R, s.AfterCreates), Ct)).ExpectAsync(HttpStatusCode.NotFound, "record-not-found-at-time");

        var first = await RecordAtAsync(owner, s.Tenant, "controls", s.A, s.AfterCreates);
        AssertRecord(first, version: 1, "Access review", position: 2, restorePoint: null);
        AssertRecord(await RecordAtAsync(owner, s.Tenant, "controls", s.A, s.AfterUpdate), version: 2, "Access review v2", position: 4, s.RestorePoint);
        AssertRecord(await RecordAtAsync(owner, s.Tenant, "controls", s.A, s.AfterBackup), version: 2, "Access review v2", position: 4, s.RestorePoint);
        AssertRecord(await RecordAtAsync(owner, s.Tenant, "controls", s.A, s.Now), version: 3, "Access review v3", position: 7, s.RestorePoint);
        Assert.Equal(s.AfterCreates.ToUniversalTime(), first.GetProperty("at").GetDateTimeOffset());

        AssertRecord(await RecordAtAsync(owner, s.Tenant, "controls", s.B, s.AfterBackup), version: 1, "Backup test", position: 4, s.RestorePoint);
        await (await owner.GetAsync(RecordAtUrl(s.Tenant, "controls", s.B, s.Now), Ct)).ExpectAsync(HttpStatusCode.NotFound, "record-not-found-at-time");
        await (await owner.GetAsync(RecordAtUrl(s.Tenant, "controls", s.C, s.AfterBackup), Ct)).ExpectAsync(HttpStatusCode.NotFound, "record-not-found-at-time");
        AssertRecord(await RecordAtAsync(owner, s.Tenant, "controls", s.C, s.Now), version: 1, "Encryption at rest", position: 7, s.RestorePoint);
    }

    [Fact]
    public async Task CollectionAndTenant_AtEachMoment_StreamTheStateThen_InIdOrder()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var s = await WriteStoryAsync(owner, tenant);
        string[] a1 = [$"controls/{s.A}/v1/Access review"], b1 = [$"controls/{s.B}/v1/Backup test"];
        string[] a2 = [$"controls/{s.A}/v2/Access review v2"], a3 = [$"controls/{s.A}/v3/Access review v3"];
        string[] c1 = [$"controls/{s.C}/v1/Encryption at rest"], r1 = [$"risks/{s.R}/v1/Vendor lock-in"];

        var (empty, before) = await owner.LinesAsync(CollectionAtUrl(s.Tenant, "controls", s.BeforeAnyWrite));
        Assert.Empty(empty);
        Assert.Equal("0", before.Header("X-History-Position"));

        var (created, afterCreates) = await owner.LinesAsync(CollectionAtUrl(s.Tenant, "controls", s.AfterCreates));
        Assert.Equal(ById(a1, b1), Describe(created));
        Assert.Equal("2", afterCreates.Header("X-History-Position"));
        Assert.Null(afterCreates.Header("X-History-Restore-Point"));

        var (backedUp, afterBackup) = await owner.LinesAsync(CollectionAtUrl(s.Tenant, "controls", s.AfterBackup));
        Assert.Equal(ById(a2, b1), Describe(backedUp));
        Assert.Equal(s.RestorePoint, afterBackup.Header("X-History-Restore-Point"));

        var (current, now) = await owner.LinesAsync(CollectionAtUrl(s.Tenant, "controls", s.Now));
        Assert.Equal(ById(a3, c1), Describe(current));
        Assert.Equal(("7", s.RestorePoint), (now.Header("X-History-Position"), now.Header("X-History-Restore-Point")));
        Assert.Empty(await owner.RecordsAtAsync(CollectionAtUrl(s.Tenant, "risks", s.AfterCreates)));
        Assert.Equal(r1, Describe(await owner.RecordsAtAsync(CollectionAtUrl(s.Tenant, "risks", s.Now))));

        Assert.Empty(await owner.RecordsAtAsync(TenantAtUrl(s.Tenant, s.BeforeAnyWrite)));
        Assert.Equal(ById(a1, b1), Describe(await owner.RecordsAtAsync(TenantAtUrl(s.Tenant, s.AfterCreates))));
        Assert.Equal([.. ById(a2, b1), .. r1], Describe(await owner.RecordsAtAsync(TenantAtUrl(s.Tenant, s.AfterBackup))));
        Assert.Equal([.. ById(a3, c1), .. r1], Describe(await owner.RecordsAtAsync(TenantAtUrl(s.Tenant, s.Now))));
    }

    [Fact]
    public async Task LargeCollection_StreamsAcrossSnapshotChunksAndReplay_InIdOrder_EqualToTheLiveRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await hub.App.Services.SeedControlsAsync(tenant, ContentDefinedChunks.MaxRecords + 500);
        var restorePoint = await owner.BackUpOkAsync(tenant);
        Assert.True((await owner.RestorePointAsync(tenant, restorePoint)).GetProperty("restorePoint").GetProperty("chunkCount").GetInt32() >= 2);
        var afterBackup = await MomentAsync();
        await (await owner.PutJsonAsync(RecordUrl(tenant, "controls", ids[1500]), Control("AC-1500", "Changed"), "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        await (await owner.DeleteAsync(RecordUrl(tenant, "controls", ids[10]), Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        var now = await MomentAsync();

        var then = await owner.RecordsAtAsync(CollectionAtUrl(tenant, "controls", afterBackup));
        var current = await owner.RecordsAtAsync(CollectionAtUrl(tenant, "controls", now));

        Assert.Equal(ids.Order(StringComparer.Ordinal), then.Select(record => record.GetProperty("id").GetString()!));
        var live = (await owner.ListAllAsync(CollectionUrl(tenant, "controls"))).Select(record => record.GetRawText()).Order(StringComparer.Ordinal);
        Assert.Equal(live, current.Select(record => record.GetRawText()).Order(StringComparer.Ordinal));
        var currentIds = current.Select(record => record.GetProperty("id").GetString()!).ToList();
        Assert.Equal(currentIds.Order(StringComparer.Ordinal), currentIds);
        Assert.Equal(ids.Count, currentIds.Count);
    }

    [Fact]
    public async Task Diff_ComparesTheMomentWithNow_PerCollectionAndKind_WithEachRecordThenAndNow()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var s = await WriteStoryAsync(owner, tenant);

        var sinceCreates = await DiffAsync(owner, DiffUrl(s.Tenant, s.AfterCreates));
        Assert.Equal((2, 7), (sinceCreates.GetProperty("position").GetInt64(), sinceCreates.GetProperty("headPosition").GetInt64()));
        Assert.Equal(Counts(("controls", 1, 1, 1), ("risks", 1, 0, 0)), CountsOf(sinceCreates));
        var expected = new[] { $"controls/{s.A}/Updated/v1/v3", $"controls/{s.B}/Deleted/v1/-", $"controls/{s.C}/Created/-/v1" }
            .OrderBy(line => line, StringComparer.Ordinal).Append($"risks/{s.R}/Created/-/v1");
        Assert.Equal(expected, Changes(sinceCreates));
        var updated = sinceCreates.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("recordId").GetString() == s.A);
        Assert.Equal("Access review", updated.GetProperty("then").GetProperty("data").GetProperty("title").GetString());
        Assert.Equal("Access review v3", updated.GetProperty("now").GetProperty("data").GetProperty("title").GetString());

        var sinceStart = await DiffAsync(owner, DiffUrl(s.Tenant, s.BeforeAnyWrite));
        Assert.Equal(Counts(("controls", 2, 0, 0), ("risks", 1, 0, 0)), CountsOf(sinceStart));
        Assert.DoesNotContain(Changes(sinceStart), line => line.Contains(s.B, StringComparison.Ordinal));

        var risksOnly = await DiffAsync(owner, DiffUrl(s.Tenant, s.AfterCreates, "collection=risks"));
        Assert.Equal(["risks:1/0/0"], risksOnly.GetProperty("counts").EnumerateArray().Select(Count));
        Assert.Equal([$"risks/{s.R}/Created/-/v1"], Changes(risksOnly));

        var none = await DiffAsync(owner, DiffUrl(s.Tenant, s.Now));
        Assert.Empty(CountsOf(none));
        Assert.Empty(none.GetProperty("items").EnumerateArray());
        Assert.False(none.TryGetProperty("continuationToken", out _));
    }

    [Fact]
    public async Task Diff_InPagesOf100_ReturnsEachOf250ChangesOnce_ComparingTheSamePositions_WhileWritesContinue()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var services = hub.App.Services;
        var existing = await services.SeedControlsAsync(tenant, 300, "OLD");
        var moment = await MomentAsync();
        var records = services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-writer"), "test-writer");
        foreach (var id in existing.Take(100))
        {
            var document = JsonSerializer.SerializeToElement(new { code = "AC-X", title = $"Rewritten {id}", status = "operating" });
            Assert.True((await records.ReplaceAsync(tenant, Collections.Controls, id, document, null, context, Ct)).Succeeded);
        }
        foreach (var id in existing.Skip(100).Take(100))
        {
            Assert.True((await records.DeleteAsync(tenant, Collections.Controls, id, null, context, Ct)).Succeeded);
        }
        var added = await services.SeedControlsAsync(tenant, 50, "NEW");
        var expected = existing.Take(100).Select(id => $"{id}/Updated").Concat(existing.Skip(100).Take(100).Select(id => $"{id}/Deleted"))
            .Concat(added.Select(id => $"{id}/Created")).Order(StringComparer.Ordinal).ToList();

        var pages = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await DiffAsync(owner, DiffUrl(tenant, moment, "pageSize=100" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token))));
            pages.Add(page);
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            if (pages.Count == 1)
            {
                await owner.CreateAsync(tenant, "controls", ValidControl);
                await (await owner.GetAsync(DiffUrl(tenant, moment.AddMilliseconds(-1), "pageSize=100&continuationToken=" + Uri.EscapeDataString(token!)), Ct))
                    .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
            }
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([100, 100, 50], pages.Select(page => page.GetProperty("items").GetArrayLength()));
        Assert.All(pages, page => Assert.Equal((300L, 550L), (page.GetProperty("position").GetInt64(), page.GetProperty("headPosition").GetInt64())));
        Assert.All(pages, page => Assert.Equal(Counts(("controls", 50, 100, 100)), CountsOf(page)));
        var listed = pages.SelectMany(page => page.GetProperty("items").EnumerateArray())
            .Select(item => $"{item.GetProperty("recordId").GetString()}/{item.GetProperty("kind").GetString()}").ToList();
        Assert.Equal(expected, listed);
        await (await owner.GetAsync(DiffUrl(tenant, moment, "continuationToken=not-a-token"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
    }

    [Fact]
    public async Task BadMomentsCollectionsIdsAndPageSizes_AreRefusedWithTheirCodes()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.CreateIdAsync(tenant, "controls", ValidControl);
        var routes = new[] { "time-travel", "time-travel/controls", $"time-travel/controls/{id}", "diff" }.Select(route => $"/api/tenants/{tenant}/backup/{route}");
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var route in routes)
        {
            var missing = await (await owner.GetAsync(route, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
            Assert.NotEmpty(missing.FieldErrors("at"));
            foreach (var at in new[] { "yesterday", "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T10:00:00", future })
            {
                var refused = await (await owner.GetAsync($"{route}?at={Uri.EscapeDataString(at)}", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
                Assert.NotEmpty(refused.FieldErrors("at"));
            }
        }
        Assert.Single(await owner.RecordsAtAsync(CollectionAtUrl(tenant, "controls", DateTimeOffset.UtcNow.AddSeconds(5))));

        var now = DateTimeOffset.UtcNow;
        await (await owner.GetAsync(CollectionAtUrl(tenant, "widgets", now), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await owner.GetAsync(RecordAtUrl(tenant, "widgets", id, now), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await owner.GetAsync(DiffUrl(tenant, now, "collection=widgets"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await owner.GetAsync(RecordAtUrl(tenant, "controls", "bad.id", now), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");
        foreach (var size in new[] { "0", "201", "abc" })
        {
            var refused = await (await owner.GetAsync(DiffUrl(tenant, now, $"pageSize={size}"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
            Assert.NotEmpty(refused.FieldErrors("pageSize"));
        }
    }

    [Fact]
    public async Task EveryRoute_IsHiddenFromAnotherTenant_ReadableByAnAuditor_AndForbiddenToAMember()
    {
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.CreateIdAsync(tenant, "controls", ValidControl);
        var now = await MomentAsync();
        string[] urls = [TenantAtUrl(tenant, now), CollectionAtUrl(tenant, "controls", now), RecordAtUrl(tenant, "controls", id, now), DiffUrl(tenant, DateTimeOffset.UtcNow.AddMinutes(-1))];
        using var stranger = hub.Owner(other);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var member = hub.TenantClient(tenant, Role.Member);

        foreach (var url in urls)
        {
            await (await stranger.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound);
            await (await member.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
            Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(url, Ct)).StatusCode);
        }
        Assert.Single(await auditor.RecordsAtAsync(urls[0]));
        Assert.Equal(Counts(("controls", 1, 0, 0)), CountsOf(await DiffAsync(auditor, urls[3])));
    }

    /// <summary>
    /// Controls A and B are created; A is updated and risk R created; a backup is taken; A is updated again, B deleted
    /// and control C created. Positions: 2 after the creates, 4 at the restore point, 7 now.
    /// </summary>
    private static async Task<Story> WriteStoryAsync(HttpClient owner, string tenant)
    {
        var beforeAnyWrite = await MomentAsync();
        var a = await owner.CreateIdAsync(tenant, "controls", Control("AC-1", "Access review"));
        var b = await owner.CreateIdAsync(tenant, "controls", Control("AC-2", "Backup test"));
        var afterCreates = await MomentAsync();
        await (await owner.PutJsonAsync(RecordUrl(tenant, "controls", a), Control("AC-1", "Access review v2"), "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        var r = await owner.CreateIdAsync(tenant, "risks", new { title = "Vendor lock-in", status = "identified", likelihood = 2, impact = 3 });
        var afterUpdate = await MomentAsync();
        var restorePoint = await owner.BackUpOkAsync(tenant);
        var afterBackup = await MomentAsync();
        await (await owner.PutJsonAsync(RecordUrl(tenant, "controls", a), Control("AC-1", "Access review v3"), "\"2\"")).ExpectAsync(HttpStatusCode.OK);
        await (await owner.DeleteAsync(RecordUrl(tenant, "controls", b), Ct)).ExpectAsync(HttpStatusCode.NoContent);
        var c = await owner.CreateIdAsync(tenant, "controls", Control("AC-3", "Encryption at rest"));
        var now = await MomentAsync();
        return new Story(tenant, a, b, c, r, restorePoint, beforeAnyWrite, afterCreates, afterUpdate, afterBackup, now);
    }

    private sealed record Story(
        string Tenant, string A, string B, string C, string R, string RestorePoint,
        DateTimeOffset BeforeAnyWrite, DateTimeOffset AfterCreates, DateTimeOffset AfterUpdate, DateTimeOffset AfterBackup, DateTimeOffset Now);

    private static object Control(string code, string title) => new { code, title, status = "implemented" };

    private static async Task<JsonElement> RecordAtAsync(HttpClient client, string tenant, string collection, string id, DateTimeOffset moment) =>
        await (await client.GetAsync(RecordAtUrl(tenant, collection, id, moment), Ct)).ExpectAsync(HttpStatusCode.OK);

    private static async Task<JsonElement> DiffAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);

    private static void AssertRecord(JsonElement body, long version, string title, long position, string? restorePoint)
    {
        var record = body.GetProperty("record");
        Assert.Equal((version, title), (record.GetProperty("version").GetInt64(), record.GetProperty("data").GetProperty("title").GetString()));
        Assert.Equal(position, body.GetProperty("position").GetInt64());
        var basedOn = body.TryGetProperty("restorePoint", out var point) ? point.GetProperty("id").GetString() : null;
        Assert.Equal(restorePoint, basedOn);
    }

    /// <summary>Lines of two records in the order of their ids.</summary>
    private static List<string> ById(string[] first, string[] second) =>
        [.. first.Concat(second).OrderBy(line => line.Split('/')[1], StringComparer.Ordinal)];

    private static List<string> Counts(params (string Collection, int Created, int Updated, int Deleted)[] counts) =>
        [.. counts.Select(c => $"{c.Collection}:{c.Created}/{c.Updated}/{c.Deleted}")];

    /// <summary>The non-zero counts of a diff, in its order.</summary>
    private static List<string> CountsOf(JsonElement diff) =>
        [.. diff.GetProperty("counts").EnumerateArray().Select(Count).Where(count => !count.EndsWith(":0/0/0", StringComparison.Ordinal))];

    private static string Count(JsonElement count) =>
        $"{count.GetProperty("collection").GetString()}:{count.GetProperty("created").GetInt32()}/{count.GetProperty("updated").GetInt32()}/{count.GetProperty("deleted").GetInt32()}";

    private static List<string> Changes(JsonElement diff) =>
        [.. diff.GetProperty("items").EnumerateArray().Select(item =>
            $"{item.GetProperty("collection").GetString()}/{item.GetProperty("recordId").GetString()}/{item.GetProperty("kind").GetString()}/{Version(item, "then")}/{Version(item, "now")}")];

    private static string Version(JsonElement change, string side) =>
        change.TryGetProperty(side, out var state) ? $"v{state.GetProperty("version").GetInt64()}" : "-";
}
