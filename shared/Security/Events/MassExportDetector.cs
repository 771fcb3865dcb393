using DataGovernance.Monitoring;
using Microsoft.Extensions.Options;

namespace DataGovernance.Security.Events;

/// <summary>One caller downloading whole collections or the whole tenant again and again: data being carried off.</summary>
public sealed class MassExportDetector(SecurityEventStore events, IOptions<SecurityDetectionOptions> options) : ISecurityDetector
{
    public async Task<Detection?> InspectAsync(SecurityEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Type != SecurityEventType.DataExported)
        {
            return null;
        }
        var settings = options.Value;
        var window = new SecurityEventFilter(SecurityEventType.DataExported, recorded.OccurredAt - settings.MassExportWindow, To: null);
        var downloads = 0;
        await foreach (var _ in events.ScanAsync(recorded.TenantId, window, clientIp: null, recorded.Actor.Id, cancellationToken))
        {
            if (++downloads >= settings.MassExportDownloads)
            {
                return new Detection(SecurityAlerts.MassExport, AlertSeverity.Critical, recorded.Actor.Id,
                    $"{recorded.Actor} downloaded whole collections or the whole tenant {downloads} times within {settings.MassExportWindow.TotalMinutes:0} minutes.",
                    settings.MassExportWindow);
            }
        }
        return null;
    }
}
