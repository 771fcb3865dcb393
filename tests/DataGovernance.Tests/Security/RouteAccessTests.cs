using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Walks the running hub's route table and proves the access rules for every endpoint.</summary>
public sealed class RouteAccessTests(HubFixture hub)
{
    private const int MinimumProtectedRoutes = 25;

    /// <summary>
    /// Signing in (password, second factor, refresh, accepting an invitation), health, the OpenAPI document, the Event Grid
    /// webhook, which checks its own key, and downloads through expiring links, whose signed token is the credential.
    /// </summary>
    private static readonly string[] AnonymousRoutes =
    [
        "GET /api/downloads/{token}", "GET /api/health/", "GET /api/health/ready", "GET /api/openapi.json",
        "OPTIONS /api/events/eventgrid", "POST /api/auth/invitations/accept", "POST /api/auth/refresh", "POST /api/auth/sign-in",
        "POST /api/auth/sign-in/mfa",
        "POST /api/events/eventgrid",
    ];

    private IReadOnlyList<HubRoute> Routes => HubRoute.All(hub.App.Services);

    private IReadOnlyList<HubRoute> ProtectedRoutes => [.. Routes.Where(route => !route.IsAnonymous)];

    [Fact]
    public void RouteTable_AnonymousRoutes_AreExactlySignInHealthOpenApiAndTheEventGridWebhook()
    {
        var anonymous = Routes.Where(route => route.IsAnonymous).Select(route => route.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(AnonymousRoutes, anonymous);
    }

    [Fact]
    public void RouteTable_EveryProtectedRoute_DeclaresExactlyOnePermission()
    {
        Assert.True(ProtectedRoutes.Count >= MinimumProtectedRoutes, $"Only {ProtectedRoutes.Count} protected routes found: {string.Join(", ", Routes)}");
        AssertNone(ProtectedRoutes
            .Where(route => route.Permissions.Count != 1)
            .Select(route => $"{route}: declares {route.Permissions.Count} permissions [{string.Join(", ", route.Permissions)}]"));
    }

    [Fact]
    public async Task EveryProtectedRoute_WithoutCredentials_Returns401MissingCredentials()
    {
        var tenant = await hub.CreateTenantAsync();
        using var anonymous = hub.Anonymous();
        var violations = new List<string>();
        foreach (var route in ProtectedRoutes)
        {
            var answer = await route.SendAsync(anonymous, tenant, TestContext.Current.CancellationToken);
            if (answer is not { Status: 401, Code: "missing-credentials" })
            {
                violations.Add($"{route}: expected 401 missing-credentials, got {answer}");
            }
        }
        AssertNone(violations);
    }

    [Fact]
    public async Task EveryTenantRoute_WithAnotherTenantsOwnerToken_IsRefused_AndChangesNothing()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var before = await hub.StateAsync(tenant);
        using var intruder = hub.TenantClient(other, Role.Owner);

        await AssertRefusedAsync(intruder, tenant);
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task EveryTenantRoute_WithAnotherTenantsApiKey_IsRefused_AndChangesNothing()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var (_, secret) = await hub.CreateApiKeyAsync(other, [.. TenantProbe.TenantScopes]);
        var before = await hub.StateAsync(tenant);
        using var intruder = hub.WithApiKey(secret);

        await AssertRefusedAsync(intruder, tenant);
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task EveryAdminRoute_WithTenantOwnerTokenOrApiKey_Returns403Forbidden()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, [.. TenantProbe.TenantScopes]);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(secret);
        var adminRoutes = ProtectedRoutes.Where(route => route.IsAdmin).ToList();
        Assert.True(adminRoutes.Count >= 8, $"Only {adminRoutes.Count} admin routes found.");

        var violations = new List<string>();
        foreach (var route in adminRoutes)
        {
            foreach (var (who, client) in new[] { ("tenant Owner", owner), ("tenant API key", apiKey) })
            {
                var answer = await route.SendAsync(client, tenant, TestContext.Current.CancellationToken);
                if (answer is not { Status: 403, Code: "forbidden" })
                {
                    violations.Add($"{route} as {who}: expected 403 forbidden, got {answer}");
                }
            }
        }
        AssertNone(violations);
    }

    [Fact]
    public async Task EveryProtectedRoute_ForEveryRoleWithoutItsPermission_Returns403Forbidden_AndChangesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        var before = await hub.StateAsync(tenant);
        var violations = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in ProtectedRoutes.Where(route => route.Permissions.Count == 1))
        {
            var lacking = Enum.GetValues<Role>().Where(role => !PermissionMatrix.For(role).Contains(route.Permissions[0])).ToList();
            if (lacking.Count > 0)
            {
                checkedRoutes++;
            }
            foreach (var role in lacking)
            {
                using var client = ClientFor(role, tenant);
                var answer = await route.SendAsync(client, tenant, TestContext.Current.CancellationToken);
                if (answer is not { Status: 403, Code: "forbidden" })
                {
                    violations.Add($"{route} as {role} (lacks {route.Permissions[0].ToScope()}): expected 403 forbidden, got {answer}");
                }
            }
        }
        AssertNone(violations);
        Assert.True(checkedRoutes >= MinimumProtectedRoutes, $"Only {checkedRoutes} routes had a role without their permission.");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task EveryProtectedRoute_ForEveryRoleWithItsPermission_IsLetIn()
    {
        var tenant = await hub.CreateTenantAsync();
        var violations = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in ProtectedRoutes.Where(route => route.Permissions.Count == 1))
        {
            var holding = Enum.GetValues<Role>().Where(role => PermissionMatrix.For(role).Contains(route.Permissions[0])).ToList();
            if (holding.Count > 0)
            {
                checkedRoutes++;
            }
            foreach (var role in holding)
            {
                using var client = ClientFor(role, tenant);
                var answer = await route.SendAsync(client, tenant, TestContext.Current.CancellationToken);
                if (IsAccessDenial(answer, tenant) || answer.Status >= 500)
                {
                    violations.Add($"{route} as {role} (holds {route.Permissions[0].ToScope()}): expected to be let in, got {answer}");
                }
            }
        }
        AssertNone(violations);
        Assert.True(checkedRoutes >= MinimumProtectedRoutes, $"Only {checkedRoutes} routes had a role with their permission.");
    }

    private async Task AssertRefusedAsync(HttpClient intruder, string tenant)
    {
        var tenantRoutes = ProtectedRoutes.Where(route => route.IsTenantScoped).ToList();
        Assert.True(tenantRoutes.Count >= 18, $"Only {tenantRoutes.Count} tenant routes found.");
        var violations = new List<string>();
        foreach (var route in tenantRoutes)
        {
            var answer = await route.SendAsync(intruder, tenant, TestContext.Current.CancellationToken);
            if (answer is not ({ Status: 404, Code: "not-found" } or { Status: 403 }))
            {
                violations.Add($"{route}: expected 404 not-found or 403, got {answer}");
            }
        }
        AssertNone(violations);
    }

    private HttpClient ClientFor(Role role, string tenant) =>
        hub.WithBearer(HubFixture.DevToken(role.IsPlatform() ? null : tenant, $"user-{role}".ToLowerInvariant(), role));

    /// <summary>A refusal by the access check rather than an answer of the endpoint (which may well be 404 for a made-up id).</summary>
    private static bool IsAccessDenial(RouteAnswer answer, string tenant) =>
        answer.Status is 401 or 403
        || answer.Code == "invalid-tenant-id"
        || (answer.Status == 404 && answer.Detail == $"Tenant '{tenant}' does not exist.");

    private static void AssertNone(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{list.Count} violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, list)}");
    }
}
