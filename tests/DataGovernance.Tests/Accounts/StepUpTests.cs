using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>Sensitive actions need a recent second factor; the sign-in policy decides who must have MFA at all.</summary>
public sealed class StepUpTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] NoDomains = [];

    private static readonly string[] ReadRecords = ["records.read"];

    private static readonly string[] AdminRole = ["Admin"];

    private static readonly string[] MemberRole = ["Member"];

    private static readonly object[] Anywhere = [new { cidr = "0.0.0.0/0" }, new { cidr = "::/0" }];

    private static string Allowlist(string tenant) => $"/api/tenants/{tenant}/security/ip-allowlist";

    private static string Policy(string tenant) => $"/api/tenants/{tenant}/security/sign-in-policy";

    [Fact]
    public async Task SensitiveActions_WithoutASecondFactor_Return401StepUpRequired_AndChangeNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var withoutMfa = hub.WithBearer(HubFixture.DevTokenWithoutMfa(tenant, "owner-1", Role.Owner));
        var before = await hub.StateAsync(tenant);

        var attempts = new[]
        {
            await withoutMfa.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct),
            await withoutMfa.PutJsonAsync($"/api/tenants/{tenant}/security/sso", new { allowedDomains = NoDomains }, "\"0\"", Ct),
            await withoutMfa.PostAsJsonAsync($"/api/tenants/{tenant}/settings/api-keys", new { name = "k", scopes = ReadRecords }, Ct),
            await withoutMfa.PutJsonAsync($"/api/tenants/{tenant}/team/role-assignments/someone", new { roles = AdminRole }, null, Ct),
            await withoutMfa.DeleteAsync($"/api/tenants/{tenant}/team/role-assignments/someone", Ct),
            await withoutMfa.PostAsJsonAsync($"/api/tenants/{tenant}/team/invitations", new { email = "x@example.org", roles = MemberRole }, Ct),
            await withoutMfa.PostAsync($"/api/tenants/{tenant}/backup/restores/r1/approve", null, Ct),
            await withoutMfa.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Off", stepUpMinutes = 10, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, "\"0\"", Ct),
        };

        foreach (var attempt in attempts)
        {
            var problem = await attempt.ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
            Assert.Equal(600, problem.GetProperty("maxAgeSeconds").GetInt32());
            Assert.Contains("insufficient_user_authentication", attempt.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await hub.StateAsync(tenant));

        using var withMfa = hub.TenantClient(tenant, Role.Owner);
        await (await withMfa.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EntraToken_SatisfiesStepUp_OnlyWhenItsAmrSaysMfa()
    {
        var directory = Guid.NewGuid().ToString();
        var tenant = await hub.CreateTenantAsync(directory);
        var user = Guid.NewGuid().ToString();
        using var passwordOnly = hub.WithBearer(hub.Entra.CreateAccessToken(directory, user, ["Owner"], authenticationMethods: ["pwd"]));
        using var withMfa = hub.WithBearer(hub.Entra.CreateAccessToken(directory, user, ["Owner"], authenticationMethods: ["pwd", "mfa"]));

        await (await passwordOnly.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await withMfa.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task HubSession_WithoutMfa_IsAskedToStepUp_AndTheStepUpWindowComesFromThePolicy()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Off", stepUpMinutes = 3, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Admin);
        using var admin = hub.Client(await hub.SignedInAsync(tenant, email));

        var problem = await (await admin.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");

        Assert.Equal(180, problem.GetProperty("maxAgeSeconds").GetInt32());
        Assert.Contains("/api/auth/mfa/verify", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyRequiringMfa_LeavesAUserWithoutMfaOnlyEnrollment()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var (adminEmail, _) = await hub.CreateAccountAsync(tenant, Role.Admin);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Admins", stepUpMinutes = 10, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);
        using var member = hub.Client(await hub.SignedInAsync(tenant, email));
        using var admin = hub.Client(await hub.SignedInAsync(tenant, adminEmail));

        await (await member.GetAsync($"/api/tenants/{tenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await admin.GetAsync($"/api/tenants/{tenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "mfa-enrollment-required");
        await (await admin.GetAsync("/api/auth/sessions", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiKeys_CannotPerformStepUpActions()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, Permission.SecurityManage.ToScope());
        using var apiKey = hub.WithApiKey(secret);

        await (await apiKey.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "step-up-unavailable");
    }

    [Fact]
    public async Task SignInPolicy_Validates_AndNeedsIfMatch()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var current = await owner.GetAsync(Policy(tenant), Ct);
        var body = await current.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Off", body.GetProperty("mfaRequirement").GetString());
        Assert.Equal("\"0\"", current.Headers.ETag?.ToString());

        await (await owner.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Everyone", stepUpMinutes = 10, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, null, Ct))
            .ExpectAsync(HttpStatusCode.PreconditionRequired);
        var invalid = await (await owner.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Sometimes", stepUpMinutes = 0, idleTimeoutMinutes = 600, absoluteTimeoutHours = 1 }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Single(invalid.FieldErrors("mfaRequirement"));
        Assert.Single(invalid.FieldErrors("stepUpMinutes"));
        Assert.Single(invalid.FieldErrors("idleTimeoutMinutes"));
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await (await auditor.PutJsonAsync(Policy(tenant), new { mfaRequirement = "Off", stepUpMinutes = 10, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
