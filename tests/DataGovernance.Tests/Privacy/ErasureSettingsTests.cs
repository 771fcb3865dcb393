using DataGovernance.Downloads;
using DataGovernance.Privacy;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGovernance.Tests.Privacy;

/// <summary>The keys erasure and download links need: without them the host does not run; pseudonyms follow the person and the tenant.</summary>
public sealed class ErasureSettingsTests(HubFixture hub)
{
    [Theory]
    [InlineData("Hub:Erasure:PseudonymKey", null, "Hub:Erasure:PseudonymKey")]
    [InlineData("Hub:Erasure:PseudonymKey", "c2hvcnQta2V5", "Hub:Erasure:PseudonymKey")]
    [InlineData("Hub:Erasure:ApprovalTimeout", "00:05:00", "Hub:Erasure:PseudonymKey")]
    [InlineData("Hub:Downloads:SigningKey", "not base64!", "Hub:Downloads:SigningKey")]
    [InlineData("Hub:Downloads:LinkLifetime", "30.00:00:00", "Hub:Downloads:SigningKey")]
    public async Task WithoutAUsableSetting_TheHostRefusesToStart(string setting, string? value, string named)
    {
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings[setting] = value;
        var app = new HubApplication(settings);

        var error = Record.Exception(app.StartServer);

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
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
    public void Pseudonym_IsOnePerPersonAndTenant_WhateverTheWriting_AndDiffersBetweenTenants()
    {
        var pseudonyms = new Pseudonyms(Options.Create(new ErasureOptions { PseudonymKey = HubFixture.PseudonymKey }));
        var jane = new SubjectIdentifiers("jane.doe@example.org", "+44 20 7946 0958", null, "Jane Doe");

        var first = pseudonyms.For("t-one", jane);

        Assert.Matches("^erased-[0-9a-f]{20}$", first);
        Assert.Equal(first, pseudonyms.For("t-one", new SubjectIdentifiers(" Jane.Doe@EXAMPLE.org ", null, null, "J. Doe")));
        Assert.NotEqual(first, pseudonyms.For("t-two", jane));
        Assert.NotEqual(first, pseudonyms.For("t-one", jane with { Email = "john@example.org" }));
        Assert.Equal(pseudonyms.For("t-one", new SubjectIdentifiers(null, "+44 (20) 7946-0958", null, null)),
            pseudonyms.For("t-one", new SubjectIdentifiers(null, "+44 20 7946 0958", null, "Someone")));
        Assert.NotEqual(first, new Pseudonyms(Options.Create(new ErasureOptions { PseudonymKey = HubFixture.DownloadSigningKey })).For("t-one", jane));
    }
}
