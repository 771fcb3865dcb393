using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>The recognizers document and the scan route through the real HTTP pipeline.</summary>
public sealed class ClassificationApiTests(HubFixture hub)
{
    private static readonly object BadgeRecognizer = new
    {
        name = "Badge",
        pattern = @"\bBDG-\d{6}\b",
        timeoutMilliseconds = 50,
        validator = "none",
        contextWords = new[] { "badge" },
        category = "Biometric",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Recognizers(string tenant) => $"/api/tenants/{tenant}/classification/recognizers";

    private static string Scan(string tenant) => $"/api/tenants/{tenant}/classification/scan";

    [Fact]
    public async Task Recognizers_StartEmpty_AndAreReplacedWithIfMatch()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var empty = await owner.GetAsync(Recognizers(tenant), Ct);
        Assert.Equal("\"0\"", empty.Headers.ETag!.Tag);
        Assert.Equal(0, (await empty.ExpectAsync(HttpStatusCode.OK)).GetProperty("recognizers").GetArrayLength());

        var replaced = await owner.PutJsonAsync(Recognizers(tenant), new { recognizers = new[] { BadgeRecognizer } }, "\"0\"", Ct);
        var body = await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", replaced.Headers.ETag!.Tag);
        var stored = body.GetProperty("recognizers")[0];
        Assert.Equal("Badge", stored.GetProperty("name").GetString());
        Assert.Equal("None", stored.GetProperty("validator").GetString());
        Assert.Equal("Biometric", stored.GetProperty("category").GetString());
        Assert.Equal("user:user-owner", body.GetProperty("updatedBy").GetString());

        var read = await (await owner.GetAsync(Recognizers(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, read.GetProperty("version").GetInt64());
        Assert.Equal(@"\bBDG-\d{6}\b", read.GetProperty("recognizers")[0].GetProperty("pattern").GetString());
    }

    [Fact]
    public async Task Replace_WithoutIfMatch_Is428_AndWithAStaleOne_Is412()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var body = new { recognizers = new[] { BadgeRecognizer } };

        await (await owner.PutJsonAsync(Recognizers(tenant), body, null, Ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        await (await owner.PutJsonAsync(Recognizers(tenant), body, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(Recognizers(tenant), body, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
    }

    [Fact]
    public async Task Replace_WithInvalidRecognizers_Is422_WithFieldErrors_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var body = new
        {
            recognizers = new object[]
            {
                new { name = "Badge", pattern = "([a-z", timeoutMilliseconds = 50 },
                new { name = "badge", pattern = "BDG", timeoutMilliseconds = 0, validator = "sha1" },
            },
        };

        var problem = await (await owner.PutJsonAsync(Recognizers(tenant), body, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.NotEmpty(problem.FieldErrors("recognizers[0].pattern"));
        Assert.NotEmpty(problem.FieldErrors("recognizers[1].name"));
        Assert.NotEmpty(problem.FieldErrors("recognizers[1].timeoutMilliseconds"));
        Assert.NotEmpty(problem.FieldErrors("recognizers[1].validator"));
        var read = await owner.GetAsync(Recognizers(tenant), Ct);
        Assert.Equal("\"0\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task ScanText_ReturnsBuiltInAndTenantMatches_WithMaskedValuesOnly()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Recognizers(tenant), new { recognizers = new[] { BadgeRecognizer } }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        const string text = "Card 4111 1111 1111 1111, badge BDG-123456, IBAN DE89 3704 0044 0532 0130 00";

        var response = await owner.PostAsJsonAsync(Scan(tenant), new { text }, Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var matches = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("matches").EnumerateArray().ToList();

        Assert.Equal(["CreditCard", "Badge", "Iban"], matches.Select(match => match.GetProperty("entity").GetString()));
        Assert.Equal("**** **** **** **11", matches[0].GetProperty("maskedValue").GetString());
        Assert.Equal("Passed", matches[0].GetProperty("validator").GetString());
        Assert.True(matches[1].GetProperty("specialCategory").GetBoolean());
        Assert.Equal(text.IndexOf("BDG", StringComparison.Ordinal), matches[1].GetProperty("start").GetInt32());
        Assert.DoesNotContain("4111", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("3704", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanRecord_ReturnsFieldPaths()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var body = await (await owner.PostAsJsonAsync(Scan(tenant), new { record = new { owner = "Ada Lovelace", contact = new { email = "ada@example.com" } } }, Ct))
            .ExpectAsync(HttpStatusCode.OK);

        var matches = body.GetProperty("matches").EnumerateArray().Select(match => (match.GetProperty("entity").GetString(), match.GetProperty("fieldPath").GetString()));
        Assert.Equal([("PersonName", "owner"), ("Email", "contact.email")], matches);
    }

    [Fact]
    public async Task Scan_ReportsATenantPatternThatTimedOut()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var slow = new { name = "Slow", pattern = "^(a+)+$", timeoutMilliseconds = 20 };
        await (await owner.PutJsonAsync(Recognizers(tenant), new { recognizers = new[] { slow } }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        var body = await (await owner.PostAsJsonAsync(Scan(tenant), new { text = new string('a', 40) + "!" }, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, body.GetProperty("matches").GetArrayLength());
        Assert.Equal("Slow", Assert.Single(body.GetProperty("timeouts").EnumerateArray()).GetProperty("recognizer").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"text":"a","record":{"x":1}}""")]
    [InlineData("""{"record":[1,2]}""")]
    public async Task Scan_WithoutExactlyOneSample_Is422(string json)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var response = await owner.PostAsync(Scan(tenant), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        await response.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
    }

    [Fact]
    public async Task AnotherTenantsOwner_GetsNotFound_AndCannotChangeOrUseTheRecognizers()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var intruder = hub.TenantClient(other, Role.Owner);
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await intruder.GetAsync(Recognizers(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync(Recognizers(tenant), new { recognizers = new[] { BadgeRecognizer } }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsJsonAsync(Scan(tenant), new { text = "BDG-123456" }, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        var read = await owner.GetAsync(Recognizers(tenant), Ct);
        Assert.Equal("\"0\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Member_WithoutSettingsPermissions_Is403_AndAuditor_MayReadButNotReplace()
    {
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await member.GetAsync(Recognizers(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.PostAsJsonAsync(Scan(tenant), new { text = "x" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await auditor.GetAsync(Recognizers(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PutJsonAsync(Recognizers(tenant), new { recognizers = Array.Empty<object>() }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
