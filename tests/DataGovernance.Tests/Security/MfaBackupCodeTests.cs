using System.Net;
using DataGovernance.Mfa;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Backup codes: shown once, each good for one check, replaced as a whole set.</summary>
public sealed class MfaBackupCodeTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupCodes_BeforeAnyActiveDevice_AreRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());
        await person.EnrollAsync();

        await (await person.PostAsync(MfaTestSupport.BackupCodes, null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "mfa-not-enabled");
        var status = await (await person.GetAsync(MfaTestSupport.BackupCodes, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, status.GetProperty("remaining").GetInt32());
        Assert.False(status.TryGetProperty("generatedAt", out _));
    }

    [Fact]
    public async Task TenCodes_AreShownOnce_AndEachWorksOnce_CountingDown()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        await person.EnrollActiveAsync();

        var codes = await person.RegenerateBackupCodesAsync();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", code));
        var status = await (await person.GetAsync(MfaTestSupport.BackupCodes, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, status.GetProperty("remaining").GetInt32());
        Assert.True(status.TryGetProperty("generatedAt", out _));
        Assert.DoesNotContain(codes[0], status.GetRawText(), StringComparison.Ordinal);

        for (var i = 0; i < codes.Count; i++)
        {
            // People type codes in every shape: lower case, without the hyphen, with spaces.
            var typed = i % 2 == 0 ? codes[i].ToLowerInvariant() : $" {codes[i].Replace("-", " ", StringComparison.Ordinal)} ";
            var verified = await hub.Mfa().VerifyAsync(tenant, user, typed, Ct);
            Assert.True(verified.Succeeded, verified.Failure?.ToString());
            Assert.Equal((MfaMethod.BackupCode, null), (verified.Value!.Method, verified.Value.DeviceId));
            Assert.Equal(MfaService.InvalidCode, (await hub.Mfa().VerifyAsync(tenant, user, codes[i], Ct)).Failure?.Code);
            Assert.Equal(codes.Count - i - 1, await person.RemainingBackupCodesAsync());
        }
    }

    [Fact]
    public async Task Regenerating_ReplacesTheWholeSet_TheOldCodesStopWorking()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        await person.EnrollActiveAsync();
        var old = await person.RegenerateBackupCodesAsync();
        Assert.True((await hub.Mfa().VerifyAsync(tenant, user, old[0], Ct)).Succeeded);

        var fresh = await person.RegenerateBackupCodesAsync();

        Assert.Empty(old.Intersect(fresh));
        Assert.Equal(10, await person.RemainingBackupCodesAsync());
        foreach (var code in old.Skip(1))
        {
            Assert.Equal(MfaService.InvalidCode, (await hub.Mfa().VerifyAsync(tenant, user, code, Ct)).Failure?.Code);
        }
        Assert.True((await hub.Mfa().VerifyAsync(tenant, user, fresh[9], Ct)).Succeeded);
        Assert.Equal(9, await person.RemainingBackupCodesAsync());
    }

    [Fact]
    public async Task OneCode_UsedByConcurrentRequests_SucceedsExactlyOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        await person.EnrollActiveAsync();
        var codes = await person.RegenerateBackupCodesAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => hub.Mfa().VerifyAsync(tenant, user, codes[3], Ct), Ct)));

        Assert.Single(results, result => result.Succeeded);
        Assert.Equal(9, await person.RemainingBackupCodesAsync());
    }

    [Fact]
    public async Task BackupCodes_AreOnePersonsOwn_AndGoWithTheirLastActiveDevice()
    {
        var tenant = await hub.CreateTenantAsync();
        var (user, colleague) = (MfaTestSupport.NewUserId(), MfaTestSupport.NewUserId());
        using var person = hub.Person(tenant, user);
        using var other = hub.Person(tenant, colleague);
        var device = await person.EnrollActiveAsync();
        await other.EnrollActiveAsync();
        var codes = await person.RegenerateBackupCodesAsync();

        Assert.Equal(MfaService.InvalidCode, (await hub.Mfa().VerifyAsync(tenant, colleague, codes[0], Ct)).Failure?.Code);
        Assert.Equal(0, await other.RemainingBackupCodesAsync());

        await (await person.DeleteAsync($"{MfaTestSupport.Devices}/{device.Id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(0, await person.RemainingBackupCodesAsync());
        Assert.Equal(MfaService.InvalidCode, (await hub.Mfa().VerifyAsync(tenant, user, codes[0], Ct)).Failure?.Code);
    }
}
