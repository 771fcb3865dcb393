using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGovernance.Security.Events;

/// <summary>
/// Something that matters for a tenant's security: a sign-in, a changed setting, a new key, a download of all data.
/// Never carries a password, a secret or an e-mail address.
/// </summary>
/// <param name="Id">Sorts newest first within the tenant.</param>
/// <param name="ClientIp">The address the caller connected from; null for the hub's own work.</param>
/// <param name="Subject">
/// The user or thing the event concerns: a hub user id, an API key id, or for sign-ins of unknown accounts a stable
/// pseudonymous key the caller derived. Null when the event concerns the tenant as a whole.
/// </param>
/// <param name="Details">A few facts of the event, such as the previous and new roles.</param>
public sealed record SecurityEvent(
    string Id,
    string TenantId,
    SecurityEventType Type,
    DateTimeOffset OccurredAt,
    [property: JsonConverter(typeof(ActorAsText))] Actor Actor,
    string? ClientIp,
    string? Subject,
    string? CorrelationId,
    IReadOnlyDictionary<string, string> Details);

/// <summary>The names of the details the hub's own emitters and the detectors use.</summary>
public static class SecurityEventDetails
{
    /// <summary>A user's tenant roles after the event, comma-separated role names (sign-ins and role changes); see <see cref="JoinRoles"/>.</summary>
    public const string Roles = "roles";

    /// <summary>A user's tenant roles before a role change, comma-separated role names (empty: none).</summary>
    public const string PreviousRoles = "previousRoles";

    /// <summary>What a download contained: <c>tenant</c> or a collection name.</summary>
    public const string Scope = "scope";

    /// <summary>The moment a time-travel download showed.</summary>
    public const string At = "at";

    /// <summary>The version a settings document reached.</summary>
    public const string Version = "version";

    public const int MaxCount = 16;

    public const int MaxKeyLength = 64;

    public const int MaxValueLength = 512;

    /// <summary>The value of <see cref="Roles"/> or <see cref="PreviousRoles"/>: role names in the order of <see cref="Role"/>.</summary>
    public static string JoinRoles(IEnumerable<Role> roles) => string.Join(",", roles.Distinct().Order());

    /// <summary>The roles of a <see cref="Roles"/> or <see cref="PreviousRoles"/> value; unknown names are skipped.</summary>
    public static IReadOnlySet<Role> ParseRoles(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => DataGovernance.Security.Roles.TryParse(name, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
}

/// <summary>Filters of a security event listing; every one optional. The range is from (inclusive) to (exclusive).</summary>
public sealed record SecurityEventFilter(SecurityEventType? Type, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>Writes an <see cref="Actor"/> as its id, as change logs and audit entries show it.</summary>
public sealed class ActorAsText : JsonConverter<Actor>
{
    public override Actor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Actor value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id);
}
