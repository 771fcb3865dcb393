using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ClosedXML.Excel;
using Microsoft.VisualBasic.FileIO;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>Bulk exports of a collection in every format: the same rows, streamed into a blob, hashed, fetched through an expiring link.</summary>
public sealed class ExportFormatTests(HubFixture hub)
{
    private static readonly string[] RequirementIds = ["r-1", "r-2"];

    private static readonly string[] Fields = ["code", "title", "status", "description", "requirementIds"];

    [Fact]
    public async Task CsvExport_IsRfc4180_FormulaSafe_AndMatchesItsCountSizeAndHash()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await SeedControlsAsync(owner, tenant);

        var (job, file, contentType) = await hub.ExportAsync(owner, tenant, new { collection = "controls", format = "csv", fields = Fields });

        Assert.Equal(("text/csv", 3, file.LongLength, Convert.ToHexStringLower(SHA256.HashData(file))),
            (contentType, job.GetProperty("recordCount").GetInt32(), job.GetProperty("bytes").GetInt64(), job.Str("sha256")));
        Assert.Equal(("controls", "owner-1"), (job.Str("collection"), job.Str("requestedBy").Replace("user:", "", StringComparison.Ordinal)));
        Assert.True(job.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(6));
        var text = Encoding.UTF8.GetString(file);
        Assert.StartsWith("id,version,createdAt,updatedAt,code,title,status,description,requirementIds\r\n", text, StringComparison.Ordinal);
        using var csv = new TextFieldParser(new StringReader(text)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        csv.SetDelimiters(",");
        csv.ReadFields();
        var rows = new List<string[]>();
        while (!csv.EndOfData)
        {
            rows.Add(csv.ReadFields()!);
        }
        Assert.Equal(ids.Order(StringComparer.Ordinal), rows.Select(row => row[0]));
        Assert.Equal(["'+SUM(1,2)", "'-2+3", "'=HYPERLINK(\"http://evil.example\",\"x\")"], rows.Select(row => row[5]).Where(title => title.StartsWith('\'')).Order(StringComparer.Ordinal));
        Assert.Contains(rows, row => row[8] == "r-1\nr-2");
        Assert.Contains(rows, row => row[7] == "'@cmd");

        var events = await (await owner.GetAsync($"/api/tenants/{tenant}/security/events?type=DataExported", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events.GetProperty("items").EnumerateArray(),
            e => e.GetProperty("details").Str("scope") == "data-export" && e.GetProperty("details").Str("file") == $"export-controls-{job.Str("id")}.csv");

        var list = await owner.ReadAllPagesAsync($"{ExportsUrl(tenant)}?pageSize=1", Ct);
        Assert.Equal([job.Str("id")], list.Select(item => item.Str("id")));
        Assert.False(list[0].TryGetProperty("downloadUrl", out var link) && link.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task JsonNdjsonXmlAndXlsx_HoldTheSameRows_AndXmlValidatesAgainstThePublishedSchema()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = (await SeedControlsAsync(owner, tenant)).Order(StringComparer.Ordinal).ToList();
        var body = (string format) => new { collection = "controls", format, fields = Fields };

        var (_, json, jsonType) = await hub.ExportAsync(owner, tenant, body("json"));
        var array = JsonDocument.Parse(json).RootElement;
        Assert.Equal("application/json", jsonType);
        Assert.Equal(ids, array.EnumerateArray().Select(row => row.Str("id")));
        Assert.Equal(["r-1", "r-2"], array.EnumerateArray().Single(row => row.TryGetProperty("requirementIds", out _)).GetProperty("requirementIds").Strings());

        var (_, ndjson, _) = await hub.ExportAsync(owner, tenant, body("ndjson"));
        var lines = Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ids, lines.Select(line => JsonDocument.Parse(line).RootElement.Str("id")));

        var (_, xml, xmlType) = await hub.ExportAsync(owner, tenant, body("xml"));
        Assert.Equal("application/xml", xmlType);
        var document = XDocument.Load(new MemoryStream(xml));
        var schemas = new XmlSchemaSet();
        schemas.Add(XmlSchema.Read(XmlReader.Create(RepositoryPaths.Combine("docs", "schemas", "export.xsd")), null)!);
        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);
        XNamespace ns = "urn:datagovernance:export:v1";
        Assert.Equal(ids, document.Root!.Elements(ns + "record").Select(record => record.Attribute("id")!.Value));
        Assert.Contains(document.Descendants(ns + "item"), item => item.Value == "r-2");

        var (_, xlsx, _) = await hub.ExportAsync(owner, tenant, body("xlsx"));
        using var workbook = new XLWorkbook(new MemoryStream(xlsx));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(["id", "version", "createdAt", "updatedAt", "code", "title", "status", "description", "requirementIds"],
            Enumerable.Range(1, 9).Select(column => sheet.Cell(1, column).GetString()));
        Assert.Equal(ids, Enumerable.Range(2, 3).Select(row => sheet.Cell(row, 1).GetString()));
        Assert.DoesNotContain(sheet.CellsUsed(), cell => cell.HasFormula);
        Assert.Contains(sheet.CellsUsed(), cell => cell.GetString() == "=HYPERLINK(\"http://evil.example\",\"x\")");
    }

    [Fact]
    public async Task ExportList_AndExports_AreTheTenantsOwn()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        await SeedControlsAsync(owner, tenant);
        var job = await owner.StartExportAsync(tenant, new { collection = "controls", format = "ndjson" });
        await owner.CompletedAsync(tenant, job.Str("id"));

        using var intruder = hub.Owner(other);
        await (await intruder.GetAsync($"{ExportsUrl(other)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await intruder.ReadAllPagesAsync(ExportsUrl(other), Ct));
        foreach (var url in new[] { ExportsUrl(tenant), $"{ExportsUrl(tenant)}/{job.Str("id")}" })
        {
            Assert.Contains((await intruder.GetAsync(url, Ct)).StatusCode, Refusals);
        }
        Assert.Contains((await intruder.PostAsync(ExportsUrl(tenant), JsonBody(new { collection = "controls", format = "csv" }), Ct)).StatusCode,
            Refusals);
        using var member = hub.TenantClient(tenant, Role.Member);
        await (await member.GetAsync(ExportsUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    internal static StringContent JsonBody(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Three controls; titles that a spreadsheet would run as formulas, and one list field.</summary>
    internal static async Task<List<string>> SeedControlsAsync(HttpClient client, string tenant) =>
    [
        await client.CreateAsync(tenant, "controls", new { code = "AC-1", title = "=HYPERLINK(\"http://evil.example\",\"x\")", status = "implemented", requirementIds = RequirementIds }),
        await client.CreateAsync(tenant, "controls", new { code = "AC-2", title = "+SUM(1,2)", status = "draft", description = "@cmd" }),
        await client.CreateAsync(tenant, "controls", new { code = "AC-3", title = "-2+3", status = "implemented" }),
    ];
}
