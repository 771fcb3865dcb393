using Microsoft.Extensions.Logging;

namespace DataGovernance.Mfa;

/// <summary>Multi-factor authentication's log lines (event ids 8001-8099); never a secret, code or user id.</summary>
internal static partial class MfaLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning,
        Message = "An MFA device secret in tenant {TenantId} does not decrypt (damaged, moved from another row, or encrypted under another key); the device is skipped")]
    public static partial void SecretUnreadable(this ILogger logger, string tenantId);
}
