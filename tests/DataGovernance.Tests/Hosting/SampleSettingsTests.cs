using DataGovernance.Accounts;
using System.Reflection;
using DataGovernance.Backup;
using DataGovernance.Demo;
using DataGovernance.Downloads;
using DataGovernance.Evidence;
using DataGovernance.EvidencePackages;
using DataGovernance.Imports;
using DataGovernance.Functions.Hosting;
using DataGovernance.Functions.Identity;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Functions.Runtime;
using DataGovernance.Mfa;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Runtime;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Team;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DataGovernance.Tests.Hosting;

public sealed class SampleSettingsTests
{
    private static readonly Dictionary<string, string?> Sample =
        LocalSettingsConfiguration.Read(RepositoryPaths.Combine("local.settings.sample.json"));

    [Theory]
    [InlineData(typeof(DevAuthOptions), DevAuthOptions.SectionName)]
    [InlineData(typeof(EntraOptions), EntraOptions.SectionName)]
    [InlineData(typeof(RecordCacheOptions), RecordCacheOptions.SectionName)]
    [InlineData(typeof(DemoOptions), DemoOptions.SectionName)]
    [InlineData(typeof(DurableOptions), DurableOptions.SectionName)]
    [InlineData(typeof(TriggerOptions), TriggerOptions.SectionName)]
    [InlineData(typeof(EventGridOptions), EventGridOptions.SectionName)]
    [InlineData(typeof(EvidenceSigningOptions), EvidenceSigningOptions.SectionName)]
    [InlineData(typeof(BackupOptions), BackupOptions.SectionName)]
    [InlineData(typeof(RateLimitOptions), RateLimitOptions.SectionName)]
    [InlineData(typeof(AccountOptions), AccountOptions.SectionName)]
    [InlineData(typeof(SignInProtectionOptions), SignInProtectionOptions.SectionName)]
    [InlineData(typeof(MfaOptions), MfaOptions.SectionName)]
    [InlineData(typeof(SecurityDetectionOptions), SecurityDetectionOptions.SectionName)]
    [InlineData(typeof(TeamOptions), TeamOptions.SectionName)]
    [InlineData(typeof(PrivacyRequestOptions), PrivacyRequestOptions.SectionName)]
    [InlineData(typeof(ErasureOptions), ErasureOptions.SectionName)]
    [InlineData(typeof(DownloadLinkOptions), DownloadLinkOptions.SectionName)]
    [InlineData(typeof(EvidenceFileOptions), EvidenceFileOptions.SectionName)]
    [InlineData(typeof(EvidencePackageOptions), EvidencePackageOptions.SectionName)]
    [InlineData(typeof(ImportOptions), ImportOptions.SectionName)]
    public void EverySettingTheHostReads_IsInTheSample(Type options, string section)
    {
        var settable = options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite);

        var missing = settable.Select(property => $"{section}:{property.Name}").Where(key => !Sample.ContainsKey(key)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void TheSample_RunsLocallyAsIs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Sample).Build();

        Assert.Equal("UseDevelopmentStorage=true", StorageConnection.Read(configuration, StorageConnection.PrimaryKey).ConnectionString);
        Assert.Contains("127.0.0.1:10010", StorageConnection.Read(configuration, StorageConnection.SecondaryKey).ConnectionString, StringComparison.Ordinal);
        var devAuth = configuration.GetSection(DevAuthOptions.SectionName).Get<DevAuthOptions>()!;
        Assert.True(devAuth.Enabled);
        Assert.NotNull(DevTokens.TryDecodeKey(devAuth.SigningKey));
        Assert.False(configuration.GetSection(EntraOptions.SectionName).Get<EntraOptions>()!.IsConfigured);
        var triggers = configuration.GetSection(TriggerOptions.SectionName).Get<TriggerOptions>()!;
        Assert.True(triggers.Enabled);
        Assert.Empty(triggers.Problems());
        Assert.False(HostingMode.From(configuration).IsCustomHandler);
        Assert.True(configuration.GetSection(MfaOptions.SectionName).Get<MfaOptions>()!.IsValid());
    }
}
