using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Hosting;

public sealed partial class CrossCuttingTests(HubFixture hub)
{
    private const string Header = "X-Correlation-Id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormedCorrelationId();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? correlationId, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, correlationId);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string CorrelationIdOf(HttpResponseMessage response) =>
        Assert.Single(response.Headers.TryGetValues(Header, out var values) ? values : []);

    [Fact]
    public async Task WellFormedCorrelationId_IsEchoed_AndAppearsInProblemDetails()
    {
        using var anonymous = hub.Anonymous();
        var tenant = await hub.CreateTenantAsync();
        const string Id = "order-42:retry.1_A";

        var health = await SendAsync(anonymous, HttpMethod.Get, "/api/health", Id);
        await health.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Id, CorrelationIdOf(health));

        var missing = await SendAsync(anonymous, HttpMethod.Get, "/api/no-such-thing", Id);
        var notFound = await missing.ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(Id, CorrelationIdOf(missing));
        Assert.Equal(Id, notFound.GetProperty("correlationId").GetString());

        var unauthenticated = await SendAsync(anonymous, HttpMethod.Get, $"/api/tenants/{tenant}/records/controls", Id);
        var problem = await unauthenticated.ExpectAsync(HttpStatusCode.Unauthorized, "missing-credentials");
        Assert.Equal(Id, CorrelationIdOf(unauthenticated));
        Assert.Equal(Id, problem.GetProperty("correlationId").GetString());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(65)]
    public async Task OverlongCorrelationId_IsReplacedByAGeneratedOne(int length)
    {
        using var anonymous = hub.Anonymous();
        var presented = new string('a', length);

        var response = await SendAsync(anonymous, HttpMethod.Get, "/api/no-such-thing", presented);
        var problem = await response.ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var generated = CorrelationIdOf(response);
        Assert.NotEqual(presented, generated);
        Assert.Matches(WellFormedCorrelationId(), generated);
        Assert.Equal(generated, problem.GetProperty("correlationId").GetString());
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon")]
    [InlineData("slash/and\\backslash")]
    [InlineData("<script>")]
    public async Task MalformedCorrelationId_IsReplacedByAGeneratedOne(string presented)
    {
        using var anonymous = hub.Anonymous();

        var response = await SendAsync(anonymous, HttpMethod.Get, "/api/health", presented);
        await response.ExpectAsync(HttpStatusCode.OK);

        var generated = CorrelationIdOf(response);
        Assert.NotEqual(presented, generated);
        Assert.Matches(WellFormedCorrelationId(), generated);
    }

    [Fact]
    public async Task EveryResponse_CarriesACorrelationId_EvenWithoutOneInTheRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var anonymous = hub.Anonymous();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var responses = new (string Label, HttpResponseMessage Response)[]
        {
            ("200 health", await anonymous.GetAsync("/api/health", ct)),
            ("200 ready", await anonymous.GetAsync("/api/health/ready", ct)),
            ("200 openapi", await anonymous.GetAsync("/api/openapi.json", ct)),
            ("201 record", await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "C1", title = "T", status = "draft" }, ct)),
            ("401", await anonymous.GetAsync($"/api/tenants/{tenant}/records/controls", ct)),
            ("403", await owner.GetAsync("/api/admin/tenants", ct)),
            ("404", await anonymous.GetAsync("/api/no-such-thing", ct)),
            ("422", await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "C1" }, ct)),
        };

        Assert.All(responses, pair => Assert.True(
            pair.Response.Headers.TryGetValues(Header, out var values) && WellFormedCorrelationId().IsMatch(values.Single()),
            $"{pair.Label} has no correlation id"));
        Assert.Equal(responses.Length, responses.Select(pair => CorrelationIdOf(pair.Response)).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ProblemsRaisedThroughTheExceptionHandler_StillEchoTheCorrelationId()
    {
        using var admin = hub.PlatformAdmin();
        const string Id = "malformed-json-1";

        using var malformed = new StringContent("""{ "id": "abc", """, Encoding.UTF8, "application/json");
        var response = await SendAsync(admin, HttpMethod.Post, "/api/admin/tenants", Id, malformed);
        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");

        Assert.Equal(Id, problem.GetProperty("correlationId").GetString());
        Assert.Equal(Id, CorrelationIdOf(response));
    }

    [Fact]
    public async Task UnknownRoute_Returns404NotFoundProblem_ForAnyCaller()
    {
        using var anonymous = hub.Anonymous();
        using var admin = hub.PlatformAdmin();
        var ct = TestContext.Current.CancellationToken;

        await (await anonymous.GetAsync("/api/nothing/here", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await admin.GetAsync("/api/admin/nothing", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await anonymous.GetAsync("/", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task WrongMethod_OnAnAnonymousRoute_Returns405MethodNotAllowedProblem()
    {
        using var anonymous = hub.Anonymous();

        var response = await SendAsync(anonymous, HttpMethod.Patch, "/api/health", correlationId: null);

        await response.ExpectAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task WrongMethod_OnAProtectedRoute_Returns405MethodNotAllowedProblem()
    {
        using var admin = hub.PlatformAdmin();

        var response = await SendAsync(admin, HttpMethod.Delete, "/api/admin/tenants", correlationId: null);

        await response.ExpectAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task Health_Returns200Healthy()
    {
        using var anonymous = hub.Anonymous();

        var body = await (await anonymous.GetAsync("/api/health", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_WithBothRegionsUp_Returns200_WithBothChecksHealthy()
    {
        using var anonymous = hub.Anonymous();

        var body = await (await anonymous.GetAsync("/api/health/ready", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);

        Assert.True(body.GetProperty("ready").GetBoolean());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("healthy").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["primary"] = true, ["secondary"] = true }, checks);
    }

    [Fact]
    public async Task BodyOf2MiB_ToCreateTenant_Returns413_AndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = $"t-{Guid.NewGuid():N}"[..20];
        var huge = $$"""{ "id": "{{id}}", "name": "{{new string('x', 2 * 1024 * 1024)}}", "dataResidency": "eu" }""";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");

        await (await admin.PostAsync("/api/admin/tenants", content, ct)).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }
}
