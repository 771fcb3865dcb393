using DataGovernance.Mfa;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The MFA settings the host checks at start: without a usable encryption key it does not run.</summary>
public sealed class MfaSettingsTests(HubFixture hub)
{
    [Theory]
    [InlineData("Hub:Mfa:SecretEncryptionKey", null)]
    [InlineData("Hub:Mfa:SecretEncryptionKey", "not base64!")]
    [InlineData("Hub:Mfa:SecretEncryptionKey", "c2hvcnQta2V5")]
    [InlineData("Hub:Mfa:Issuer", "Contoso: Hub")]
    public async Task WithoutAUsableSetting_TheHostRefusesToStart(string setting, string? value)
    {
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings[setting] = value;
        var app = new HubApplication(settings);

        var error = Record.Exception(app.StartServer);

        Assert.NotNull(error);
        Assert.Contains("Hub:Mfa:SecretEncryptionKey", error.ToString(), StringComparison.Ordinal);
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or AggregateException)
        {
            // The host never started.
        }
    }

    [Fact]
    public void TheOptions_AcceptExactly32KeyBytes_AndAnIssuerWithoutAColon()
    {
        Assert.True(new MfaOptions { SecretEncryptionKey = HubFixture.MfaEncryptionKey }.IsValid());
        Assert.False(new MfaOptions { SecretEncryptionKey = Convert.ToBase64String(new byte[31]) }.IsValid());
        Assert.False(new MfaOptions { SecretEncryptionKey = Convert.ToBase64String(new byte[33]) }.IsValid());
        Assert.False(new MfaOptions { SecretEncryptionKey = HubFixture.MfaEncryptionKey, Issuer = " " }.IsValid());
    }
}
