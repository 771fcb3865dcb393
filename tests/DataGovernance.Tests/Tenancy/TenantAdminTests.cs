using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Tenancy;

public sealed class TenantAdminTests(HubFixture hub)
{
    internal static string NewTenantId() => $"t-{Guid.NewGuid():N}"[..20];

    internal static object NewTenant(string id, string name = "Fabrikam Privacy") => new
    {
        id,
        name,
        dataResidency = "eu",
        timeZone = "Europe/Paris",
        locale = "fr-FR",
        branding = new { primaryColor = "#0A64C8", accentColor = "#FFAA00" },
    };

    [Fact]
    public async Task Create_Returns201_WithLocationEtagAndTheTenant_AndGetReturnsTheSame()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = NewTenantId();

        var created = await admin.PostAsJsonAsync("/api/admin/tenants", NewTenant(id), ct);
        var body = await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/admin/tenants/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("Active", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        var settings = body.GetProperty("settings");
        Assert.Equal("Fabrikam Privacy", settings.GetProperty("name").GetString());
        Assert.Equal("eu", settings.GetProperty("dataResidency").GetString());
        Assert.Equal("Europe/Paris", settings.GetProperty("timeZone").GetString());
        Assert.Equal("fr-FR", settings.GetProperty("locale").GetString());
        Assert.Equal("#0A64C8", settings.GetProperty("branding").GetProperty("primaryColor").GetString());
        Assert.Equal("#FFAA00", settings.GetProperty("branding").GetProperty("accentColor").GetString());
        Assert.False(body.TryGetProperty("deactivatedAt", out _));

        var read = await admin.GetAsync($"/api/admin/tenants/{id}", ct);
        var readBody = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(body.GetRawText(), readBody.GetRawText());
    }

    [Fact]
    public async Task List_FindsTheTenant_AndTheStatusFilterReturnsOnlyDeactivatedTenants()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var active = await hub.CreateTenantAsync();
        var deactivated = await hub.CreateTenantAsync();
        await (await admin.PostAsync($"/api/admin/tenants/{deactivated}/deactivate", null, ct)).ExpectAsync(HttpStatusCode.OK);

        var all = await admin.ReadAllPagesAsync("/api/admin/tenants?pageSize=200", ct);
        Assert.Contains(all, tenant => tenant.GetProperty("id").GetString() == active);
        Assert.Contains(all, tenant => tenant.GetProperty("id").GetString() == deactivated);

