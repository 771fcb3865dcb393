using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>Files an import cannot take: each is refused with a problem and a stable code, and nothing of it is imported.</summary>
public sealed class ImportBadInputTests(HubFixture hub)
{
    public static TheoryData<string, string, int> MalformedCsv => new()
    {
        { "unbalanced quote", "title,status\r\n\"Unclosed,draft\r\nOther,draft\r\n", 400 },
        { "stray quote", "title,status\r\nab\"c,draft\r\n", 400 },
        { "text after a closing quote", "title,status\r\n\"ab\"c,draft\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(MalformedCsv))]
    public async Task MalformedCsv_IsRefused_WithImportMalformedCsv(string what, string csv, int status)
    {
        var problem = await RefusedAsync("policies", Encoding.UTF8.GetBytes(csv), Csv, (HttpStatusCode)status, "import-malformed-csv");
        Assert.Contains("record", problem.Prop("detail"), StringComparison.Ordinal);
        Assert.NotEmpty(what);
    }

    [Fact]
    public async Task ValueMapsOfAValidation_AreCheckedLikeATemplates_NotAServerError()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var id = await owner.UploadIdAsync(tenant, "requirements", "Framework,Reference,Title,Status\nsoc2,CC1.1,Board oversight,Done\n");

        var missing = await (await owner.ValidateAsync(tenant, id, new { valueMaps = new { status = (object?)null } }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        var unknown = await (await owner.ValidateAsync(tenant, id, new { valueMaps = new { status = new { Done = "finished" } } }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.True(missing.GetProperty("errors").TryGetProperty("valueMaps.status", out _), missing.GetRawText());
        Assert.Contains(unknown.GetProperty("errors").EnumerateObject(), error => error.Name.StartsWith("valueMaps.status.", StringComparison.Ordinal));
        await owner.ValidatedAsync(tenant, id, new { valueMaps = new { status = new { Done = "implemented" } } });
    }

    [Theory]
    [InlineData("it's")]
    [InlineData("a%23b")]
    [InlineData("a%5Cb")]
    [InlineData("a%3Fb")]
    public async Task IdsNoImportOrTemplateCanHave_AreNotFound_NotAStorageError(string id)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        await (await owner.GetAsync(ImportsUrl(tenant, $"/{id}"), Ct)).ExpectAsync(HttpStatusCode.NotFound);
        await (await owner.PostAsync(ImportsUrl(tenant, $"/{id}/validate"), JsonContent.Create(new { }), Ct)).ExpectAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync(ImportsUrl(tenant, $"/mapping-templates/{id}"), Ct)).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task QuotedLineBreaks_AndCrlfOrLfLineEnds_AllReadTheSame()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        const string Rows = "title,status,policyVersion\n\"Access\nControl\",draft,1\n\"Backup, \"\"nightly\"\"\",approved,2\n";
        foreach (var file in new[] { Rows, Rows.Replace("\n", "\r\n", StringComparison.Ordinal), Rows.Replace("draft,1\n", "draft,1\r\n", StringComparison.Ordinal) })
        {
            var id = await owner.UploadIdAsync(tenant, "policies", file);
            var batch = await owner.ValidatedAsync(tenant, id);
            Assert.Equal((2, 2), (batch.Count("rows"), batch.Count("valid")));
        }
        var id2 = await owner.UploadIdAsync(tenant, "policies", Rows.Replace("\n", "\r\n", StringComparison.Ordinal));
        await owner.ValidatedAsync(tenant, id2);
        await owner.RunAsync(tenant, id2);
        var titles = (await owner.RecordsAsync(tenant, "policies")).Select(policy => policy.GetProperty("data").Prop("title")).Order(StringComparer.Ordinal);
        // A line break inside quotes is kept as the file has it; the record's own line ends are not part of any value.
        Assert.Equal(["Access\r\nControl", "Backup, \"nightly\""], titles);
    }

    [Fact]
    public async Task InvalidUtf8_AndLatin1_AreRefused_WithImportInvalidEncoding()
    {
        byte[] invalid = [.. "title,status\r\nCaf"u8, 0xC3, 0x28, .. ",draft\r\n"u8];
        await RefusedAsync("policies", invalid, Csv, HttpStatusCode.BadRequest, "import-invalid-encoding");
        var latin1 = Encoding.Latin1.GetBytes("title,status\r\nRésumé policy,draft\r\n");
        await RefusedAsync("policies", latin1, Csv, HttpStatusCode.BadRequest, "import-invalid-encoding");
        await RefusedAsync("policies", Encoding.Latin1.GetBytes("[{\"title\":\"Résumé\",\"status\":\"draft\"}]"), Json, HttpStatusCode.BadRequest, "import-invalid-encoding");
    }

    [Fact]
    public async Task Utf16_WithByteOrderMark_IsRead_AndWithoutOne_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        const string Text = "title,status\r\nDatenschutz für Kunden,draft\r\n";
        byte[] withBom = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)];
        var id = (await (await owner.UploadAsync(tenant, "policies", withBom, Csv, "p.csv")).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        await owner.ValidatedAsync(tenant, id);
        await owner.RunAsync(tenant, id);
        Assert.Equal("Datenschutz für Kunden", Assert.Single(await owner.RecordsAsync(tenant, "policies")).GetProperty("data").Prop("title"));

        await RefusedAsync("policies", Encoding.Unicode.GetBytes(Text), Csv, HttpStatusCode.BadRequest, "import-invalid-encoding");
    }

    [Fact]
    public async Task HugeCell_IsRefused_WithImportCellTooLarge()
    {
        var csv = $"title,status,likelihood,impact,description\r\nFine,identified,1,2,short\r\nBig,identified,1,2,{new string('x', 20_000)}\r\n";
        var problem = await RefusedAsync("risks", Encoding.UTF8.GetBytes(csv), Csv, HttpStatusCode.RequestEntityTooLarge, "import-cell-too-large");
        Assert.Contains("Row 3", problem.Prop("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOverTheRowLimit_IsStoppedAtTheFirstRowPastIt_WithoutReadingTheRest()
    {
        var csv = new StringBuilder("title,status\r\n");
        for (var row = 0; row < 5_001; row++)
        {
            csv.Append("Policy ").Append(row).Append(",draft\r\n");
        }
        for (var row = 0; row < 20_000; row++)
        {
            csv.Append("Filler row that is never read,draft\r\n");
        }
        // Reading the whole file would meet this unclosed quote and report malformed CSV instead.
        csv.Append("\"never closed,draft\r\n");
        var problem = await RefusedAsync("policies", Encoding.UTF8.GetBytes(csv.ToString()), Csv, HttpStatusCode.RequestEntityTooLarge, "import-too-many-rows");
        Assert.Contains("5000", problem.Prop("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadOverTheSizeLimit_IsStopped_WithImportTooLarge_AndLeavesNoBatch()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var big = Encoding.UTF8.GetBytes("title,status\r\n" + string.Concat(Enumerable.Repeat("A policy title of some length,draft\r\n", 130_000)));
        Assert.True(big.Length > 4 * 1024 * 1024);
        await (await owner.UploadAsync(tenant, "policies", big, Csv, "big.csv")).ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "import-too-large");
        var batches = await (await owner.GetAsync(ImportsUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, batches.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task XlsxZipBombs_AreRefused_BeforeTheSpreadsheetIsOpened()
    {
        await RefusedAsync("policies", CraftedZips.Zeros(("xl/worksheets/sheet1.xml", 20L << 20)), Xlsx, HttpStatusCode.RequestEntityTooLarge, "import-xlsx-too-large");
        await RefusedAsync("policies", CraftedZips.Zeros(("a.xml", 80L << 20), ("b.xml", 80L << 20), ("c.xml", 80L << 20)), Xlsx, HttpStatusCode.RequestEntityTooLarge, "import-xlsx-too-large");
        await RefusedAsync("policies", "PK\u0003\u0004 not really a zip"u8.ToArray(), Xlsx, HttpStatusCode.BadRequest, "import-malformed-xlsx");
        await RefusedAsync("policies", CraftedZips.Zeros(("readme.txt", 100L)), Xlsx, HttpStatusCode.BadRequest, "import-malformed-xlsx");
    }

    [Fact]
    public async Task XlsxWithMoreEntriesThanTheLimit_IsRefused_FromTheDirectoryCount_BeforeEntriesAreLoaded()
    {
        var tooMany = CraftedZips.Zeros([.. Enumerable.Range(0, 1_001).Select(index => ($"x/{index}.xml", 10L))]);

        var problem = await RefusedAsync("policies", tooMany, Xlsx, HttpStatusCode.RequestEntityTooLarge, "import-xlsx-too-large");
        // Loading this directory would fail at its last header (import-malformed-xlsx): the count was judged before any was loaded.
        var unloadable = await RefusedAsync("policies", CraftedZips.BreakLastDirectoryHeader(tooMany), Xlsx, HttpStatusCode.RequestEntityTooLarge, "import-xlsx-too-large");
        // A count that understates what the directory holds is not believed: the headers are counted before they are loaded.
        var hiding = await RefusedAsync("policies", CraftedZips.DeclareEntries(tooMany, 5), Xlsx, HttpStatusCode.BadRequest, "import-malformed-xlsx");

        Assert.Contains("more than 1000 entries", problem.Prop("detail"), StringComparison.Ordinal);
        Assert.Contains("more than 1000 entries", unloadable.Prop("detail"), StringComparison.Ordinal);
        Assert.Contains("does not hold the 5 entries it declares", hiding.Prop("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task XlsxWhoseDirectoryUnderstatesAnEntry_IsRefused_WhenTheEntryReallyExpands_AndNoBatchIsKept()
    {
        var workbook = Workbooks.Create(["title", "status"], ["Access control", "draft"]);
        // Stored, not deflated: a deflated entry's reader stops at the declared size by itself, a stored one yields what the file holds.
        var padded = CraftedZips.Add(workbook, [("xl/media/filler.xml", new byte[2 << 20])], CompressionLevel.NoCompression);
        var lying = CraftedZips.Understate(padded, "xl/media/filler.xml", 1024);
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await (await owner.UploadAsync(tenant, "policies", padded, Xlsx, "padded.xlsx")).ExpectAsync(HttpStatusCode.Created);

        // 1 KiB declared: the declared total and the ratio (judged from 1 MiB) pass; only reading finds the 2 MiB.
        var problem = await RefusedAsync("policies", lying, Xlsx, HttpStatusCode.RequestEntityTooLarge, "import-xlsx-too-large");

        Assert.Contains("'xl/media/filler.xml' expands beyond the 1024 bytes", problem.Prop("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_IsRefused_WithImportMalformedJson()
    {
        foreach (var json in new[] { "[{\"title\":\"a\",\"status\":\"draft\"},", "{\"title\":\"a\"}", "[{\"title\":{\"nested\":1},\"status\":\"draft\"}]", "[1,2]" })
        {
            await RefusedAsync("policies", Encoding.UTF8.GetBytes(json), Json, HttpStatusCode.BadRequest, "import-malformed-json");
        }
    }

    [Fact]
    public async Task HeaderProblems_AreRefused_WithStableCodes()
    {
        await RefusedAsync("policies", "title,Title\r\nA,B\r\n"u8.ToArray(), Csv, HttpStatusCode.BadRequest, "import-duplicate-column");
        await RefusedAsync("policies", ""u8.ToArray(), Csv, HttpStatusCode.BadRequest, "import-empty");
    }

    private Task<JsonElement> RefusedAsync(string collection, byte[] content, string contentType, HttpStatusCode status, string code) =>
        hub.RefusedImportAsync(collection, content, contentType, status, code);
}
