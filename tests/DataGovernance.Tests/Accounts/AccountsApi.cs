using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>A signed-in hub account: its tokens as the sign-in answered them.</summary>
public sealed record SignedIn(string AccessToken, string RefreshToken, string SessionId, string UserId);

/// <summary>Invitations, sign-in and sessions through the API, as a client of the hub would use them.</summary>
public static class AccountsApi
{
    public const string GoodPassword = "violet kettle harbour 42";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string UniqueEmail(string name = "user") => $"{name}.{Guid.NewGuid():N}"[..24] + "@example.org";

    /// <summary>Invites <paramref name="email"/> as the tenant's Owner and returns the invitation token.</summary>
    public static async Task<string> InviteAsync(this HubFixture hub, string tenant, string email, params Role[] roles)
    {
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var response = await owner.PostAsJsonAsync($"/api/tenants/{tenant}/team/invitations",
            new { email, roles = roles.Select(role => role.ToString()).ToArray() }, Ct);
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("token").GetString()!;
    }

    public static async Task<HttpResponseMessage> AcceptAsync(this HubFixture hub, string token, string password)
    {
        using var anonymous = hub.Anonymous();
        return await anonymous.PostAsJsonAsync("/api/auth/invitations/accept", new { token, password }, Ct);
    }

    /// <summary>Invites, accepts with <see cref="GoodPassword"/> and returns the new account's e-mail address and user id.</summary>
    public static async Task<(string Email, string UserId)> CreateAccountAsync(this HubFixture hub, string tenant, params Role[] roles)
    {
        var email = UniqueEmail();
        var accepted = await (await hub.AcceptAsync(await hub.InviteAsync(tenant, email, roles), GoodPassword)).ExpectAsync(HttpStatusCode.Created);
        return (email, accepted.GetProperty("userId").GetString()!);
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HubFixture hub, string tenant, string email, string password, string? userAgent = null)
    {
        using var anonymous = hub.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in") { Content = JsonContent.Create(new { tenantId = tenant, email, password }) };
        if (userAgent is not null)
        {
            request.Headers.UserAgent.ParseAdd(userAgent);
        }
        return await anonymous.SendAsync(request, Ct);
    }

    public static async Task<SignedIn> SignedInAsync(this HubFixture hub, string tenant, string email, string password = GoodPassword, string? userAgent = null)
    {
        var body = await (await hub.SignInAsync(tenant, email, password, userAgent)).ExpectAsync(HttpStatusCode.OK);
        return Tokens(body);
    }

    public static SignedIn Tokens(JsonElement body) => new(
        body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!,
        body.GetProperty("sessionId").GetString()!, body.GetProperty("userId").GetString()!);

    public static async Task<HttpResponseMessage> RefreshAsync(this HubFixture hub, string refreshToken)
    {
        using var anonymous = hub.Anonymous();
        return await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);
    }

    public static HttpClient Client(this HubFixture hub, SignedIn account) => hub.WithBearer(account.AccessToken);
}
