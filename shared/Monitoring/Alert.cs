namespace DataGovernance.Monitoring;

public enum AlertSeverity
{
    Warning,
    Critical,
}

/// <summary>Something operators and tenant administrators must look at, raised by the hub's own checks.</summary>
/// <param name="TenantId">The tenant concerned; null for platform-wide alerts.</param>
/// <param name="Kind">A stable name such as <c>backup-integrity</c> or <c>dr-readiness</c>.</param>
/// <param name="Subject">What it is about (a restore point id, a region…), for de-duplication and links.</param>
public sealed record Alert(
    string Id,
    string? TenantId,
    string Kind,
    AlertSeverity Severity,
    string Subject,
    string Message,
    DateTimeOffset RaisedAt);
