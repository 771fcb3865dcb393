using Microsoft.Extensions.Logging;

namespace DataGovernance.Privacy;

/// <summary>Erasures' log lines (event ids 4301-4399): ids and counts only, never the subject's identifiers or pseudonym.</summary>
internal static partial class ErasureLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Erasure of privacy request {RequestId} in tenant {TenantId} planned: {Planned} record(s), {Held} held")]
    public static partial void Planned(this ILogger logger, string requestId, string tenantId, int planned, int held);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Erasure of privacy request {RequestId} in tenant {TenantId} completed: {Erased} record(s)")]
    public static partial void Completed(this ILogger logger, string requestId, string tenantId, int erased);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Erasure of privacy request {RequestId} in tenant {TenantId} failed in a step; it resumes when started again")]
    public static partial void Failed(this ILogger logger, string requestId, string tenantId);
}
