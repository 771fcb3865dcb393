using Microsoft.Extensions.Logging;

namespace DataGovernance.Security.Events;

/// <summary>Security events' log lines (event ids 5001-5099). Subjects and addresses stay out: they are in the event store.</summary>
internal static partial class SecurityEventLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Security event {EventType} {EventId} recorded for tenant {TenantId}")]
    public static partial void EventRecorded(this ILogger logger, SecurityEventType eventType, string eventId, string tenantId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Security alert {Kind} {AlertId} raised for tenant {TenantId} by event {EventId}")]
    public static partial void AlertRaised(this ILogger logger, string kind, string alertId, string tenantId, string eventId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Security detector {Detector} failed on event {EventId} of tenant {TenantId}; the event is recorded, its detection is not")]
    public static partial void DetectorFailed(this ILogger logger, Exception exception, string detector, string eventId, string tenantId);
}
