using DataGovernance.Monitoring;
using Microsoft.Extensions.Options;

namespace DataGovernance.Security.Events;

/// <summary>
/// Many failed sign-ins from one address across several accounts within a window: password spraying or credential
/// stuffing, which per-account lockout does not see.
/// </summary>
public sealed class FailureBurstDetector(SecurityEventStore events, IOptions<SecurityDetectionOptions> options) : ISecurityDetector
{
    public async Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded is not { Type: SecurityEventType.SignInFailed, ClientIp: { } address })
        {
            return null;
        }
        var settings = options.Value;
        var window = new SecurityEventFilter(SecurityEventType.SignInFailed, recorded.OccurredAt - settings.FailureBurstWindow, To: null);
        var (failures, accounts) = (0, new HashSet<string>(StringComparer.Ordinal));
        await foreach (var failure in events.ScanAsync(recorded.TenantId, window, address, actor: null, cancellationToken))
        {
            failures++;
            if (failure.Subject is { } account && accounts.Count < settings.FailureBurstAccounts)
            {
                accounts.Add(account);
            }
            if (failures >= settings.FailureBurstFailures && accounts.Count >= settings.FailureBurstAccounts)
            {
                return new Detection(SecurityAlerts.FailureBurst, AlertSeverity.Critical, address,
                    $"At least {failures} failed sign-ins from {address} against {accounts.Count} or more accounts within {settings.FailureBurstWindow.TotalMinutes:0} minutes.",
                    settings.FailureBurstWindow);
            }
        }
        return null;
    }
}
