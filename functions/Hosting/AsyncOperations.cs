using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Hosting;

/// <summary>The answer to a request that started or changed long-running work: 202, with where to follow it.</summary>
public sealed record AcceptedOperation(string Id, string StatusQueryGetUri);

/// <summary>Durable Functions' HTTP async pattern: 202 Accepted with <c>Location</c> pointing at the status resource.</summary>
public static class AsyncOperations
{
    public static string StatusPath(string? tenantId, string instanceId) =>
        tenantId is null ? $"/api/admin/orchestrations/{instanceId}" : $"/api/tenants/{tenantId}/orchestrations/{instanceId}";

    public static Accepted<AcceptedOperation> Accepted(HttpContext http, string? tenantId, string instanceId)
    {
        var path = StatusPath(tenantId, instanceId);
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted(path, new AcceptedOperation(instanceId, path));
    }

    /// <summary>202 with <c>Location</c> at a resource of the work itself (an export job), which its body shows as it is now.</summary>
    public static Accepted<T> Accepted<T>(HttpContext http, string statusPath, T current)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted(statusPath, current);
    }
}
