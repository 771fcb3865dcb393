using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>The second factor in hub sign-in: the MFA step, step-up in a session, enrollment the policy demands, lockout.</summary>
public sealed class SecondFactorTests(HubFixture hub)
{
    private static readonly object[] Anywhere = [new { cidr = "0.0.0.0/0" }, new { cidr = "::/0" }];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Allowlist(string tenant) => $"/api/tenants/{tenant}/security/ip-allowlist";

    /// <summary>
    /// An account with an active authenticator (activated with the current step's code, so the next step's code is
    /// the next one accepted) and backup codes, all set up in its first session.
    /// </summary>
    private async Task<(string Email, EnrolledDevice Device, IReadOnlyList<string> BackupCodes)> AccountWithAuthenticatorAsync(string tenant, Role role)
    {
        var (email, _) = await hub.CreateAccountAsync(tenant, role);
        using var client = hub.Client(await hub.SignedInAsync(tenant, email));
        var device = await client.EnrollActiveAsync();
        return (email, device, await client.RegenerateBackupCodesAsync());
    }

    private async Task<HttpResponseMessage> SecondStepAsync(string challenge, string code)
    {
        using var anonymous = hub.Anonymous();
        return await anonymous.PostAsJsonAsync("/api/auth/sign-in/mfa", new { mfaChallenge = challenge, code }, Ct);
    }

    private async Task<string> ChallengeAsync(string tenant, string email)
    {
        var first = await (await hub.SignInAsync(tenant, email, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(first.GetProperty("mfaRequired").GetBoolean());
        Assert.False(first.TryGetProperty("accessToken", out var token) && token.ValueKind == System.Text.Json.JsonValueKind.String);
        return first.GetProperty("mfaChallenge").GetString()!;
    }

    [Fact]
    public async Task AccountWithAuthenticator_SignsInWithTwoSteps_AndItsSessionMayActSensitively()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, device, _) = await AccountWithAuthenticatorAsync(tenant, Role.Admin);
        var challenge = await ChallengeAsync(tenant, email);

        await (await SecondStepAsync(challenge, "000000")).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-mfa-code");
        await (await SecondStepAsync("forged", device.CodeAt(DateTimeOffset.UtcNow.AddSeconds(30)))).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-mfa-challenge");
        var signedIn = AccountsApi.Tokens(await (await SecondStepAsync(challenge, device.CodeAt(DateTimeOffset.UtcNow.AddSeconds(30)))).ExpectAsync(HttpStatusCode.OK));

        using var admin = hub.Client(signedIn);
        await (await admin.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BackupCode_CompletesASignInOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _, codes) = await AccountWithAuthenticatorAsync(tenant, Role.Member);

        await (await SecondStepAsync(await ChallengeAsync(tenant, email), codes[3])).ExpectAsync(HttpStatusCode.OK);
        await (await SecondStepAsync(await ChallengeAsync(tenant, email), codes[3])).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-mfa-code");
    }

    [Fact]
    public async Task StepUp_InASession_RenewsTheSecondFactor_WhenItHasGrownOld()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, device, backupCodes) = await AccountWithAuthenticatorAsync(tenant, Role.Admin);
        var signedIn = AccountsApi.Tokens(await (await SecondStepAsync(await ChallengeAsync(tenant, email), backupCodes[0])).ExpectAsync(HttpStatusCode.OK));
        await hub.PrimaryTable(StorageNames.SessionsTable).UpdateEntityAsync(
            new TableEntity(tenant, $"{signedIn.UserId}|{signedIn.SessionId}") { ["MfaVerifiedAt"] = DateTimeOffset.UtcNow.AddMinutes(-11) },
            Azure.ETag.All, TableUpdateMode.Merge, Ct);
        using var admin = hub.Client(signedIn);

        await (await admin.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await admin.DeleteAsync($"{MfaTestSupport.Devices}/{device.Id}", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        await (await admin.PostAsJsonAsync("/api/auth/mfa/verify", new { code = "123456" }, Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-mfa-code");
        var verified = await (await admin.PostAsJsonAsync("/api/auth/mfa/verify", new { code = device.CodeAt(DateTimeOffset.UtcNow.AddSeconds(30)) }, Ct))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.True(verified.GetProperty("mfaVerifiedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        await (await admin.PutJsonAsync(Allowlist(tenant), new { entries = Anywhere }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        using var developer = hub.TenantClient(tenant, Role.Owner);
        await (await developer.PostAsJsonAsync("/api/auth/mfa/verify", new { code = "123456" }, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "not-a-hub-session");
    }

    [Fact]
    public async Task PolicyRequiringMfa_IsSatisfiedByEnrollingInTheSession()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/security/sign-in-policy",
            new { mfaRequirement = "Everyone", stepUpMinutes = 10, idleTimeoutMinutes = 60, absoluteTimeoutHours = 12 }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        using var member = hub.Client(await hub.SignedInAsync(tenant, email));
        var records = $"/api/tenants/{tenant}/records/controls";
        await (await member.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "mfa-enrollment-required");

        var device = await member.EnrollActiveAsync();
        Assert.Contains(email, Uri.UnescapeDataString(device.OtpauthUri), StringComparison.Ordinal);

        await (await member.GetAsync(records, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongCodes_LockTheAccount_LikeWrongPasswords()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, device, _) = await AccountWithAuthenticatorAsync(tenant, Role.Member);
        var challenge = await ChallengeAsync(tenant, email);

        for (var i = 0; i < 5; i++)
        {
            await (await SecondStepAsync(challenge, $"00000{i}")).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-mfa-code");
        }

        await (await SecondStepAsync(challenge, device.CodeAt(DateTimeOffset.UtcNow.AddSeconds(30)))).ExpectAsync(HttpStatusCode.TooManyRequests, "too-many-attempts");
        await (await hub.SignInAsync(tenant, email, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.TooManyRequests, "too-many-attempts");
    }
}
