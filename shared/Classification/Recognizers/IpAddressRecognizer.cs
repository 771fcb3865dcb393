using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>IPv4 and IPv6 addresses: candidate shapes confirmed by <see cref="IPAddress"/> parsing.</summary>
public sealed partial class IpAddressRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.IpAddress;

    public override PiiCategory Category => PiiCategory.OnlineIdentifier;

    public override IReadOnlyList<string> ContextWords => ["ip", "address", "client", "host", "remote"];

    public override IReadOnlyList<string> ExclusionWords => ["version", "release", "oid"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.7;

    protected override bool? Check(string value) =>
        value.Contains(':', StringComparison.Ordinal)
            ? IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && value.Count(c => c == ':') >= 2
            : IsDottedQuad(value);

    /// <summary>IPAddress.TryParse also takes "1.2" or octal forms; an address in text is four decimal octets.</summary>
    private static bool IsDottedQuad(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(part => part.Length is >= 1 and <= 3 && (part.Length == 1 || part[0] != '0')
            && int.Parse(part, provider: null) <= 255);
    }

    [GeneratedRegex(@"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:\d{1,3}(?:\.\d{1,3}){3})?)(?![\w.:])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
