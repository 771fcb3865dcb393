using System.Security.Cryptography;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Which key signs evidence: the configured one, a persisted development key, or none (the host refuses to start).</summary>
public sealed class EvidenceSigningTests(HubFixture hub)
{
    private static readonly byte[] Evidence = "{\"drillId\":\"drill-1\"}"u8.ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutAKey_AndWithoutTheDevelopmentSwitch_TheHostRefusesToStart()
    {
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings["Hub:Signing:GenerateDevelopmentKey"] = "false";
        var app = new HubApplication(settings);

        var error = Record.Exception(app.StartServer);

        Assert.NotNull(error);
        Assert.Contains("Hub:Signing:EvidenceKeyPem", error.ToString(), StringComparison.Ordinal);
        await DisposeQuietlyAsync(app);
    }

    [Fact]
    public async Task AConfiguredKey_SignsEvidence()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings["Hub:Signing:GenerateDevelopmentKey"] = "false";
        settings["Hub:Signing:EvidenceKeyPem"] = key.ExportPkcs8PrivateKeyPem();
        await using var app = new HubApplication(settings);
        app.StartServer();

        var signature = await app.Services.GetRequiredService<EvidenceSigner>().SignAsync(Evidence, Ct);

        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), signature.PublicKeyPem);
        Assert.True(key.VerifyData(Evidence, Convert.FromBase64String(signature.Value), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(EvidenceSigner.Verify([.. Evidence, (byte)' '], signature));
    }

    [Fact]
    public async Task TheDevelopmentKey_IsGeneratedOnce_AndSurvivesARestart()
    {
        var first = await hub.App.Services.GetRequiredService<EvidenceSigner>().SignAsync(Evidence, Ct);
        await using var restarted = new HubApplication(hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString));
        restarted.StartServer();

        var second = await restarted.Services.GetRequiredService<EvidenceSigner>().SignAsync(Evidence, Ct);

        Assert.Equal(first.KeyId, second.KeyId);
        Assert.True(EvidenceSigner.Verify(Evidence, first));
        Assert.True(EvidenceSigner.Verify(Evidence, second));
    }

    private static async Task DisposeQuietlyAsync(HubApplication app)
    {
        try
        {
            await app.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or AggregateException)
        {
            // The host never started.
        }
    }
}
