using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;

namespace DataGovernance.Tests.Backup;

/// <summary>The backup policy over HTTP: its default, validation, residency and who may read or change it.</summary>
public sealed class BackupPolicyTests(HubFixture hub)
{
    private static readonly object ValidPolicy = new
    {
        schedule = "0 30 1 * * *",
        keepDaily = 14,
        keepWeekly = 8,
        keepMonthly = 24,
        replicaRegion = "northeurope",
        rpoMinutes = 720,
        rtoMinutes = 120,
        drillSchedule = "0 0 4 1 */3 *",
        enabled = true,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DefaultPolicy_IsDailyAndReplicated_UntilAdministratorsChooseOtherwise()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        var view = await GetPolicyAsync(owner, tenant);

        Assert.True(view.GetProperty("isDefault").GetBoolean());
        Assert.True(view.GetProperty("replicationAllowed").GetBoolean());
        Assert.False(view.Has("replicationRefusal"));
        var policy = view.GetProperty("policy");
        Assert.Equal("0 0 2 * * *", policy.GetProperty("schedule").GetString());
        Assert.Equal("northeurope", policy.GetProperty("replicaRegion").GetString());
        Assert.True(policy.GetProperty("enabled").GetBoolean());
        var next = view.GetProperty("nextBackupAt").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(new TimeSpan(2, 0, 0), next.UtcDateTime.TimeOfDay);
    }

    [Fact]
    public async Task ValidPolicy_RoundTrips_AndNamesWhoChangedIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        var saved = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), ValidPolicy, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        var read = await GetPolicyAsync(owner, tenant);

        foreach (var view in new[] { saved, read })
        {
            Assert.False(view.GetProperty("isDefault").GetBoolean());
            Assert.Equal("user:owner-1", view.GetProperty("updatedBy").GetString());
            Assert.True(view.Has("updatedAt"));
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(ValidPolicy, JsonSerializerOptions.Web), view.GetProperty("policy")), view.ToString());
            Assert.Equal(new TimeSpan(1, 30, 0), view.GetProperty("nextBackupAt").GetDateTimeOffset().UtcDateTime.TimeOfDay);
        }

        var disabled = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), With(ValidPolicy, "enabled", false), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(disabled.Has("nextBackupAt"));
        var none = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), With(ValidPolicy, "replicaRegion", "none"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(none.GetProperty("policy").Has("replicaRegion"));
        Assert.False(none.GetProperty("replicationAllowed").GetBoolean());
        Assert.False(string.IsNullOrEmpty(none.GetProperty("replicationRefusal").GetString()));
    }

    [Theory]
    [InlineData("schedule", "not a schedule")]
    [InlineData("schedule", "0 0 2 * *")]
    [InlineData("schedule", "0 * * * * *")]
    [InlineData("schedule", "0 0,3 2 * * *")]
    [InlineData("schedule", "0 0,1 2 31 * *")]
    [InlineData("schedule", null)]
    [InlineData("drillSchedule", "every month")]
    [InlineData("keepDaily", 0)]
    [InlineData("keepDaily", 367)]
    [InlineData("keepWeekly", -1)]
    [InlineData("keepMonthly", 121)]
    [InlineData("replicaRegion", "mars")]
    [InlineData("replicaRegion", "westeurope")]
    [InlineData("replicaRegion", null)]
    [InlineData("rpoMinutes", 4)]
    [InlineData("rpoMinutes", null)]
    [InlineData("rtoMinutes", 0)]
    public async Task InvalidPolicy_Is422_NamingTheField_AndChangesNothing(string field, object? value)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        var problem = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), With(ValidPolicy, field, value), null, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));
        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.True((await GetPolicyAsync(owner, tenant)).GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task InvalidPolicy_ListsEveryBadField_AtOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var body = new { schedule = "*/30 * * * * *", keepDaily = 1000, keepWeekly = 4, keepMonthly = 12, replicaRegion = "moon", rpoMinutes = 1, rtoMinutes = 60 };

        var problem = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), body, null, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Equal(["keepDaily", "replicaRegion", "rpoMinutes", "schedule"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
        Assert.Contains(problem.FieldErrors("schedule"), message => message.Contains("5 minutes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResidencyOutsideTheSecondaryRegion_RefusesReplication_AndSaysWhy()
    {
        var tenant = await hub.CreateTenantAsync(dataResidency: "ch");
        using var owner = hub.Owner(tenant);

        var view = await GetPolicyAsync(owner, tenant);

        Assert.False(view.GetProperty("replicationAllowed").GetBoolean());
        var refusal = view.GetProperty("replicationRefusal").GetString();
        Assert.Contains("'ch'", refusal);
        Assert.Contains("northeurope", refusal);

        var saved = await (await owner.PutJsonAsync(BackupUrl(tenant, "/policy"), ValidPolicy, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(saved.GetProperty("replicationAllowed").GetBoolean());
    }

    [Fact]
    public async Task Auditor_ReadsThePolicy_ButMayNotChangeIt_AndMembersMayNotReadIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var member = hub.TenantClient(tenant, Role.Member);
        using var owner = hub.Owner(tenant);

        await GetPolicyAsync(auditor, tenant);
        await (await auditor.PutJsonAsync(BackupUrl(tenant, "/policy"), ValidPolicy, null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.GetAsync(BackupUrl(tenant, "/policy"), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.PutJsonAsync(BackupUrl(tenant, "/policy"), ValidPolicy, null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.True((await GetPolicyAsync(owner, tenant)).GetProperty("isDefault").GetBoolean());
    }

    private static async Task<JsonElement> GetPolicyAsync(HttpClient client, string tenant) =>
        await (await client.GetAsync(BackupUrl(tenant, "/policy"), Ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The policy with one field replaced (null: left out).</summary>
    private static Dictionary<string, object?> With(object policy, string field, object? value)
    {
        var fields = JsonSerializer.SerializeToElement(policy, JsonSerializerOptions.Web).EnumerateObject()
            .ToDictionary(property => property.Name, property => (object?)property.Value);
        fields.Remove(field);
        if (value is not null)
        {
            fields[field] = value;
        }
        return fields;
    }
}
