using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataGovernance.Storage;

/// <summary>
/// Wraps the table SDK's continuation token in an opaque value bound to one listing (its scope), so that a
/// token from one query cannot be replayed against another and a garbled token is recognised as such.
/// </summary>
public static class ContinuationToken
{
    private sealed record Envelope(string Scope, string Token);

    public static string? Encode(string? sdkToken, string scope) =>
        sdkToken is null ? null : Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Envelope(scope, sdkToken)));

    /// <summary>Returns false when the token is not one this scope handed out.</summary>
    public static bool TryDecode(string? token, string scope, out string? sdkToken)
    {
        sdkToken = null;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(Base64Url.DecodeFromChars(token));
            if (envelope is null || envelope.Scope != scope || string.IsNullOrEmpty(envelope.Token))
            {
                return false;
            }
            sdkToken = envelope.Token;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>A scope string that changes whenever any of the listing's inputs change, the same on every instance.</summary>
    public static string Scope(params object?[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(part switch
            {
                DateTimeOffset instant => instant.UtcTicks.ToString(CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => part?.ToString(),
            }).Append('\u001f');
        }
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())))[..16];
    }
}
