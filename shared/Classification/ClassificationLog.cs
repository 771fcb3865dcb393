using Microsoft.Extensions.Logging;

namespace DataGovernance.Classification;

/// <summary>Classification's log lines (event ids 9701-9799); never a classified value.</summary>
internal static partial class ClassificationLog
{
    [LoggerMessage(EventId = 9701, Level = LogLevel.Warning,
        Message = "Tenant {TenantId}'s recognizer {Recognizer} ran past its time limit on a sample and matched nothing there")]
    public static partial void RecognizerTimedOut(this ILogger logger, string tenantId, string recognizer);
}
