using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace DataGovernance.Audit;

/// <summary>The hash chain: each entry's hash covers its canonical form, which includes the previous entry's hash.</summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    private sealed record CanonicalEntry(
        string Chain,
        long Sequence,
        string OccurredAt,
        string Actor,
        string Action,
        string Method,
        string Path,
        int StatusCode,
        string Outcome,
        string? Reason,
        string CorrelationId,
        string? ClientIp,
        string PreviousHash);

    public static string ComputeHash(long sequence, AuditEvent auditEvent, string previousHash)
    {
        var canonical = new CanonicalEntry(
            auditEvent.ChainId,
            sequence,
            auditEvent.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            auditEvent.Actor,
            auditEvent.Action,
            auditEvent.Method,
            auditEvent.Path,
            auditEvent.StatusCode,
            auditEvent.Outcome.ToString(),
            auditEvent.Reason,
            auditEvent.CorrelationId,
            auditEvent.ClientIp,
            previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }

    public static bool Verifies(AuditEntry entry) =>
        ComputeHash(entry.Sequence, entry.Event, entry.PreviousHash) == entry.Hash;
}
