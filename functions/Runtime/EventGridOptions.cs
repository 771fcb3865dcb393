using System.Security.Cryptography;
using System.Text;

namespace DataGovernance.Functions.Runtime;

/// <summary>The hub's Event Grid webhook.</summary>
public sealed class EventGridOptions
{
    public const string SectionName = "Hub:EventGrid";

    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret Event Grid subscriptions send as <c>?key=</c>. Empty refuses every request: the webhook accepts
    /// nothing until a key is configured.
    /// </summary>
    public string? WebhookKey { get; set; }

    public bool IsValid => string.IsNullOrEmpty(WebhookKey) || WebhookKey.Length >= MinimumKeyLength;

    /// <summary>Compares in constant time (over hashes, so that the length does not leak either).</summary>
    public bool Accepts(string? presented) =>
        !string.IsNullOrEmpty(WebhookKey) && presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(WebhookKey)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
