using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Team;

/// <summary>Routes and small steps the Team tests share.</summary>
public static class TeamApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Users(string tenant) => $"/api/tenants/{tenant}/team/users";

    public static string Assignments(string tenant) => $"/api/tenants/{tenant}/team/role-assignments";

    public static string Departments(string tenant) => $"/api/tenants/{tenant}/team/departments";

    public static string Delegations(string tenant) => $"/api/tenants/{tenant}/team/delegations";

    public static string NewUserId() => $"u-{Guid.NewGuid():N}"[..14];

    /// <summary>A caller who is the tenant's user <paramref name="userId"/> with these roles in their development token.</summary>
    public static HttpClient As(this HubFixture hub, string tenant, string userId, params Role[] roles) =>
        hub.WithBearer(HubFixture.DevToken(tenant, userId, roles));

    public static async Task<JsonElement> AssignAsync(this HttpClient client, string tenant, string userId, params Role[] roles) =>
        await (await client.PutAsJsonAsync($"{Assignments(tenant)}/{userId}", new { roles = roles.Select(role => role.ToString()) }, Ct))
            .ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> DelegateAsync(this HttpClient client, string tenant, string userId, Role role, DateTimeOffset expiresAt) =>
        await (await client.PostAsJsonAsync(Delegations(tenant), new { userId, role = role.ToString(), expiresAt, reason = "Holiday cover" }, Ct))
            .ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> CreateDepartmentAsync(this HttpClient client, string tenant, string name, string? parentId = null) =>
        await (await client.PostAsJsonAsync(Departments(tenant), new { name, parentId }, Ct)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>Null properties are left out of the hub's JSON.</summary>
    public static bool Lacks(this JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];
}
