using DataGovernance.Monitoring;

namespace DataGovernance.Security.Events;

/// <summary>A user given Owner or Admin who did not hold it before: every new administrator deserves a second look.</summary>
public sealed class RoleElevationDetector : ISecurityDetector
{
    public Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Type != SecurityEventType.RoleChanged)
        {
            return Task.FromResult<Detection?>(null);
        }
        var previous = SecurityEventDetails.ParseRoles(recorded.Details.GetValueOrDefault(SecurityEventDetails.PreviousRoles));
        var gained = SecurityEventDetails.ParseRoles(recorded.Details.GetValueOrDefault(SecurityEventDetails.Roles))
            .Where(role => role is Role.Owner or Role.Admin && !previous.Contains(role))
            .Order()
            .ToList();
        var user = recorded.Subject ?? "unknown user";
        return Task.FromResult(gained.Count == 0
            ? null
            : new Detection(SecurityAlerts.RoleElevated, AlertSeverity.Warning, user,
                $"{recorded.Actor} gave {user} the role {string.Join(" and ", gained)}.", QuietPeriod: null));
    }
}
