using DataGovernance.Storage;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DataGovernance.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Fact]
    public void ConnectionStringSetting_IsUsedAsIs()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var connection = StorageConnection.Read(configuration, StorageConnection.PrimaryKey);

        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
        Assert.False(connection.IsIdentityBased);
    }

    [Fact]
    public void IdentityBasedSettings_AsDeployedByBicep_GiveServiceUrisAndClients()
    {
        var configuration = Configuration(new()
        {
            ["Hub:SecondaryStorage:blobServiceUri"] = "https://stdgdevs.blob.core.windows.net",
            ["Hub:SecondaryStorage:queueServiceUri"] = "https://stdgdevs.queue.core.windows.net",
            ["Hub:SecondaryStorage:tableServiceUri"] = "https://stdgdevs.table.core.windows.net",
        });

        var connection = StorageConnection.Read(configuration, StorageConnection.SecondaryKey);
        var account = new StorageAccount("secondary", connection);

        Assert.True(connection.IsIdentityBased);
        Assert.Equal("stdgdevs", account.Blobs.AccountName);
        Assert.Equal(new Uri("https://stdgdevs.table.core.windows.net"), account.Tables.Uri);
        Assert.Equal(new Uri("https://stdgdevs.queue.core.windows.net"), account.Queues.Uri);
    }

    [Fact]
    public void MissingOrPartialSettings_FailWithTheSettingName()
    {
        var partial = Configuration(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://x.blob.core.windows.net" });

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Read(partial, StorageConnection.PrimaryKey));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => StorageConnection.Read(Configuration([]), StorageConnection.SecondaryKey));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
