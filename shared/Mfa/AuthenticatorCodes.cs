using System.Security.Cryptography;
using OtpNet;

namespace DataGovernance.Mfa;

/// <summary>The HMAC algorithms of RFC 6238, named as the key URI's <c>algorithm</c> parameter names them.</summary>
public enum TotpAlgorithm
{
    SHA1,
    SHA256,
    SHA512,
}

/// <summary>How an authenticator turns the secret and the time into codes; stored with each device.</summary>
public sealed record TotpParameters(TotpAlgorithm Algorithm, int Digits, int PeriodSeconds)
{
    /// <summary>What every common authenticator app supports: SHA-1, 6 digits, 30 seconds.</summary>
    public static TotpParameters Default { get; } = new(TotpAlgorithm.SHA1, 6, 30);

    public long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / PeriodSeconds;

    public bool IsWellFormedCode(string code) => code.Length == Digits && code.All(char.IsAsciiDigit);

    internal OtpHashMode HashMode => Algorithm switch
    {
        TotpAlgorithm.SHA256 => OtpHashMode.Sha256,
        TotpAlgorithm.SHA512 => OtpHashMode.Sha512,
        _ => OtpHashMode.Sha1,
    };
}

/// <summary>
/// Time-based one-time passwords (RFC 6238) as the hub checks them: the code of the current time step or of the one
/// before or after (clocks of phones drift, and a code typed at the end of its step arrives in the next), and only
/// for a step later than the last one accepted, so that each code works once.
/// </summary>
public static class AuthenticatorCodes
{
    /// <summary>Time steps accepted on either side of the current one (RFC 6238 §5.2 recommends at most one).</summary>
    public const int AcceptedDrift = 1;

    public static string Compute(byte[] secret, TotpParameters parameters, DateTimeOffset at) =>
        Generator(secret, parameters).ComputeTotp(at.UtcDateTime);

    /// <summary>
    /// The time step whose code <paramref name="code"/> is, when it is within the accepted drift of
    /// <paramref name="at"/> and later than <paramref name="lastAcceptedStep"/>; otherwise null.
    /// </summary>
    public static long? Verify(byte[] secret, TotpParameters parameters, string code, DateTimeOffset at, long? lastAcceptedStep)
    {
        if (!parameters.IsWellFormedCode(code))
        {
            return null;
        }
        var window = new VerificationWindow(previous: AcceptedDrift, future: AcceptedDrift);
        return Generator(secret, parameters).VerifyTotp(at.UtcDateTime, code, out var step, window) && step > (lastAcceptedStep ?? long.MinValue)
            ? step
            : null;
    }

    /// <summary>A new shared secret: 160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226 §4.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(20);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    /// <summary>The <c>otpauth://totp/…</c> URI authenticator apps read from the QR code (Google Authenticator key URI format).</summary>
    public static string KeyUri(string base32Secret, TotpParameters parameters, string issuer, string account) =>
        new OtpUri(OtpType.Totp, base32Secret, account, issuer, parameters.HashMode, parameters.Digits, parameters.PeriodSeconds).ToString();

    private static Totp Generator(byte[] secret, TotpParameters parameters) =>
        new(secret, step: parameters.PeriodSeconds, mode: parameters.HashMode, totpSize: parameters.Digits);
}
