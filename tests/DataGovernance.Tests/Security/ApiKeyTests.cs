using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

public sealed class ApiKeyTests(HubFixture hub)
{
    private static readonly string[] ReadOnly = ["records.read"];

    private static string Keys(string tenant) => $"/api/tenants/{tenant}/settings/api-keys";

    private static string Records(string tenant) => $"/api/tenants/{tenant}/records/controls";

    [Fact]
    public async Task Create_ReturnsTheSecretOnce_AndListAndGetNeverShowItOrItsHash()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var response = await owner.PostAsJsonAsync(Keys(tenant), new { name = "ci", scopes = ReadOnly }, ct);

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var key = created.GetProperty("key");
        var keyId = key.GetProperty("id").GetString()!;
        Assert.StartsWith($"dgh_{tenant}_{keyId}_", secret, StringComparison.Ordinal);
        Assert.Equal($"{Keys(tenant)}/{keyId}", response.Headers.Location!.OriginalString);
        Assert.Equal(["records.read"], key.GetProperty("scopes").EnumerateArray().Select(scope => scope.GetString()));
        Assert.Equal("user:user-owner", key.GetProperty("createdBy").GetString());

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret.Split('_')[^1])));
        foreach (var path in new[] { Keys(tenant), $"{Keys(tenant)}/{keyId}" })
        {
            var raw = await (await owner.GetAsync(path, ct)).Content.ReadAsStringAsync(ct);
            Assert.Contains(keyId, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Split('_')[^1], raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(hash, raw, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secret", raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsRecords_CannotWrite_AndRecordsItsLastUse()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var (keyId, secret) = await hub.CreateApiKeyAsync(tenant, "records.read");
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(secret);
        var unused = await (await owner.GetAsync($"{Keys(tenant)}/{keyId}", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(unused.TryGetProperty("lastUsedAt", out _));

        await (await apiKey.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await hub.StateAsync(tenant);
        await (await apiKey.PostAsJsonAsync(Records(tenant), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await apiKey.GetAsync(Keys(tenant), ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await hub.StateAsync(tenant));

        var used = await (await owner.GetAsync($"{Keys(tenant)}/{keyId}", ct)).ExpectAsync(HttpStatusCode.OK);
        var lastUsedAt = used.GetProperty("lastUsedAt").GetDateTimeOffset();
        Assert.InRange(lastUsedAt, used.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task RevokedKey_Returns401InvalidApiKey()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var (keyId, secret) = await hub.CreateApiKeyAsync(tenant, "records.read");
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(secret);
        await (await apiKey.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.OK);

        var revoked = await (await owner.PostAsync($"{Keys(tenant)}/{keyId}/revoke", null, ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.True(revoked.TryGetProperty("revokedAt", out _));
        await (await apiKey.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.Unauthorized, "invalid-api-key");
    }

    [Fact]
    public async Task TamperedOrMalformedKey_Returns401InvalidApiKey()
    {
        var tenant = await hub.CreateTenantAsync();
        var (keyId, secret) = await hub.CreateApiKeyAsync(tenant, "records.read");
        var tampered = secret[..^1] + (secret[^1] == '0' ? '1' : '0');
        string[] presented = [tampered, $"dgh_{tenant}_{keyId}_short", $"dgh_{tenant}_{keyId}", "not-a-key", secret.ToUpperInvariant(), secret + "0"];

        foreach (var key in presented)
        {
            using var client = hub.WithApiKey(key);
            var response = await client.GetAsync(Records(tenant), TestContext.Current.CancellationToken);
            await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-api-key");
        }
    }

    [Fact]
    public async Task KeyOfTenantA_OnTenantBsRoutes_Returns404()
    {
        var (tenantA, tenantB) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var ct = TestContext.Current.CancellationToken;
        var (_, secret) = await hub.CreateApiKeyAsync(tenantA, [.. TenantProbe.TenantScopes]);
        var before = await hub.StateAsync(tenantB);
        using var apiKey = hub.WithApiKey(secret);

        await (await apiKey.GetAsync(Records(tenantB), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await apiKey.PostAsJsonAsync(Records(tenantB), TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await apiKey.PostAsJsonAsync(Keys(tenantB), new { name = "pivot", scopes = ReadOnly }, ct))
            .ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, await hub.StateAsync(tenantB));
    }

    [Fact]
    public async Task KeyExpiringInAFewSeconds_StopsWorkingOnceItHasExpired()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var created = await (await owner.PostAsJsonAsync(Keys(tenant), new { name = "short-lived", scopes = ReadOnly, expiresAt }, ct))
            .ExpectAsync(HttpStatusCode.Created);
        using var apiKey = hub.WithApiKey(created.GetProperty("secret").GetString()!);
        await (await apiKey.GetAsync(Records(tenant), ct)).ExpectAsync(HttpStatusCode.OK);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        HttpResponseMessage response;
        while ((response = await apiKey.GetAsync(Records(tenant), ct)).StatusCode == HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(250, ct);
        }

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-api-key");
        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "The key stopped working before its expiry time.");
    }

    public static TheoryData<Role, string, HttpStatusCode, string, string?> RejectedCreates => new()
    {
        { Role.ComplianceManager, """{"name":"ci","scopes":["records.read"]}""", HttpStatusCode.Forbidden, "forbidden", null },
        { Role.Admin, """{"name":"ci","scopes":["tenants.manage"]}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "scopes[0]" },
        { Role.Owner, """{"name":"ci","scopes":["records.read","records.delete"]}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "scopes[1]" },
        { Role.Owner, """{"name":"ci","scopes":[]}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "scopes" },
        { Role.Owner, """{"scopes":["records.read"]}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "name" },
        { Role.Owner, """{"name":"ci","scopes":["records.read"],"expiresAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "expiresAt" },
        { Role.Owner, """{"name":"ci","scopes":["records.read"],"expiresAt":"2999-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "validation-failed", "expiresAt" },
        { Role.Owner, """{"name":"ci","scopes":["records.read"],"admin":true}""", HttpStatusCode.BadRequest, "invalid-json", null },
    };

    [Theory]
    [MemberData(nameof(RejectedCreates))]
    public async Task RejectedCreate_ReturnsAClearError_AndLeavesTheKeyListUnchanged(Role role, string body, HttpStatusCode status, string code, string? field)
    {
        var tenant = await hub.CreateTenantAsync();
        await hub.CreateApiKeyAsync(tenant, "records.read");
        var before = await hub.StateAsync(tenant);
        using var client = hub.TenantClient(tenant, role);

        var response = await client.PostAsync(Keys(tenant), new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await response.ExpectAsync(status, code);
        if (field is not null)
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        if (body.Contains("tenants.manage", StringComparison.Ordinal))
        {
            Assert.Equal(["Unknown scope."], problem.FieldErrors("scopes[0]"));
        }
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task KeyThatManagesKeys_CannotCreateKeys_BecauseThatNeedsAPersonWithARecentSecondFactor()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, "apikeys.manage", "records.read");
        using var apiKey = hub.WithApiKey(secret);
        var before = await hub.StateAsync(tenant);

        var attempt = await apiKey.PostAsJsonAsync(Keys(tenant), new { name = "subset", scopes = ReadOnly }, ct);

        await attempt.ExpectAsync(HttpStatusCode.Forbidden, "step-up-unavailable");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }
}
