using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Team;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Team.TeamApi;

namespace DataGovernance.Tests.Team;

/// <summary>
/// Delegations: temporary roles that count where roles come from Team, which is for Entra tokens without app
/// roles (a development token carries its own roles, so these tests sign in with Entra tokens).
/// </summary>
public sealed class DelegationTests(HubFixture hub)
{
    private sealed record Setup(string Tenant, string User, HttpClient Owner, HttpClient Entra);

    /// <summary>A tenant with an Entra user who is a Member: may read records, not the audit log.</summary>
    private async Task<Setup> MemberWithEntraTokenAsync()
    {
        var directory = Guid.NewGuid().ToString();
        var tenant = await hub.CreateTenantAsync(directory);
        var user = Guid.NewGuid().ToString();
        var owner = hub.As(tenant, "boss", Role.Owner);
        await owner.AssignAsync(tenant, user, Role.Member);
        var entra = hub.WithBearer(hub.Entra.CreateAccessToken(directory, user));
        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        return new Setup(tenant, user, owner, entra);
    }

    private static string Audit(string tenant) => $"/api/tenants/{tenant}/audit";

    [Fact]
    public async Task Delegation_GrantsItsRole_UntilEndedEarly()
    {
        var (tenant, user, owner, entra) = await MemberWithEntraTokenAsync();

        var delegation = await owner.DelegateAsync(tenant, user, Role.Auditor, DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(("Auditor", "Active", "user:boss"), (delegation.GetProperty("role").GetString(), delegation.GetProperty("status").GetString(),
            delegation.GetProperty("delegatedBy").GetString()));
        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        var member = await (await owner.GetAsync($"{Users(tenant)}/{user}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Member"], member.GetProperty("roles").Strings());
        Assert.Equal(["Auditor", "Member"], member.GetProperty("effectiveRoles").Strings());
        Assert.Equal(delegation.GetProperty("id").GetString(), member.GetProperty("delegations")[0].GetProperty("id").GetString());

        var id = delegation.GetProperty("id").GetString()!;
        var ended = await (await owner.DeleteAsync($"{Delegations(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Ended", "ended-early", "user:boss"), (ended.GetProperty("status").GetString(), ended.GetProperty("endReason").GetString(),
            ended.GetProperty("endedBy").GetString()));
        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await owner.DeleteAsync($"{Delegations(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "delegation-ended");
        var listed = await (await owner.GetAsync(Delegations(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await (await owner.GetAsync($"{Users(tenant)}/{user}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("delegations").EnumerateArray());
    }

    [Fact]
    public async Task ExpiredDelegation_IsEndedByTheTimer_Audited_AndGrantsNothing()
    {
        var (tenant, user, owner, entra) = await MemberWithEntraTokenAsync();
        var delegation = await owner.DelegateAsync(tenant, user, Role.Auditor, DateTimeOffset.UtcNow.AddSeconds(4));
        var id = delegation.GetProperty("id").GetString()!;
        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);

        JsonElement ended = default;
        await Eventually.TrueAsync(async () =>
        {
            var listed = await (await owner.GetAsync(Delegations(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
            ended = listed.EnumerateArray().Single(item => item.GetProperty("id").GetString() == id);
            return ended.GetProperty("status").GetString() == "Ended";
        }, TimeSpan.FromSeconds(30), "The timer did not end the expired delegation within 30 s.");

        Assert.Equal(("expired", "system:delegations"), (ended.GetProperty("endReason").GetString(), ended.GetProperty("endedBy").GetString()));
        Assert.True(ended.GetProperty("endedAt").GetDateTimeOffset() >= delegation.GetProperty("expiresAt").GetDateTimeOffset());
        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        // Another run changes nothing: the delegation keeps its end and has one audit entry.
        await hub.App.Services.GetRequiredService<DelegationService>().EndExpiredAsync(Ct);
        using var auditor = hub.PlatformAdmin();
        var entries = await auditor.TenantAuditAsync(tenant, Ct, "action=DelegationExpired");
        var entry = Assert.Single(entries);
        Assert.Equal(("system:delegations", $"{Delegations(tenant)}/{id}"), (entry.Text("actor"), entry.Text("path")));
        var again = (await (await owner.GetAsync(Delegations(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal(ended.GetProperty("endedAt").GetString(), again.GetProperty("endedAt").GetString());
    }

    [Fact]
    public async Task ExpiredDelegation_GrantsNothing_EvenBeforeTheTimerEndsIt()
    {
        var (tenant, user, owner, entra) = await MemberWithEntraTokenAsync();
        var now = DateTimeOffset.UtcNow;
        var backdated = new Delegation(Delegation.NewId(now), user, Role.Auditor, now.AddSeconds(-1), "Backdated", now.AddHours(-1), "user:boss",
            DelegationStatus.Active, null, null, null);
        await hub.App.Services.GetRequiredService<DelegationStore>().AddAsync(tenant, backdated, Ct);
        hub.App.Services.GetRequiredService<RoleAssignmentService>().ForgetRoles(tenant, user);

        await (await entra.GetAsync(Audit(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        var member = await (await owner.GetAsync($"{Users(tenant)}/{user}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(member.GetProperty("delegations").EnumerateArray());
        Assert.Equal(["Member"], member.GetProperty("effectiveRoles").Strings());
    }

    [Fact]
    public async Task Delegator_MustHoldTheRole_AndTheGrantMustBeShortAndForAnotherMember()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.As(tenant, "boss", Role.Owner);
        using var admin = hub.As(tenant, "helper", Role.Admin);
        var user = NewUserId();
        await owner.AssignAsync(tenant, user, Role.Member);
        await owner.AssignAsync(tenant, "helper", Role.Admin);
        var inAnHour = DateTimeOffset.UtcNow.AddHours(1);

        await (await admin.PostAsJsonAsync(Delegations(tenant), new { userId = user, role = "Owner", expiresAt = inAnHour, reason = "x" }, Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "role-not-held");
        await (await admin.PostAsJsonAsync(Delegations(tenant), new { userId = user, role = "DataProtectionOfficer", expiresAt = inAnHour, reason = "x" }, Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "role-not-held");
        await admin.DelegateAsync(tenant, user, Role.Admin, inAnHour);
        await owner.DelegateAsync(tenant, user, Role.Owner, DateTimeOffset.UtcNow.AddDays(29));
        await (await admin.PostAsJsonAsync(Delegations(tenant), new { userId = "helper", role = "Admin", expiresAt = inAnHour, reason = "x" }, Ct))
            .ExpectAsync(HttpStatusCode.Conflict, "cannot-change-own-roles");
        await (await owner.PostAsJsonAsync(Delegations(tenant), new { userId = NewUserId(), role = "Auditor", expiresAt = inAnHour, reason = "x" }, Ct))
            .ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var invalid = await (await owner.PostAsJsonAsync(Delegations(tenant),
            new { userId = "not valid", role = "PlatformAdmin", expiresAt = DateTimeOffset.UtcNow.AddDays(31), reason = "" }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "userId", "role", "expiresAt", "reason" })
        {
            Assert.NotEmpty(invalid.FieldErrors(field));
        }
        var past = await (await owner.PostAsJsonAsync(Delegations(tenant), new { userId = user, role = "Auditor", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1), reason = "x" }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(past.FieldErrors("expiresAt"));
        Assert.Equal(2, (await (await owner.GetAsync(Delegations(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
    }
}
