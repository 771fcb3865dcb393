using DataGovernance.Monitoring;

namespace DataGovernance.Security.Events;

/// <summary>Looks at one freshly recorded event (and what came before it) and says whether it calls for an alert.</summary>
public interface ISecurityDetector
{
    Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken);
}

/// <summary>An alert a detector asks for.</summary>
/// <param name="Subject">What the alert is about (an address, a user id, an actor), shown with it.</param>
/// <param name="QuietPeriod">No second alert of this kind about the same <paramref name="MarkKey"/> within this time; null: alert every time.</param>
/// <param name="MarkKey">What counts as "the same" for the quiet period; the subject when null.</param>
public sealed record Detection(string Kind, AlertSeverity Severity, string Subject, string Message, TimeSpan? QuietPeriod, string? MarkKey = null);
