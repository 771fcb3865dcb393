namespace DataGovernance.Functions.Identity;

/// <summary>The development token issuer, for local runs and tests only. Off unless enabled.</summary>
public sealed class DevAuthOptions
{
    public const string SectionName = "Hub:DevAuth";

    public bool Enabled { get; set; }

    /// <summary>Base64 HMAC key of at least 256 bits.</summary>
    public string? SigningKey { get; set; }
}

/// <summary>Microsoft Entra ID as the issuer of user and application tokens.</summary>
public sealed class EntraOptions
{
    public const string SectionName = "Hub:Entra";

    /// <summary>For a multi-tenant app: <c>https://login.microsoftonline.com/organizations/v2.0</c>. Empty turns Entra sign-in off.</summary>
    public string? Authority { get; set; }

    /// <summary>The hub's application id URI or client id, as tokens carry it in <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The platform operators' own directory: only its tokens may carry platform roles.</summary>
    public string? PlatformDirectoryId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience);
}
