using Microsoft.Extensions.Configuration;

namespace DataGovernance.Storage;

/// <summary>
/// Where one storage account is and how to reach it, in the Functions convention: either a connection string
/// as the setting's value (Azurite, shared keys) or identity-based service URIs under it
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>…__queueServiceUri</c>, <c>…__tableServiceUri</c>, optional
/// <c>…__clientId</c> of a user-assigned managed identity).
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? BlobServiceUri, Uri? QueueServiceUri, Uri? TableServiceUri, string? ClientId)
{
    /// <summary>Functions' own setting name for the primary account.</summary>
    public const string PrimaryKey = "AzureWebJobsStorage";

    public const string SecondaryKey = "Hub:SecondaryStorage";

    public bool IsIdentityBased => ConnectionString is null;

    public static StorageConnection Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null);
        }
        var connection = new StorageConnection(null, Uri(section, "blobServiceUri"), Uri(section, "queueServiceUri"), Uri(section, "tableServiceUri"), section["clientId"]);
        return connection is { BlobServiceUri: not null, QueueServiceUri: not null, TableServiceUri: not null }
            ? connection
            : throw new InvalidOperationException(
                $"Storage setting '{key}' needs a connection string, or blobServiceUri, queueServiceUri and tableServiceUri under it.");
    }

    private static Uri? Uri(IConfigurationSection section, string name) =>
        System.Uri.TryCreate(section[name], UriKind.Absolute, out var uri) ? uri : null;
}
