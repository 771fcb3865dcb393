using System.Net;
using System.Text.Json;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>Reads audit chains through the API. Entries are <c>{ sequence, event: { … }, previousHash, hash }</c>.</summary>
public static class AuditLogReader
{
    /// <summary>Every entry of a tenant's chain matching <paramref name="filters"/> (a query string without '?'), newest first.</summary>
    public static Task<List<JsonElement>> TenantAuditAsync(this HttpClient reader, string tenantId, CancellationToken cancellationToken, string filters = "") =>
        reader.ReadAllPagesAsync($"/api/tenants/{tenantId}/audit?pageSize=200{(filters.Length == 0 ? "" : "&" + filters)}", cancellationToken);

    public static async Task<JsonElement> VerifyTenantAuditAsync(this HttpClient reader, string tenantId, CancellationToken cancellationToken) =>
        await (await reader.GetAsync($"/api/tenants/{tenantId}/audit/verify", cancellationToken)).ExpectAsync(HttpStatusCode.OK);

    public static JsonElement Event(this JsonElement entry) => entry.GetProperty("event");

    public static string Text(this JsonElement entry, string field) => entry.Event().GetProperty(field).GetString()!;

    public static int StatusCode(this JsonElement entry) => entry.Event().GetProperty("statusCode").GetInt32();

    public static string? Reason(this JsonElement entry) =>
        entry.Event().TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    public static long Sequence(this JsonElement entry) => entry.GetProperty("sequence").GetInt64();
}