        var onlyDeactivated = await admin.ReadAllPagesAsync("/api/admin/tenants?status=Deactivated&pageSize=200", ct);
        Assert.All(onlyDeactivated, tenant => Assert.Equal("Deactivated", tenant.GetProperty("status").GetString()));
        Assert.Contains(onlyDeactivated, tenant => tenant.GetProperty("id").GetString() == deactivated);
        Assert.DoesNotContain(onlyDeactivated, tenant => tenant.GetProperty("id").GetString() == active);
    }

    [Fact]
    public async Task List_WithPageSizeOne_PagesThroughSeveralTenants_WithoutRepeats()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        string[] mine = [await hub.CreateTenantAsync(), await hub.CreateTenantAsync(), await hub.CreateTenantAsync()];

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/api/admin/tenants?pageSize=1" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await admin.GetAsync(url, ct)).ExpectAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 1, $"A page of size 1 held {items.Count} tenants.");
            seen.AddRange(items.Select(item => item.GetProperty("id").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 5000);

        Assert.Null(token);
        Assert.True(pages >= 3, $"Three tenants fitted in {pages} pages of size 1.");
        Assert.All(mine, id => Assert.Contains(id, seen));
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task List_WithATokenFromAnotherFilter_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        await hub.CreateTenantAsync();
        await hub.CreateTenantAsync();
        var first = await (await admin.GetAsync("/api/admin/tenants?pageSize=1", ct)).ExpectAsync(HttpStatusCode.OK);
        var token = first.GetProperty("continuationToken").GetString()!;

        var replayed = await admin.GetAsync($"/api/admin/tenants?pageSize=1&status=Active&continuationToken={Uri.EscapeDataString(token)}", ct);
        await replayed.ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
    }

    [Fact]
    public async Task Update_WithIfMatch_ReplacesTheSettings_AndMovesTheEtagTo2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = await hub.CreateTenantAsync();
        var update = new { name = "Contoso Group", dataResidency = "ch", timeZone = "Europe/Zurich", locale = "de-CH", branding = new { primaryColor = "#112233" } };

        var updated = await admin.PutJsonAsync($"/api/admin/tenants/{id}", update, "\"1\"", ct);
        var body = await updated.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);
        Assert.Equal(2, body.GetProperty("version").GetInt64());

        var read = await admin.GetAsync($"/api/admin/tenants/{id}", ct);
        var settings = (await read.ExpectAsync(HttpStatusCode.OK)).GetProperty("settings");
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
        Assert.Equal("Contoso Group", settings.GetProperty("name").GetString());
        Assert.Equal("ch", settings.GetProperty("dataResidency").GetString());
        Assert.Equal("Europe/Zurich", settings.GetProperty("timeZone").GetString());
        Assert.Equal("de-CH", settings.GetProperty("locale").GetString());
        Assert.Equal("#112233", settings.GetProperty("branding").GetProperty("primaryColor").GetString());
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412_AndKeepsTheTenant()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = await hub.CreateTenantAsync();
        var first = new { name = "First rename", dataResidency = "eu" };
        await (await admin.PutJsonAsync($"/api/admin/tenants/{id}", first, "\"1\"", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadAsync(admin, id, ct);

        var stale = await admin.PutJsonAsync($"/api/admin/tenants/{id}", new { name = "Lost update", dataResidency = "us" }, "\"1\"", ct);
        await stale.ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        Assert.Equal(before.GetRawText(), (await ReadAsync(admin, id, ct)).GetRawText());
    }

    [Fact]
    public async Task Update_WithoutIfMatch_Returns428_AndKeepsTheTenant()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = await hub.CreateTenantAsync();
        var before = await ReadAsync(admin, id, ct);

        var blind = await admin.PutJsonAsync($"/api/admin/tenants/{id}", new { name = "Blind write", dataResidency = "us" }, ifMatch: null, ct);
        await blind.ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");

        Assert.Equal(before.GetRawText(), (await ReadAsync(admin, id, ct)).GetRawText());
    }

    [Fact]
    public async Task Update_WithInvalidSettings_Returns422_AndKeepsTheTenant()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = await hub.CreateTenantAsync();
        var before = await ReadAsync(admin, id, ct);

        var invalid = await admin.PutJsonAsync($"/api/admin/tenants/{id}", new { name = "", dataResidency = "eu", timeZone = "Mars/Olympus" }, "\"1\"", ct);
        var problem = await invalid.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("timeZone"));

        Assert.Equal(before.GetRawText(), (await ReadAsync(admin, id, ct)).GetRawText());
    }

    [Fact]
    public async Task Deactivate_SetsStatusAndDeactivatedAt_AndReactivateClearsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = await hub.CreateTenantAsync();
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-1);

        var deactivated = await (await admin.PostAsync($"/api/admin/tenants/{id}/deactivate", null, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Deactivated", deactivated.GetProperty("status").GetString());
        var deactivatedAt = deactivated.GetProperty("deactivatedAt").GetDateTimeOffset();
        Assert.InRange(deactivatedAt, startedAt, DateTimeOffset.UtcNow.AddMinutes(1));
        var stored = await ReadAsync(admin, id, ct);
        Assert.Equal("Deactivated", stored.GetProperty("status").GetString());
        Assert.Equal(deactivatedAt, stored.GetProperty("deactivatedAt").GetDateTimeOffset());

        var reactivated = await (await admin.PostAsync($"/api/admin/tenants/{id}/reactivate", null, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Active", reactivated.GetProperty("status").GetString());
        Assert.False(reactivated.TryGetProperty("deactivatedAt", out _));
        var restored = await ReadAsync(admin, id, ct);
        Assert.Equal("Active", restored.GetProperty("status").GetString());
        Assert.False(restored.TryGetProperty("deactivatedAt", out _));
        Assert.Equal(3, restored.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Create_WithAnExistingId_Returns409_AndKeepsTheOriginal()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = NewTenantId();
        await (await admin.PostAsJsonAsync("/api/admin/tenants", NewTenant(id, "The original"), ct)).ExpectAsync(HttpStatusCode.Created);
        var before = await ReadAsync(admin, id, ct);

        var duplicate = await admin.PostAsJsonAsync("/api/admin/tenants", NewTenant(id, "The impostor"), ct);
        await duplicate.ExpectAsync(HttpStatusCode.Conflict, "tenant-exists");

        var after = await ReadAsync(admin, id, ct);
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal("The original", after.GetProperty("settings").GetProperty("name").GetString());
    }

    internal static async Task<JsonElement> ReadAsync(HttpClient admin, string id, CancellationToken ct) =>
        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.OK);
}
