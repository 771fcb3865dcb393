using Microsoft.Extensions.Logging;

namespace DataGovernance.Classification;

/// <summary>Classification's log lines (event ids 9701-9799); never a classified value.</summary>
internal static partial class ClassificationLog
{
    [LoggerMessage(EventId = 9701, Level = LogLevel.Warning,
        Message = "Tenant {TenantId}'s recognizer {Recognizer} ran past its time limit on a sample and matched nothing there")]
    public static partial void RecognizerTimedOut(this ILogger logger, string tenantId, string recognizer);

    [LoggerMessage(EventId = 9702, Level = LogLevel.Warning,
        Message = "Could not queue the classification of tenant {TenantId}'s {Collection} record {RecordId}; a re-scan will classify it")]
    public static partial void EnqueueFailed(this ILogger logger, Exception exception, string tenantId, string collection, string recordId);

    [LoggerMessage(EventId = 9703, Level = LogLevel.Warning,
        Message = "Tenant {TenantId}'s {Collection} record {RecordId} holds {Count} identifying values; only the most confident are indexed")]
    public static partial void IndexTruncated(this ILogger logger, string tenantId, string collection, string recordId, int count);

    [LoggerMessage(EventId = 9704, Level = LogLevel.Information,
        Message = "Classification found special-category data ({Category}) in tenant {TenantId} for the first time")]
    public static partial void SpecialCategoryFirstFound(this ILogger logger, string tenantId, PiiCategory category);
}
