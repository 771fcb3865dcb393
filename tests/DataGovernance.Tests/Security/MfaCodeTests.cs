using System.Text;
using DataGovernance.Mfa;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The hub's TOTP check against RFC 6238's own test vectors, and its drift and replay rules with explicit times.</summary>
public sealed class MfaCodeTests
{
    private static readonly TotpParameters Default = TotpParameters.Default;

    /// <summary>RFC 6238 Appendix B: 8 digits, 30 s steps, T0 = 0, each algorithm with its seed.</summary>
    public static TheoryData<long, TotpAlgorithm, string> Rfc6238Vectors() => new()
    {
        { 59, TotpAlgorithm.SHA1, "94287082" }, { 59, TotpAlgorithm.SHA256, "46119246" }, { 59, TotpAlgorithm.SHA512, "90693936" },
        { 1111111109, TotpAlgorithm.SHA1, "07081804" }, { 1111111109, TotpAlgorithm.SHA256, "68084774" }, { 1111111109, TotpAlgorithm.SHA512, "25091201" },
        { 1111111111, TotpAlgorithm.SHA1, "14050471" }, { 1111111111, TotpAlgorithm.SHA256, "67062674" }, { 1111111111, TotpAlgorithm.SHA512, "99943326" },
        { 1234567890, TotpAlgorithm.SHA1, "89005924" }, { 1234567890, TotpAlgorithm.SHA256, "91819424" }, { 1234567890, TotpAlgorithm.SHA512, "93441116" },
        { 2000000000, TotpAlgorithm.SHA1, "69279037" }, { 2000000000, TotpAlgorithm.SHA256, "90698825" }, { 2000000000, TotpAlgorithm.SHA512, "38618901" },
        { 20000000000, TotpAlgorithm.SHA1, "65353130" }, { 20000000000, TotpAlgorithm.SHA256, "77737706" }, { 20000000000, TotpAlgorithm.SHA512, "47863826" },
    };

    private static byte[] Seed(TotpAlgorithm algorithm)
    {
        var length = algorithm switch { TotpAlgorithm.SHA256 => 32, TotpAlgorithm.SHA512 => 64, _ => 20 };
        return Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1234567890", 7))[..length]);
    }

    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("a secret of 20 bytes");

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_005);

    private static string CodeAtStep(long step) => AuthenticatorCodes.Compute(Secret, Default, DateTimeOffset.FromUnixTimeSeconds(step * 30));

    [Theory]
    [MemberData(nameof(Rfc6238Vectors))]
    public void Rfc6238TestVector_IsAccepted_AtItsTime_AsItsTimeStep(long unixTime, TotpAlgorithm algorithm, string expected)
    {
        var parameters = new TotpParameters(algorithm, 8, 30);
        var at = DateTimeOffset.FromUnixTimeSeconds(unixTime);

        Assert.Equal(expected, AuthenticatorCodes.Compute(Seed(algorithm), parameters, at));
        Assert.Equal(unixTime / 30, AuthenticatorCodes.Verify(Seed(algorithm), parameters, expected, at, lastAcceptedStep: null));
    }

    [Theory]
    [MemberData(nameof(Rfc6238Vectors))]
    public void Rfc6238TestVector_IsRefused_WithAnotherAlgorithmOrFarFromItsTime(long unixTime, TotpAlgorithm algorithm, string expected)
    {
        var other = algorithm == TotpAlgorithm.SHA1 ? TotpAlgorithm.SHA256 : TotpAlgorithm.SHA1;
        var at = DateTimeOffset.FromUnixTimeSeconds(unixTime);

        Assert.Null(AuthenticatorCodes.Verify(Seed(algorithm), new TotpParameters(other, 8, 30), expected, at, null));
        Assert.Null(AuthenticatorCodes.Verify(Seed(algorithm), new TotpParameters(algorithm, 8, 30), expected, at.AddSeconds(90), null));
    }

    [Fact]
    public void Codes_OfThePreviousAndNextStep_AreAccepted_TwoStepsAway_AreRefused()
    {
        var step = Default.StepAt(Now);

        Assert.Equal(step, AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step), Now, null));
        Assert.Equal(step - 1, AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step - 1), Now, null));
        Assert.Equal(step + 1, AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step + 1), Now, null));
        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step - 2), Now, null));
        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step + 2), Now, null));
    }

    [Fact]
    public void Codes_AtOrBeforeTheLastAcceptedStep_AreRefused()
    {
        var step = Default.StepAt(Now);

        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step), Now, lastAcceptedStep: step));
        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step - 1), Now, lastAcceptedStep: step));
        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step - 1), Now, lastAcceptedStep: step - 1));
        Assert.Equal(step + 1, AuthenticatorCodes.Verify(Secret, Default, CodeAtStep(step + 1), Now, lastAcceptedStep: step));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    public void MalformedCodes_AreRefused(string code) =>
        Assert.Null(AuthenticatorCodes.Verify(Secret, Default, code, Now, null));

    [Fact]
    public void BackupCodes_AreTenDistinctCrockfordCodes_InTwoGroups_AndReadForgivingly()
    {
        var codes = BackupCodes.Generate();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", code));
        Assert.Equal("7KQ2M1D901", BackupCodes.Normalise(" 7kq2m-ld9o1 "));
        Assert.Equal("7KQ2M1D901", BackupCodes.Normalise("7KQ2M 1D901"));
        Assert.Null(BackupCodes.Normalise("7KQ2M-1D90"));
        Assert.Null(BackupCodes.Normalise("7KQ2M-1D9011"));
        Assert.Null(BackupCodes.Normalise("7KQ2M-1D90U"));
    }
}
