using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Entra ID access tokens from the local issuer: directory mapping, app roles, role assignments and token validation.</summary>
public sealed class EntraTokenTests(HubFixture hub)
{
    private static readonly string[] AuditorOnly = ["Auditor"];

    private static string NewGuid() => Guid.NewGuid().ToString();

    private static string Records(string tenant) => $"/api/tenants/{tenant}/records/controls";

    private HttpClient EntraClient(string directoryId, string objectId, params string[] roles) =>
        hub.WithBearer(hub.Entra.CreateAccessToken(directoryId, objectId, roles));

    /// <summary>The control for every rejection below: the same directory, user and role with a sound token get in.</summary>
    private async Task AssertValidTokenIsAcceptedAsync(string directory, string user, string tenant)
    {
        using var valid = EntraClient(directory, user, "Owner");
        await (await valid.GetAsync(Records(tenant), TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AppRoleToken_FromTheTenantsDirectory_CanCreateRecords()
    {
        var (directory, user) = (NewGuid(), NewGuid());
        var tenant = await hub.CreateTenantAsync(directory);
        using var client = EntraClient(directory, user, "ComplianceManager");

        var response = await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, TestContext.Current.CancellationToken);

        var record = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"user:{user}", record.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task TokenWithoutRoles_IsForbidden_UntilAnOwnerAssignsAuditor_ThenReadsButCannotWrite()
    {
        var (directory, user) = (NewGuid(), NewGuid());
        var tenant = await hub.CreateTenantAsync(directory);
        var ct = TestContext.Current.CancellationToken;
        using var client = EntraClient(directory, user);
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await client.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var assigned = await owner.PutAsJsonAsync($"/api/tenants/{tenant}/team/role-assignments/{user}", new { roles = AuditorOnly }, ct);
        await assigned.ExpectAsync(HttpStatusCode.OK);

        await (await client.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await hub.StateAsync(tenant);
        await (await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task TokenFromAnUnknownDirectory_Returns403DirectoryNotOnboarded()
    {
        var tenant = await hub.CreateTenantAsync(NewGuid());
        var before = await hub.StateAsync(tenant);
        using var client = EntraClient(NewGuid(), NewGuid(), "Owner");

        var response = await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Forbidden, "directory-not-onboarded");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    public static TheoryData<string> InvalidTokens => ["wrong-audience", "issuer-of-another-directory", "foreign-signing-key"];

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task InvalidToken_Returns401InvalidToken_AndWritesNothing(string flaw)
    {
        var (directory, user) = (NewGuid(), NewGuid());
        var tenant = await hub.CreateTenantAsync(directory);
        await AssertValidTokenIsAcceptedAsync(directory, user, tenant);
        var before = await hub.StateAsync(tenant);
        string[] roles = ["Owner"];
        var token = flaw switch
        {
            "wrong-audience" => hub.Entra.CreateAccessToken(directory, user, roles, audience: "api://some-other-application"),
            "issuer-of-another-directory" => hub.Entra.CreateAccessToken(directory, user, roles, issuerDirectoryId: NewGuid()),
            _ => hub.Entra.CreateAccessToken(directory, user, roles, signedWithForeignKey: true),
        };
        using var client = hub.WithBearer(token);

        var response = await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-token");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task ExpiredToken_Returns401TokenExpired_AndWritesNothing()
    {
        var (directory, user) = (NewGuid(), NewGuid());
        var tenant = await hub.CreateTenantAsync(directory);
        await AssertValidTokenIsAcceptedAsync(directory, user, tenant);
        var before = await hub.StateAsync(tenant);
        var now = DateTimeOffset.UtcNow;
        using var client = hub.WithBearer(hub.Entra.CreateAccessToken(directory, user, ["Owner"], notBefore: now.AddHours(-2), expires: now.AddHours(-1)));

        var response = await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "token-expired");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task PlatformOperator_FromThePlatformDirectory_CanListTenants_ButNotCreateThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var operatorClient = EntraClient(HubFixture.PlatformDirectoryId, NewGuid(), "PlatformOperator");
        using var admin = hub.PlatformAdmin();
        var id = $"t-{Guid.NewGuid():N}"[..20];

        await (await operatorClient.GetAsync("/api/admin/tenants", ct)).ExpectAsync(HttpStatusCode.OK);
        var created = await operatorClient.PostAsJsonAsync("/api/admin/tenants", new { id, name = "Fabrikam", dataResidency = "eu" }, ct);

        await created.ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task PlatformDirectoryToken_WithATenantRole_HasNoTenantRights()
    {
        var tenant = await hub.CreateTenantAsync(NewGuid());
        var ct = TestContext.Current.CancellationToken;
        var before = await hub.StateAsync(tenant);
        using var client = EntraClient(HubFixture.PlatformDirectoryId, NewGuid(), "Owner");

        await (await client.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.PostAsJsonAsync(Records(tenant), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync("/api/admin/tenants", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task TenantDirectoryToken_WithAPlatformRole_HasNoPlatformRights()
    {
        var (directory, other) = (NewGuid(), await hub.CreateTenantAsync());
        var tenant = await hub.CreateTenantAsync(directory);
        var ct = TestContext.Current.CancellationToken;
        using var client = EntraClient(directory, NewGuid(), "PlatformAdmin");

        await (await client.GetAsync("/api/admin/tenants", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(Records(other), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task TokenOfDirectoryA_CannotReadOrWriteTenantB()
    {
        var (directoryA, directoryB) = (NewGuid(), NewGuid());
        _ = await hub.CreateTenantAsync(directoryA);
        var tenantB = await hub.CreateTenantAsync(directoryB);
        var ct = TestContext.Current.CancellationToken;
        using (var ownerB = EntraClient(directoryB, NewGuid(), "Owner"))
        {
            await (await ownerB.PostAsJsonAsync(Records(tenantB), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Created);
        }
        var before = await hub.StateAsync(tenantB);
        using var client = EntraClient(directoryA, NewGuid(), "Owner");

        await (await client.GetAsync(Records(tenantB), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.PostAsJsonAsync(Records(tenantB), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, await hub.StateAsync(tenantB));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Directory_MapsToOnlyOneTenant_ASecondMappingReturns409DirectoryInUse_AndCreatesNothing(bool upperCase)
    {
        var directory = NewGuid();
        var first = await hub.CreateTenantAsync(directory);
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = $"t-{Guid.NewGuid():N}"[..20];

        var response = await admin.PostAsJsonAsync("/api/admin/tenants", new
        {
            id,
            name = "Fabrikam",
            dataResidency = "eu",
            entraDirectoryId = upperCase ? directory.ToUpperInvariant() : directory,
        }, ct);

        await response.ExpectAsync(HttpStatusCode.Conflict, "directory-in-use");
        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        using var user = EntraClient(directory, NewGuid(), "Auditor");
        await (await user.GetAsync(Records(first), ct)).ExpectAsync(HttpStatusCode.OK);
    }
}
