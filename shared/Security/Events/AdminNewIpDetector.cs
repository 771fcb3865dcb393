using DataGovernance.Monitoring;

namespace DataGovernance.Security.Events;

/// <summary>
/// An Owner or Admin signing in from an address they never signed in from: a stolen administrator account is the
/// costliest kind. Every user's addresses are remembered (so that one promoted later is judged on their history);
/// a user's first sign-in only records its address, since there is nothing to compare it with.
/// </summary>
public sealed class AdminNewIpDetector(SecurityDetectionStore memory) : ISecurityDetector
{
    /// <summary>Covers two sign-ins from the same new address racing each other; afterwards the address is known.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromHours(1);

    public async Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded is not { Type: SecurityEventType.SignInSucceeded, Subject: { } user, ClientIp: { } address })
        {
            return null;
        }
        var (anyKnown, addressKnown) = await memory.GetKnownAddressAsync(recorded.TenantId, user, address, cancellationToken);
        if (addressKnown)
        {
            return null;
        }
        await memory.AddKnownAddressAsync(recorded.TenantId, user, address, recorded.OccurredAt, cancellationToken);
        var roles = SecurityEventDetails.ParseRoles(recorded.Details.GetValueOrDefault(SecurityEventDetails.Roles));
        if (!anyKnown || !(roles.Contains(Role.Owner) || roles.Contains(Role.Admin)))
        {
            return null;
        }
        return new Detection(SecurityAlerts.AdminNewIp, AlertSeverity.Warning, user,
            $"Administrator {user} signed in from {address}, an address they have not signed in from before.", QuietPeriod, $"{user} {address}");
    }
}
