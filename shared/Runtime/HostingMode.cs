using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DataGovernance.Runtime;

/// <summary>
/// How the program is hosted. Under Azure Functions the host starts it as a custom handler with
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set: the Functions host then owns the triggers and the program only answers
/// invocations. Otherwise the program runs its own queue listeners, timers and local event delivery.
/// </summary>
public sealed record HostingMode(int? CustomHandlerPort)
{
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public bool IsCustomHandler => CustomHandlerPort is not null;

    public static HostingMode From(IConfiguration configuration)
    {
        var value = configuration[CustomHandlerPortSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new HostingMode(CustomHandlerPort: null);
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? new HostingMode(port)
            : throw new InvalidOperationException($"{CustomHandlerPortSetting} must be a TCP port number, not '{value}'.");
    }
}
