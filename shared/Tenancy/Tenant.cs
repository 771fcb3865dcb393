using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Tenancy;

public enum TenantStatus
{
    Active,
    Deactivated,
}

/// <summary>A customer of the hub. <see cref="Version"/> increases with every change and is the HTTP ETag.</summary>
public sealed record Tenant(
    string Id,
    TenantStatus Status,
    GeneralSettings Settings,
    LogoInfo? Logo,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeactivatedAt) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

/// <summary>What a tenant administrator sets on the Settings › General tab.</summary>
public sealed record GeneralSettings(
    string Name,
    string DataResidency,
    string TimeZone,
    string Locale,
    BrandingColors Branding,
    string? EntraDirectoryId);

public sealed record BrandingColors(string? PrimaryColor, string? AccentColor);

public sealed record LogoInfo(string ContentType, long SizeBytes, string Sha256, DateTimeOffset UpdatedAt);

/// <summary>Geographies a tenant's data may be restricted to; <c>global</c> means no restriction.</summary>
public static class DataResidency
{
    public const string Global = "global";

    public static IReadOnlyList<string> Regions { get; } = [Global, "eu", "uk", "us", "ca", "ch", "au", "jp", "in"];
}
