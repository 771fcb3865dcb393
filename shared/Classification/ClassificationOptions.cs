using DataGovernance.Security;

namespace DataGovernance.Classification;

/// <summary>Classification of tenant records: the key of the subject index that finds a person's records without storing their values.</summary>
public sealed class ClassificationOptions
{
    public const string SectionName = "Hub:Classification";

    public const int KeySize = 32;

    /// <summary>
    /// Base64 of 32 random bytes. Each tenant's HMAC key of the subject index is derived from it; keep it in Key Vault in
    /// Azure. Changing it makes every index row unfindable until a re-scan of each tenant rebuilds the index.
    /// </summary>
    public string SubjectIndexKey { get; set; } = "";

    public const string Requirement =
        $"{SectionName}:SubjectIndexKey must be the base64 of exactly 32 random bytes (openssl rand -base64 32).";

    public byte[]? SubjectIndexKeyBytes() => KeySettings.Decode(SubjectIndexKey, KeySize, KeySize);

    public bool IsValid() => SubjectIndexKeyBytes() is not null;
}
