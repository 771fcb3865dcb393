using System.Net;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The security dashboard: exact counts per type and UTC bucket, totals, and the checks of its range.</summary>
public sealed class SecurityEventDashboardTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Dashboard(string tenant, string query) => $"/api/tenants/{tenant}/security/dashboard{query}";

    private static string Iso(DateTimeOffset moment) => Uri.EscapeDataString(moment.ToString("O"));

    [Fact]
    public async Task HourlyAndDailyBuckets_CountExactlyTheRecordedEvents_PerType()
    {
        var tenant = await hub.CreateTenantAsync();
        var service = hub.App.Services.GetRequiredService<SecurityEventService>();
        var context = new WriteContext(new Actor("user:dashboard"), "c", "198.51.100.20");
        var recorded = new List<SecurityEvent>();
        foreach (var type in new[] { SecurityEventType.MfaEnrolled, SecurityEventType.MfaEnrolled, SecurityEventType.SessionRevoked, SecurityEventType.MfaEnrolled, SecurityEventType.AccountLockedOut })
        {
            recorded.Add(await service.RecordAsync(tenant, type, context, "user-1", null, Ct));
        }
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var (from, to) = (recorded[0].OccurredAt.AddHours(-3), recorded[^1].OccurredAt.AddHours(2));

        foreach (var (interval, step) in new[] { ("hour", TimeSpan.FromHours(1)), ("day", TimeSpan.FromDays(1)) })
        {
            var dashboard = await (await auditor.GetAsync(Dashboard(tenant, $"?from={Iso(from)}&to={Iso(to)}&interval={interval}"), Ct)).ExpectAsync(HttpStatusCode.OK);

            var first = new DateTimeOffset(from.UtcTicks - from.UtcTicks % step.Ticks, TimeSpan.Zero);
            var expectedBuckets = (int)Math.Ceiling((to - first) / step);
            var buckets = dashboard.GetProperty("buckets").EnumerateArray().ToList();
            Assert.Equal(expectedBuckets, buckets.Count);
            Assert.Equal(first, dashboard.GetProperty("from").GetDateTimeOffset());
            for (var i = 0; i < buckets.Count; i++)
            {
                var start = first + step * i;
                Assert.Equal(start, buckets[i].GetProperty("start").GetDateTimeOffset());
                var expected = recorded.Where(e => e.OccurredAt >= start && e.OccurredAt < start + step)
                    .GroupBy(e => e.Type.ToString()).ToDictionary(group => group.Key, group => group.Count());
                Assert.Equal(expected.OrderBy(pair => pair.Key), Counts(buckets[i].GetProperty("counts")).OrderBy(pair => pair.Key));
            }
            Assert.Equal(
                new Dictionary<string, int> { ["AccountLockedOut"] = 1, ["MfaEnrolled"] = 3, ["SessionRevoked"] = 1 },
                Counts(dashboard.GetProperty("totals")).OrderBy(pair => pair.Key).ToDictionary());
        }
    }

    [Fact]
    public async Task InvalidRanges_AreRefused_WithFieldErrors()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var now = DateTimeOffset.UtcNow;

        var reversed = await (await owner.GetAsync(Dashboard(tenant, $"?from={Iso(now)}&to={Iso(now.AddHours(-1))}"), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(reversed.FieldErrors("from"));
        var tooLong = await (await owner.GetAsync(Dashboard(tenant, $"?from={Iso(now.AddDays(-91))}&to={Iso(now)}"), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(tooLong.FieldErrors("to"));
        var tooManyBuckets = await (await owner.GetAsync(Dashboard(tenant, $"?from={Iso(now.AddDays(-90))}&to={Iso(now)}&interval=hour"), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(tooManyBuckets.FieldErrors("interval"));
        var unknownInterval = await (await owner.GetAsync(Dashboard(tenant, "?interval=week"), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(unknownInterval.FieldErrors("interval"));
        var malformed = await (await owner.GetAsync(Dashboard(tenant, "?from=yesterday"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(malformed.FieldErrors("from"));

        var ninetyDaysDaily = await (await owner.GetAsync(Dashboard(tenant, $"?from={Iso(now.AddDays(-90))}&to={Iso(now)}&interval=day"), Ct))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(91, ninetyDaysDaily.GetProperty("buckets").GetArrayLength());
    }

    private static Dictionary<string, int> Counts(JsonElement counts) =>
        counts.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetInt32());
}
