using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DataGovernance.Security;

/// <summary>
/// Reads the CIDR notations people type: a bare address is one host (/32 or /128), host bits are cleared
/// (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>) and IPv4-mapped IPv6 networks become IPv4 ones.
/// </summary>
public static class IpCidr
{
    public static bool TryNormalise(string? text, out IPNetwork network, out string? error)
    {
        network = default;
        var trimmed = (text ?? "").Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (addressText.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(addressText, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && address.ToString() != addressText))
        {
            error = "Must be an IPv4 or IPv6 address or CIDR network, such as 203.0.113.0/24 or 2001:db8::/32.";
            return false;
        }
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(trimmed.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            error = $"The prefix length must be a number from 0 to {maxPrefix}.";
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            if (prefix < 96)
            {
                error = "An IPv4-mapped network needs a prefix length of at least 96.";
                return false;
            }
            (address, prefix) = (address.MapToIPv4(), prefix - 96);
        }
        network = new IPNetwork(Masked(address, prefix), prefix);
        error = null;
        return true;
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
