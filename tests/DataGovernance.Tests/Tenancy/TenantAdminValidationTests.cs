using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Tenancy;

public sealed class TenantAdminValidationTests(HubFixture hub)
{
    [Theory]
    [InlineData("Bad_Id")]
    [InlineData("ab")]
    [InlineData("platform")]
    [InlineData("-leading-hyphen")]
    public async Task Create_WithAnInvalidId_Returns422_WithAnIdError_AndCreatesNothing(string id)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();

        var response = await PostAsync(admin, Body(id), ct);
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("id"));
        Assert.Single(problem.GetProperty("errors").EnumerateObject());

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("name", "\"\"", "name")]
    [InlineData("name", "\"   \"", "name")]
    [InlineData("dataResidency", "\"mars\"", "dataResidency")]
    [InlineData("timeZone", "\"Mars/Olympus\"", "timeZone")]
    [InlineData("timeZone", "\"Eastern Standard Time\"", "timeZone")]
    [InlineData("locale", "\"xx-YY\"", "locale")]
    [InlineData("branding", """{ "primaryColor": "red" }""", "branding.primaryColor")]
    [InlineData("branding", """{ "accentColor": "#12345" }""", "branding.accentColor")]
    [InlineData("entraDirectoryId", "\"not-a-guid\"", "entraDirectoryId")]
    public async Task Create_WithAnInvalidField_Returns422_WithThatFieldsError_AndCreatesNothing(string property, string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = TenantAdminTests.NewTenantId();
        var body = Body(id);
        body[property] = JsonNode.Parse(json);

        var response = await PostAsync(admin, body, ct);
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name));

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_WithSeveralInvalidFields_ReportsEveryOne()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var body = new JsonObject
        {
            ["id"] = "Bad_Id",
            ["name"] = "",
            ["dataResidency"] = "mars",
            ["timeZone"] = "Eastern Standard Time",
            ["locale"] = "xx-YY",
            ["branding"] = new JsonObject { ["primaryColor"] = "red" },
            ["entraDirectoryId"] = "not-a-guid",
        };

        var problem = await (await PostAsync(admin, body, ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "id", "name", "dataResidency", "timeZone", "locale", "branding.primaryColor", "entraDirectoryId" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task Create_WithAnUnknownField_Returns400InvalidJson_AndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = TenantAdminTests.NewTenantId();
        var body = Body(id);
        body["plan"] = "enterprise";

        var problem = await (await PostAsync(admin, body, ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.NotEmpty(problem.FieldErrors("$.plan"));

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_WithAWrongType_Returns400InvalidJson_AndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = TenantAdminTests.NewTenantId();
        var body = Body(id);
        body["name"] = 5;

        var problem = await (await PostAsync(admin, body, ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.NotEmpty(problem.FieldErrors("$.name"));

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_WithMalformedJson_Returns400InvalidJson_AndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var id = TenantAdminTests.NewTenantId();
        using var content = new StringContent($$"""{ "id": "{{id}}", "name": "Half""", Encoding.UTF8, "application/json");

        await (await admin.PostAsync("/api/admin/tenants", content, ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");

        await (await admin.GetAsync($"/api/admin/tenants/{id}", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static JsonObject Body(string id) => new()
    {
        ["id"] = id,
        ["name"] = "Northwind Trust",
        ["dataResidency"] = "uk",
        ["timeZone"] = "Europe/London",
        ["locale"] = "en-GB",
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient admin, JsonObject body, CancellationToken ct)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await admin.PostAsync("/api/admin/tenants", content, ct);
    }
}
