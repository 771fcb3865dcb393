using System.Net;
using System.Net.Http.Json;
using DataGovernance.Mfa;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace DataGovernance.Tests.Security;

/// <summary>An enrollment as the API answered it: the device id and the secret shown that once.</summary>
public sealed record EnrolledDevice(string Id, string Secret, string OtpauthUri, string QrCodePng)
{
    /// <summary>The code an authenticator app holding the secret shows at <paramref name="at"/> (computed by Otp.NET, not by the hub).</summary>
    public string CodeAt(DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(Secret)).ComputeTotp(at.UtcDateTime);

    public string CurrentCode() => CodeAt(DateTimeOffset.UtcNow);
}

/// <summary>The MFA self-service API as the tests call it.</summary>
public static class MfaTestSupport
{
    public const string Devices = "/api/auth/mfa/devices";
    public const string BackupCodes = "/api/auth/mfa/backup-codes";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static string NewUserId() => $"user-{Guid.NewGuid():N}"[..17];

    public static HttpClient Person(this HubFixture hub, string? tenantId, string userId, Role role = Role.Member) =>
        hub.WithBearer(HubFixture.DevToken(tenantId, userId, role));

    public static MfaService Mfa(this HubFixture hub) => hub.App.Services.GetRequiredService<MfaService>();

    public static async Task<EnrolledDevice> EnrollAsync(this HttpClient person, string name = "Phone")
    {
        var body = await (await person.PostAsJsonAsync(Devices, new { name }, Ct)).ExpectAsync(HttpStatusCode.Created);
        return new EnrolledDevice(
            body.GetProperty("device").GetProperty("id").GetString()!,
            body.GetProperty("secret").GetString()!,
            body.GetProperty("otpauthUri").GetString()!,
            body.GetProperty("qrCodePng").GetString()!);
    }

    public static Task<HttpResponseMessage> ActivateAsync(this HttpClient person, string deviceId, string code) =>
        person.PostAsJsonAsync($"{Devices}/{deviceId}/activate", new { code }, Ct);

    /// <summary>Enrolls and activates a device with the app's current code.</summary>
    public static async Task<EnrolledDevice> EnrollActiveAsync(this HttpClient person, string name = "Phone")
    {
        var device = await person.EnrollAsync(name);
        await (await person.ActivateAsync(device.Id, device.CurrentCode())).ExpectAsync(HttpStatusCode.OK);
        return device;
    }

    public static async Task<IReadOnlyList<string>> RegenerateBackupCodesAsync(this HttpClient person)
    {
        var body = await (await person.PostAsync(BackupCodes, null, Ct)).ExpectAsync(HttpStatusCode.OK);
        return [.. body.GetProperty("codes").EnumerateArray().Select(code => code.GetString()!)];
    }

    public static async Task<int> RemainingBackupCodesAsync(this HttpClient person) =>
        (await (await person.GetAsync(BackupCodes, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("remaining").GetInt32();
}
