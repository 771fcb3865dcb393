using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy routes: another tenant sees nothing of real activities and entries; roles without the permission are refused.</summary>
public sealed class PrivacyAccessTests(HubFixture hub)
{
    [Fact]
    public async Task AnotherTenantsOwnerAndApiKey_Get404_OnEveryPrivacyRoute_WithRealIds()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var activity = (await owner.CreateActivityAsync(tenant, Activity())).GetProperty("id").GetString()!;
        var entry = await owner.RecordConsentAsync(tenant, Consent(NewSubjectId(), "newsletter", "Given", DateTimeOffset.UtcNow.AddDays(-1)));
        var (entryId, subject) = (entry.GetProperty("id").GetString()!, entry.GetProperty("subject").GetString()!);
        var (_, secret) = await hub.CreateApiKeyAsync(other, "privacy.read", "privacy.manage");
        using var intruder = hub.TenantClient(other, Role.Owner);
        using var intruderKey = hub.WithApiKey(secret);

        foreach (var client in new[] { intruder, intruderKey })
        {
            foreach (var url in new[]
            {
                Activities(tenant), $"{Activities(tenant)}/{activity}", $"{Activities(tenant)}/export?format=csv", Consents(tenant),
                $"{Consents(tenant)}/{entryId}", $"{Consents(tenant)}/subjects/{subject}", $"{Consents(tenant)}/export?format=json",
            })
            {
                await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            }
            await (await client.PostAsJsonAsync(Activities(tenant), Activity(), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await client.PutJsonAsync($"{Activities(tenant)}/{activity}", Activity("Hijacked"), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await client.DeleteAsync($"{Activities(tenant)}/{activity}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await client.PostAsJsonAsync(Consents(tenant), Consent(subject, "newsletter", "Withdrawn", DateTimeOffset.UtcNow), Ct))
                .ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        var mine = await (await owner.GetAsync($"{Activities(tenant)}/{activity}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Payroll", 1), (mine.GetProperty("name").GetString(), mine.GetProperty("version").GetInt32()));
        Assert.Single((await (await owner.GetAsync(Consents(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(Role.Member)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.ComplianceManager)]
    [InlineData(Role.PlatformOperator)]
    public async Task RolesWithoutPrivacyManage_CannotWrite_AndOnlyReadersRead(Role role)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.WithBearer(HubFixture.DevToken(role.IsPlatform() ? null : tenant, "someone", role));
        var canRead = PermissionMatrix.For(role).Contains(Permission.PrivacyRead);

        await (await client.PostAsJsonAsync(Activities(tenant), Activity(), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsJsonAsync(Consents(tenant), Consent(NewSubjectId(), "newsletter", "Given", DateTimeOffset.UtcNow), Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        var read = await client.GetAsync(Consents(tenant), Ct);
        await read.ExpectAsync(canRead ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        Assert.Equal(role != Role.Member, canRead);
    }
}
