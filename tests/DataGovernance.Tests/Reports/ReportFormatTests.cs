using System.Net;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using UglyToad.PdfPig;
using Xunit;
using static DataGovernance.Tests.Reports.ReportApi;

namespace DataGovernance.Tests.Reports;

/// <summary>One report in every format: a PDF whose text can be extracted, escaped HTML, formula-safe CSV and JSON, each as a download.</summary>
public sealed class ReportFormatTests(HubFixture hub)
{
    private const string Markup = "<script>alert('x')</script> & <b>bold</b>";
    private const string Formula = "=HYPERLINK(\"http://evil.example\")";

    [Fact]
    public async Task Pdf_IsMultiPage_AndItsTextNamesTheEntriesAndTheRecords()
    {
        var (tenant, owner) = await SeededTenantAsync();

        var response = await owner.GetAsync(Report(tenant, "soc2", "pdf"), Ct);

        await AssertDownloadAsync(response, "application/pdf", $"soc2-readiness-{DateTime.UtcNow:yyyyMMdd}.pdf");
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(pdf.NumberOfPages > 1, $"{pdf.NumberOfPages} page(s)");
        var text = string.Join("\n", pdf.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
        Assert.Contains("SOC 2 readiness report", text, StringComparison.Ordinal);
        Assert.Contains("CC6.1 Logical access protections", text, StringComparison.Ordinal);
        Assert.Contains("Gap [requirement-without-controls]", text, StringComparison.Ordinal);
        Assert.Contains("P8.1 Privacy questions and complaints handled", text, StringComparison.Ordinal);
        Assert.Contains("alert('x')", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_EncodesEveryValueFromTheRecords()
    {
        var (tenant, owner) = await SeededTenantAsync();

        var response = await owner.GetAsync(Report(tenant, "soc2", "html"), Ct);

        await AssertDownloadAsync(response, "text/html", $"soc2-readiness-{DateTime.UtcNow:yyyyMMdd}.html");
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Readiness ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_HasOneRowPerEntry_AndDefusesFormulas()
    {
        var (tenant, owner) = await SeededTenantAsync();

        var response = await owner.GetAsync(Report(tenant, "soc2", "csv"), Ct);

        await AssertDownloadAsync(response, "text/csv", $"soc2-readiness-{DateTime.UtcNow:yyyyMMdd}.csv");
        var rows = PrivacyApi.ParseCsv(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(61, rows.Count);
        var formula = rows.Single(row => row["reference"] == "CC7.1");
        Assert.StartsWith("'=HYPERLINK", formula["requirements"], StringComparison.Ordinal);
        Assert.Equal(("Gap", "0.0"), (formula["status"], formula["readiness"]));
    }

    [Fact]
    public async Task Json_IsServedWhenAskedFor_AndPdfIsTheDefault()
    {
        var (tenant, owner) = await SeededTenantAsync();

        var response = await owner.GetAsync(Report(tenant, "soc2", "json"), Ct);
        await AssertDownloadAsync(response, "application/json", $"soc2-readiness-{DateTime.UtcNow:yyyyMMdd}.json");
        var report = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((tenant, "soc2", "SOC 2"), (report.Prop("tenantId"), report.Prop("framework"), report.Prop("frameworkName")));

        var byDefault = await owner.GetAsync(Report(tenant, "soc2"), Ct);
        Assert.Equal("application/pdf", byDefault.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(string Tenant, HttpClient Owner)> SeededTenantAsync()
    {
        var tenant = await hub.CreateTenantAsync();
        var owner = hub.Owner(tenant);
        var access = await owner.RequirementAsync(tenant, "soc2", "CC6.1", "implemented", Markup);
        var control = await owner.ControlAsync(tenant, "AC-01", "operating", access);
        await owner.AssessmentAsync(tenant, control, "passed", Today);
        await owner.EvidenceAsync(tenant, "Access review", "accepted", Today, Today.AddDays(90), controlIds: [control]);
        await owner.RequirementAsync(tenant, "soc2", "CC7.1", "not-started", Formula);
        return (tenant, owner);
    }

    private static async Task AssertDownloadAsync(HttpResponseMessage response, string mediaType, string fileName)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("attachment", fileName), (response.Content.Headers.ContentDisposition?.DispositionType, response.Content.Headers.ContentDisposition?.FileName));
    }
}
