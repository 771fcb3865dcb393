using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>Record documents that break their collection's schema: 4xx with a clear problem, and nothing stored.</summary>
public sealed class RecordBadInputTests(HubFixture hub)
{
    private static readonly Dictionary<string, string> ValidDocuments = new()
    {
        ["controls"] = """{"code":"AC-01","title":"Access review","status":"implemented"}""",
        ["risks"] = """{"title":"Data breach","status":"identified","likelihood":3,"impact":4}""",
        ["people"] = """{"fullName":"Ada Lovelace","email":"ada@example.com","status":"active"}""",
        ["vendors"] = """{"name":"Contoso","country":"DE","status":"active"}""",
        ["requirements"] = """{"framework":"gdpr","reference":"Art. 32","title":"Security of processing","status":"in-progress"}""",
        ["evidence"] = """{"title":"Access review export","status":"pending","collectedOn":"2026-01-15"}""",
    };

    private static readonly string FiftyOneCustomFields =
        JsonSerializer.Serialize(Enumerable.Range(0, 51).ToDictionary(i => $"f{i}", _ => "v"));

    public static TheoryData<string, string, string, string> InvalidDocuments => new()
    {
        { "controls", """{"code":"AC-01","title":5,"status":"implemented"}""", "title", "Must be a string." },
        { "risks", """{"title":"Breach","status":"identified","likelihood":"high","impact":3}""", "likelihood", "Must be a whole number." },
        { "risks", """{"title":"Breach","status":"identified","likelihood":9,"impact":3}""", "likelihood", "Must be between 1 and 5." },
        { "controls", """{"code":"AC-01","title":"Review","status":"implemented","automated":"yes"}""", "automated", "Must be true or false." },
        { "controls", """{"code":"AC-01","title":"Review","status":"implemented","colour":"red"}""", "colour", "Unknown field." },
        { "controls", """{"code":"AC-01","status":"implemented"}""", "title", "Required." },
        { "controls", """{"code":"AC-01","title":null,"status":"implemented"}""", "title", "Required." },
        { "controls", """{"code":"AC-01","title":"Review","status":"done"}""", "status", "Must be one of: draft, designed, implemented, operating, retired." },
        { "controls", """{"code":"AC-01","title":"Review","status":"implemented","frequency":"hourly"}""", "frequency", "Must be one of: continuous, daily, weekly, monthly, quarterly, annually." },
        { "controls", $$"""{"code":"{{new string('C', 33)}}","title":"Review","status":"implemented"}""", "code", "Must be at most 32 characters." },
        { "controls", $$"""{"code":"AC-01","title":"{{new string('t', 201)}}","status":"implemented"}""", "title", "Must be at most 200 characters." },
        { "evidence", """{"title":"Export","status":"pending","collectedOn":"2026-13-01"}""", "collectedOn", "Must be a date in yyyy-MM-dd form." },
        { "evidence", """{"title":"Export","status":"pending","collectedOn":"15.01.2026"}""", "collectedOn", "Must be a date in yyyy-MM-dd form." },
        { "people", """{"fullName":"Ada","email":"not-an-email","status":"active"}""", "email", "Must be an e-mail address." },
        { "people", """{"fullName":"Ada","email":"Ada <ada@example.com>","status":"active"}""", "email", "Must be an e-mail address." },
        { "vendors", """{"name":"Contoso","country":"XX","status":"active"}""", "country", "Must be an ISO 3166-1 alpha-2 country code such as DE." },
        { "vendors", """{"name":"Contoso","country":"de","status":"active"}""", "country", "Must be an ISO 3166-1 alpha-2 country code such as DE." },
        { "requirements", """{"framework":"gdpr","reference":"Art. 32","title":"Security","status":"in-progress","tags":["a","b","a"]}""", "tags[2]", "Duplicate item." },
        { "vendors", """{"name":"Contoso","country":"DE","status":"active","dataCategories":["contact","contact"]}""", "dataCategories[1]", "Duplicate item." },
        { "vendors", """{"name":"Contoso","country":"DE","status":"active","dataCategories":["dreams"]}""", "dataCategories[0]", "Must be one of: contact, identity, financial, health, employment, location, usage, biometric." },
        { "controls", """{"code":"AC-01","title":"Review","status":"implemented","customFields":{"1bad":"x"}}""", "customFields.1bad", "Names start with a letter and use letters, digits, '_', '-' or '.' (at most 64)." },
        { "controls", """{"code":"AC-01","title":"Review","status":"implemented","customFields":{"ticket":7}}""", "customFields.ticket", "Must be a string of at most 1000 characters." },
        { "controls", $$"""{"code":"AC-01","title":"Review","status":"implemented","customFields":{{FiftyOneCustomFields}}}""", "customFields", "Must have at most 50 entries." },
        { "controls", """{"code":"AC-01","title":"Review","title":"Other","status":"implemented"}""", "title", "Field appears more than once." },
    };

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task CreateAndReplace_WithInvalidDocument_Return422WithFieldError_AndStoreNothing(string collection, string document, string field, string message)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await SeedAsync(client, tenant, collection);
        var before = await TenantState.CaptureAsync(hub, client, tenant, collection);
        var original = await client.GetRecordAsync(tenant, collection, id);

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, collection), document);
        var createProblem = await created.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        AssertOnlyError(createProblem, field, message);

        var replaced = await client.SendRawAsync(HttpMethod.Put, RecordUrl(tenant, collection, id), document, ifMatch: "\"1\"");
        var replaceProblem = await replaced.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        AssertOnlyError(replaceProblem, field, message);

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant, collection));
        Assert.Equal(original.GetRawText(), (await client.GetRecordAsync(tenant, collection, id)).GetRawText());
    }

    [Fact]
    public async Task Create_WithSeveralProblems_ReportsEveryField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await SeedAsync(client, tenant, "risks");
        var before = await TenantState.CaptureAsync(hub, client, tenant, "risks");

        var response = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "risks"),
            """{"title":5,"status":"identified","likelihood":"high","owner":true,"extra":1}""");
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Equal(["extra", "impact", "likelihood", "owner", "title"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Required."], problem.FieldErrors("impact"));
        Assert.Equal(["Unknown field."], problem.FieldErrors("extra"));
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant, "risks"));
    }

    [Theory]
    [InlineData("""{"code":"AC-01","title":""")]
    [InlineData("""{"code":"AC-01","title":"Review",}""")]
    [InlineData("""{"code":'AC-01'}""")]
    [InlineData("not json at all")]
    public async Task CreateAndReplace_WithMalformedJson_Return400InvalidJson_AndStoreNothing(string body)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await SeedAsync(client, tenant, "controls");
        var before = await TenantState.CaptureAsync(hub, client, tenant);
        var original = await client.GetRecordAsync(tenant, "controls", id);

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "controls"), body);
        var createProblem = await created.ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.True(createProblem.TryGetProperty("errors", out _), createProblem.GetRawText());

        var replaced = await client.SendRawAsync(HttpMethod.Put, RecordUrl(tenant, "controls", id), body, ifMatch: "\"1\"");
        await replaced.ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        Assert.Equal(original.GetRawText(), (await client.GetRecordAsync(tenant, "controls", id)).GetRawText());
    }

    [Theory]
    [InlineData("""[{"code":"AC-01","title":"Review","status":"implemented"}]""")]
    [InlineData("\"a control\"")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task CreateAndReplace_WithBodyThatIsNotAnObject_Return422ForTheWholeDocument_AndStoreNothing(string body)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await SeedAsync(client, tenant, "controls");
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "controls"), body);
        AssertOnlyError(await created.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed"), "$", "The record must be a JSON object.");

        var replaced = await client.SendRawAsync(HttpMethod.Put, RecordUrl(tenant, "controls", id), body, ifMatch: "\"1\"");
        AssertOnlyError(await replaced.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed"), "$", "The record must be a JSON object.");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Fact]
    public async Task Create_WithoutJsonContentType_Returns415_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await SeedAsync(client, tenant, "controls");
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        using var content = new StringContent(ValidDocuments["controls"], System.Text.Encoding.UTF8, "text/plain");
        var response = await client.PostAsync(CollectionUrl(tenant, "controls"), content, Ct);

        await response.ExpectAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    private static Task<string> SeedAsync(HttpClient client, string tenant, string collection) =>
        client.CreateIdAsync(tenant, collection, JsonSerializer.Deserialize<JsonElement>(ValidDocuments[collection]));

    private static void AssertOnlyError(JsonElement problem, string field, string message)
    {
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal([message], problem.FieldErrors(field));
    }
}
