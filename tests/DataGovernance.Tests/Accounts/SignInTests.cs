using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Accounts;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>Password sign-in: answers that reveal nothing, lockouts, refresh-token rotation and reuse.</summary>
public sealed class SignInTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongPassword_UnknownAddress_AndUnknownTenant_GetTheSameAnswer()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);

        var answers = new[]
        {
            await hub.SignInAsync(tenant, email, "wrong password entirely"),
            await hub.SignInAsync(tenant, AccountsApi.UniqueEmail(), AccountsApi.GoodPassword),
            await hub.SignInAsync("no-such-tenant-" + Guid.NewGuid().ToString("N")[..8], email, AccountsApi.GoodPassword),
        };

        var details = new List<string>();
        foreach (var answer in answers)
        {
            details.Add((await answer.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-credentials")).GetProperty("detail").GetString()!);
        }
        Assert.Single(details.Distinct());
    }

    [Fact]
    public async Task FiveFailures_LockTheAccount_EvenForTheRightPassword_AndAnUnknownAddressLocksAlike()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var unknown = AccountsApi.UniqueEmail();

        foreach (var address in new[] { email, unknown })
        {
            for (var i = 0; i < 5; i++)
            {
                await (await hub.SignInAsync(tenant, address, "wrong password entirely")).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
            }
            var locked = await hub.SignInAsync(tenant, address, AccountsApi.GoodPassword);
            await locked.ExpectAsync(HttpStatusCode.TooManyRequests, "too-many-attempts");
            var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }

        var other = await hub.CreateAccountAsync(tenant, Role.Member);
        await hub.SignedInAsync(tenant, other.Email);
    }

    [Fact]
    public async Task Lockouts_GrowWithEachLockout_AndCountPerClientAddressAcrossAccounts()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var options = Options.Create(new SignInProtectionOptions
        {
            AccountFailureThreshold = 3, IpFailureThreshold = 6, FirstLockout = TimeSpan.FromMinutes(1), MaxLockout = TimeSpan.FromMinutes(3),
        });
        var protection = new SignInProtection(hub.App.Services.GetRequiredService<HubStorage>(), options, clock);
        var tenant = await hub.CreateTenantAsync();
        var account = SignInProtection.AccountKey(AccountEmails.Key(AccountsApi.UniqueEmail()));
        var ip = $"203.0.113.{Random.Shared.Next(1, 250)}";

        var lockouts = new List<TimeSpan?>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await protection.RecordFailureAsync(tenant, account, null, Ct);
            }
            lockouts.Add(await protection.LockedForAsync(tenant, account, null, Ct));
            clock.Advance(lockouts[^1]!.Value);
            Assert.Null(await protection.LockedForAsync(tenant, account, null, Ct));
        }
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)], lockouts);

        for (var i = 0; i < 6; i++)
        {
            await protection.RecordFailureAsync(tenant, SignInProtection.AccountKey($"someone-{i}"), ip, Ct);
        }
        Assert.NotNull(await protection.LockedForAsync(tenant, SignInProtection.AccountKey("someone-new"), ip, Ct));
        Assert.Null(await protection.LockedForAsync(tenant, SignInProtection.AccountKey("someone-new"), "198.51.100.1", Ct));
    }

    [Fact]
    public async Task RefreshToken_Rotates_AndReusingAnOldOne_EndsTheWholeSession()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var first = await hub.SignedInAsync(tenant, email);

        var second = AccountsApi.Tokens(await (await hub.RefreshAsync(first.RefreshToken)).ExpectAsync(HttpStatusCode.OK));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(first.SessionId, second.SessionId);
        using (var client = hub.Client(second))
        {
            await (await client.GetAsync($"/api/tenants/{tenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.OK);
        }

        await (await hub.RefreshAsync(first.RefreshToken)).ExpectAsync(HttpStatusCode.Unauthorized, "refresh-token-reused");

        await (await hub.RefreshAsync(second.RefreshToken)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        using var revoked = hub.Client(second);
        await (await revoked.GetAsync($"/api/tenants/{tenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        await (await hub.RefreshAsync("garbage")).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
    }

    [Fact]
    public async Task AccountToken_OnAnotherTenantsRoutes_Returns404_AndItsAddressDoesNotSignInThere()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Owner);
        using var client = hub.Client(await hub.SignedInAsync(tenant, email));

        await (await client.GetAsync($"/api/tenants/{other}/records/controls", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync($"/api/tenants/{other}/team/invitations", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await hub.SignInAsync(other, email, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task SignIn_WithMissingFields_Returns422()
    {
        using var anonymous = hub.Anonymous();

        var problem = await (await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { email = "" }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Single(problem.FieldErrors("tenantId"));
        Assert.Single(problem.FieldErrors("email"));
        Assert.Single(problem.FieldErrors("password"));
    }

    /// <summary>Moves a session's clock columns into the past, as if time had passed.</summary>
    internal static async Task AgeSessionAsync(HubFixture hub, string tenant, SignedIn account, TimeSpan sinceCreated, TimeSpan sinceSeen)
    {
        var now = DateTimeOffset.UtcNow;
        await hub.PrimaryTable(StorageNames.SessionsTable).UpdateEntityAsync(
            new TableEntity(tenant, $"{account.UserId}|{account.SessionId}") { ["CreatedAt"] = now - sinceCreated, ["LastSeenAt"] = now - sinceSeen },
            Azure.ETag.All, TableUpdateMode.Merge, Ct);
    }
}
