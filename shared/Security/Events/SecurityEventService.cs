using DataGovernance.Monitoring;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Security.Events;

/// <summary>
/// The one way to record a security event: stores it, then lets every detector look at it. An alert goes to the
/// tenant's alerts and onto the alerts queue, at most once per quiet period for the same subject.
/// </summary>
public sealed class SecurityEventService(
    SecurityEventStore store,
    IEnumerable<ISecurityDetector> detectors,
    SecurityDetectionStore memory,
    AlertStore alerts,
    AlertQueue alertQueue,
    TimeProvider clock,
    ILogger<SecurityEventService> logger)
{
    /// <summary>
    /// Records the event with the context's actor, client address and correlation id. Once begun it runs to the end
    /// whatever <paramref name="cancellationToken"/> does: a client dropping its connection must not keep its failed
    /// sign-ins out of the log or the detectors. A failing detector is logged as an error and does not fail the call.
    /// </summary>
    /// <param name="subject">The user or thing concerned: a hub user id, an API key id, a pseudonymous key; never an e-mail address.</param>
    /// <param name="details">At most 16 entries, keys up to 64 and values up to 512 characters; never secrets.</param>
    public async Task<SecurityEvent> RecordAsync(
        string tenantId, SecurityEventType type, WriteContext context, string? subject, IReadOnlyDictionary<string, string>? details,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The id keeps the clock's full precision, so that events of the same millisecond still list in order.
        var now = clock.GetUtcNow();
        var occurredAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var recorded = new SecurityEvent(SecurityEventStore.NewId(now), tenantId, type, occurredAt, context.Actor, context.ClientIp, subject,
            context.CorrelationId, Checked(details));
        await store.AddAsync(recorded, CancellationToken.None);
        logger.EventRecorded(type, recorded.Id, tenantId);
        foreach (var detector in detectors)
        {
            try
            {
                if (await detector.InspectAsync(recorded, CancellationToken.None) is { } detection)
                {
                    await AlertAsync(recorded, detection);
                }
            }
            catch (Exception ex)
            {
                logger.DetectorFailed(ex, detector.GetType().Name, recorded.Id, tenantId);
            }
        }
        return recorded;
    }

    public async Task<Result<Page<SecurityEvent>>> ListAsync(
        string tenantId, SecurityEventFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (filter is { From: { } from, To: { } to } && from >= to)
        {
            return Failure.Validation(FieldErrors.Of("from", "Must be before to."));
        }
        var scope = ContinuationToken.Scope("security-events", tenantId, filter.Type?.ToString(), filter.From, filter.To);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<SecurityEvent>(items, ContinuationToken.Encode(next, scope));
    }

    private async Task AlertAsync(SecurityEvent recorded, Detection detection)
    {
        if (detection.QuietPeriod is { } quiet
            && !await memory.TryMarkAlertedAsync(recorded.TenantId, detection.Kind, detection.MarkKey ?? detection.Subject, recorded.OccurredAt, quiet, CancellationToken.None))
        {
            return;
        }
        var alert = await alerts.RaiseAsync(recorded.TenantId, detection.Kind, detection.Severity, detection.Subject, detection.Message, CancellationToken.None);
        logger.AlertRaised(detection.Kind, alert.Id, recorded.TenantId, recorded.Id);
        await alertQueue.PublishAsync(alert, CancellationToken.None);
    }

    private static Dictionary<string, string> Checked(IReadOnlyDictionary<string, string>? details)
    {
        if (details is null)
        {
            return new Dictionary<string, string>();
        }
        if (details.Count > SecurityEventDetails.MaxCount
            || details.Any(pair => pair.Key.Length is 0 or > SecurityEventDetails.MaxKeyLength || pair.Value.Length > SecurityEventDetails.MaxValueLength))
        {
            throw new ArgumentException(
                $"At most {SecurityEventDetails.MaxCount} details, keys of 1-{SecurityEventDetails.MaxKeyLength} and values of at most {SecurityEventDetails.MaxValueLength} characters.",
                nameof(details));
        }
        return new Dictionary<string, string>(details, StringComparer.Ordinal);
    }
}
