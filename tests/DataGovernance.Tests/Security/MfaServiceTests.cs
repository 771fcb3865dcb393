using DataGovernance.Security;
using DataGovernance.Records;
using DataGovernance.Mfa;
using DataGovernance.Outcomes;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The service's rules on real storage with a clock the test controls: drift, replay, expiry and races.</summary>
public sealed class MfaServiceTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly WriteContext Change = new(Actor.System("test"), "mfa-service-test");

    // The middle of a time step, so that whole steps forward and back stay clear of boundaries.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_900_000_005));

    private readonly string _tenant = $"t-{Guid.NewGuid():N}"[..20];

    private readonly string _user = MfaTestSupport.NewUserId();

    private MfaService Service => ActivatorUtilities.CreateInstance<MfaService>(hub.App.Services, (TimeProvider)_clock);

    private static string CodeAt(MfaEnrollment enrollment, DateTimeOffset at) =>
        new Totp(Base32Encoding.ToBytes(enrollment.Secret)).ComputeTotp(at.UtcDateTime);

    private async Task<MfaEnrollment> ActiveDeviceAsync(string name = "Phone")
    {
        var enrollment = Succeeded(await Service.BeginEnrollmentAsync(_tenant, _user, new MfaDeviceNameRequest(name), Ct));
        Succeeded(await Service.ActivateAsync(_tenant, _user, enrollment.Device.Id, new MfaCodeRequest(CodeAt(enrollment, _clock.GetUtcNow())), Change, Ct));
        return enrollment;
    }

    private static T Succeeded<T>(Result<T> result)
    {
        Assert.True(result.Succeeded, result.Failure?.ToString());
        return result.Value!;
    }

    private static void AssertInvalidCode<T>(Result<T> result)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(MfaService.InvalidCode, result.Failure.Code);
    }

    [Fact]
    public async Task Verify_AcceptsThePreviousAndNextStep_AndRefusesTwoStepsAway()
    {
        var device = await ActiveDeviceAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var now = _clock.GetUtcNow();

        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, CodeAt(device, now.AddSeconds(-60)), Ct));
        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, CodeAt(device, now.AddSeconds(60)), Ct));
        var previous = Succeeded(await Service.VerifyAsync(_tenant, _user, CodeAt(device, now.AddSeconds(-30)), Ct));
        Assert.Equal(new MfaVerification(MfaMethod.Authenticator, device.Device.Id, now), previous);
        Succeeded(await Service.VerifyAsync(_tenant, _user, CodeAt(device, now), Ct));
        Succeeded(await Service.VerifyAsync(_tenant, _user, CodeAt(device, now.AddSeconds(30)), Ct));
    }

    [Fact]
    public async Task Verify_AcceptsEachCodeOnce_AndNoCodeOfAnEarlierStepAfterwards()
    {
        var device = await ActiveDeviceAsync();
        var activationCode = CodeAt(device, _clock.GetUtcNow());

        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, activationCode, Ct));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var code = CodeAt(device, _clock.GetUtcNow());
        Succeeded(await Service.VerifyAsync(_tenant, _user, code, Ct));
        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, code, Ct));
        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, activationCode, Ct));
    }

    [Fact]
    public async Task Verify_OfOneCodeByConcurrentRequests_SucceedsExactlyOnce()
    {
        var device = await ActiveDeviceAsync();
        _clock.Advance(TimeSpan.FromSeconds(30));
        var code = CodeAt(device, _clock.GetUtcNow());

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Service.VerifyAsync(_tenant, _user, code, Ct), Ct)));

        Assert.Single(results, result => result.Succeeded);
        Assert.All(results.Where(result => !result.Succeeded), result => Assert.Equal(MfaService.InvalidCode, result.Failure!.Code));
    }

    [Fact]
    public async Task Verify_AcceptsACodeOfAnyActiveDevice_AndSaysWhichOne()
    {
        await ActiveDeviceAsync("Phone");
        var tablet = await ActiveDeviceAsync("Tablet");
        _clock.Advance(TimeSpan.FromSeconds(30));

        var verified = Succeeded(await Service.VerifyAsync(_tenant, _user, CodeAt(tablet, _clock.GetUtcNow()), Ct));

        Assert.Equal(MfaMethod.Authenticator, verified.Method);
        Assert.Equal(tablet.Device.Id, verified.DeviceId);
        var listed = (await Service.ListAsync(_tenant, _user, Ct)).Single(device => device.Id == tablet.Device.Id);
        Assert.Equal(_clock.GetUtcNow(), listed.LastUsedAt);
    }

    [Fact]
    public async Task PendingDevice_CountsForNothing_AndExpiresAfterItsLifetime()
    {
        var enrollment = Succeeded(await Service.BeginEnrollmentAsync(_tenant, _user, new MfaDeviceNameRequest("Phone"), Ct));
        Assert.Equal(_clock.GetUtcNow() + MfaService.EnrollmentLifetime, enrollment.Device.ExpiresAt);
        Assert.False(await Service.HasActiveFactorAsync(_tenant, _user, Ct));
        AssertInvalidCode(await Service.VerifyAsync(_tenant, _user, CodeAt(enrollment, _clock.GetUtcNow()), Ct));

        _clock.Advance(MfaService.EnrollmentLifetime);
        var expired = await Service.ActivateAsync(_tenant, _user, enrollment.Device.Id, new MfaCodeRequest(CodeAt(enrollment, _clock.GetUtcNow())), Change, Ct);

        Assert.Equal("mfa-enrollment-expired", expired.Failure?.Code);
        Assert.Empty(await Service.ListAsync(_tenant, _user, Ct));
        Assert.False(await Service.HasActiveFactorAsync(_tenant, _user, Ct));
    }

    [Fact]
    public async Task HasActiveFactor_IsTrueFromActivation_UntilTheLastActiveDeviceIsRemoved()
    {
        var first = await ActiveDeviceAsync("Phone");
        var second = await ActiveDeviceAsync("Tablet");
        Assert.True(await Service.HasActiveFactorAsync(_tenant, _user, Ct));
        Assert.False(await Service.HasActiveFactorAsync(_tenant, MfaTestSupport.NewUserId(), Ct));

        Succeeded(await Service.RemoveAsync(_tenant, _user, first.Device.Id, Change, Ct));
        Assert.True(await Service.HasActiveFactorAsync(_tenant, _user, Ct));
        Succeeded(await Service.RemoveAsync(_tenant, _user, second.Device.Id, Change, Ct));
        Assert.False(await Service.HasActiveFactorAsync(_tenant, _user, Ct));
    }
}
