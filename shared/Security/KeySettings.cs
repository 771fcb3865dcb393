namespace DataGovernance.Security;

/// <summary>Keys the hub reads from settings as base64 text.</summary>
public static class KeySettings
{
    /// <summary>
    /// The key's bytes when <paramref name="base64"/> decodes to <paramref name="minimumBytes"/> to
    /// <paramref name="maximumBytes"/> bytes; otherwise null.
    /// </summary>
    public static byte[]? Decode(string? base64, int minimumBytes, int maximumBytes = int.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= minimumBytes && written <= maximumBytes
            ? buffer[..written]
            : null;
    }
}
