using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using Xunit;
using static DataGovernance.Tests.Reports.ReportApi;

namespace DataGovernance.Tests.Reports;

/// <summary>Readiness computed from the tenant's records: requirements, controls, latest assessments and evidence freshness.</summary>
public sealed class ComplianceReportTests(HubFixture hub)
{
    [Fact]
    public async Task Soc2Readiness_FollowsTheRecords_AndExpiredEvidenceLowersIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var access = await owner.RequirementAsync(tenant, "soc2", "CC6.1", "implemented", "Logical access");
        var control = await owner.ControlAsync(tenant, "AC-01", "operating", access);
        await owner.AssessmentAsync(tenant, control, "failed", Today.AddDays(-60));
        await owner.AssessmentAsync(tenant, control, "passed", Today.AddDays(-5));
        await owner.EvidenceAsync(tenant, "Access review Q3", "accepted", Today.AddDays(-5), Today.AddDays(300), controlIds: [control]);
        await owner.RequirementAsync(tenant, "soc2", "cc7.1", "in-progress", "Vulnerability scanning");
        await owner.RequirementAsync(tenant, "soc2", "P1.1", "not-applicable", "Privacy notice");
        await owner.RequirementAsync(tenant, "soc2", "CC99.9", "implemented", "A mistyped reference");
        await owner.RequirementAsync(tenant, "iso27001", "A.5.15", "implemented", "Another framework's requirement");

        var report = await owner.JsonReportAsync(tenant, "soc2");

        var ready = report.Entry("CC6.1");
        Assert.Equal(("Ready", 100.0), (ready.Prop("status"), ready.GetProperty("readiness").GetDouble()));
        Assert.Equal("passed", ready.GetProperty("controls")[0].GetProperty("latestAssessment").Prop("status"));
        Assert.Empty(ready.GapCodes());
        var gap = report.Entry("CC7.1");
        Assert.Equal(("Gap", 0.0), (gap.Prop("status"), gap.GetProperty("readiness").GetDouble()));
        Assert.Equal(["no-current-evidence", "requirement-not-implemented", "requirement-without-controls"], gap.GapCodes());
        Assert.Equal("NotApplicable", report.Entry("P1.1").Prop("status"));
        Assert.Equal(["no-requirement"], report.Entry("CC1.1").GapCodes());
        Assert.Equal("CC99.9", Assert.Single(report.GetProperty("unmatchedRequirements").EnumerateArray()).Prop("reference"));
        var summary = report.GetProperty("summary");
        Assert.Equal((61, 60, 1, 1, 58, 1), (summary.GetProperty("entries").GetInt32(), summary.GetProperty("applicable").GetInt32(),
            summary.GetProperty("ready").GetInt32(), summary.GetProperty("gap").GetInt32(), summary.GetProperty("notAddressed").GetInt32(),
            summary.GetProperty("notApplicable").GetInt32()));
        Assert.Equal(Math.Round(100.0 / 60, 1), summary.GetProperty("readiness").GetDouble());

        await owner.EvidenceAsync(tenant, "Access review Q1", "accepted", Today.AddDays(-400), Today.AddDays(-1), requirementIds: [access]);
        await owner.EvidenceAsync(tenant, "Old pen test", "expired", Today.AddDays(-30), null, controlIds: [control]);
        report = await owner.JsonReportAsync(tenant, "soc2");

        var lowered = report.Entry("CC6.1");
        // Four checks: requirement implemented 1, covered 1, control passing 1, evidence 1 current of 3 fresh-or-expired.
        Assert.Equal(("Partial", Math.Round(100 * (3 + 1 / 3.0) / 4, 1)), (lowered.Prop("status"), lowered.GetProperty("readiness").GetDouble()));
        Assert.Equal(["expired-evidence"], lowered.GapCodes());
        Assert.Equal((1, 2), (report.GetProperty("summary").GetProperty("currentEvidence").GetInt32(), report.GetProperty("summary").GetProperty("expiredEvidence").GetInt32()));
        Assert.Equal(Math.Round(Math.Round(100 * (3 + 1 / 3.0) / 4, 1) / 60, 1), report.GetProperty("summary").GetProperty("readiness").GetDouble());
    }

    [Fact]
    public async Task RetiredControlsAndStaleAssessments_DoNotCount()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var requirement = await owner.RequirementAsync(tenant, "soc2", "CC8.1", "implemented", "Change management");
        var retired = await owner.ControlAsync(tenant, "CM-00", "retired", requirement);
        await owner.AssessmentAsync(tenant, retired, "passed", Today);
        var current = await owner.ControlAsync(tenant, "CM-01", "operating", requirement);
        await owner.AssessmentAsync(tenant, current, "passed", Today.AddDays(-90));
        await owner.AssessmentAsync(tenant, current, "failed", Today.AddDays(-1));
        await owner.EvidenceAsync(tenant, "Change log", "pending", Today, null, controlIds: [current]);

        var entry = (await owner.JsonReportAsync(tenant, "soc2")).Entry("CC8.1");

        Assert.Equal("CM-01", Assert.Single(entry.GetProperty("controls").EnumerateArray()).Prop("code"));
        Assert.Equal(["control-without-passing-assessment", "no-current-evidence"], entry.GapCodes());
        Assert.Equal(50.0, entry.GetProperty("readiness").GetDouble());
        Assert.Equal("NotCurrent", Assert.Single(entry.GetProperty("evidence").EnumerateArray()).Prop("freshness"));
    }

    [Fact]
    public async Task Iso27001Report_CarriesAStatementOfApplicability_ForEveryAnnexAControl()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.RequirementAsync(tenant, "iso27001", "A.5.15", "implemented", "Access control", "Role-based access to every system");
        await owner.RequirementAsync(tenant, "iso27001", "7.4", "not-applicable", "Physical monitoring", "No premises of our own: cloud only");
        await owner.RequirementAsync(tenant, "iso27001", "A.8.13", "in-progress", "Backups");

        var report = await owner.JsonReportAsync(tenant, "iso27001");

        Assert.Equal(93, report.GetProperty("entries").GetArrayLength());
        Assert.Equal(("A.5.1", "A.8.34"), (report.GetProperty("entries")[0].Prop("reference"), report.GetProperty("entries")[92].Prop("reference")));
        var applies = report.Entry("A.5.15").GetProperty("applicability");
        Assert.Equal((true, "Role-based access to every system", "implemented"),
            (applies.GetProperty("applicable").GetBoolean(), applies.Prop("justification"), applies.Prop("implementationStatus")));
        var excluded = report.Entry("A.7.4").GetProperty("applicability");
        Assert.Equal((false, "No premises of our own: cloud only", "not-applicable"),
            (excluded.GetProperty("applicable").GetBoolean(), excluded.Prop("justification"), excluded.Prop("implementationStatus")));
        Assert.Equal("in-progress", report.Entry("A.8.13").GetProperty("applicability").Prop("implementationStatus"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, report.Entry("A.6.1").GetProperty("applicability").GetProperty("applicable").ValueKind);

        var html = await (await owner.GetAsync(Report(tenant, "iso27001", "html"), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("<h2>Statement of Applicability</h2>", html, StringComparison.Ordinal);
        Assert.Contains("No premises of our own: cloud only", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GdprReport_MatchesArticlesHoweverTheyAreWritten()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var security = await owner.RequirementAsync(tenant, "gdpr", "Article 32(1)(b)", "implemented", "Encryption at rest");
        var control = await owner.ControlAsync(tenant, "CR-01", "operating", security);
        await owner.AssessmentAsync(tenant, control, "passed", Today);
        await owner.EvidenceAsync(tenant, "Key vault configuration", "accepted", Today, Today.AddDays(30), requirementIds: [security]);
        await owner.RequirementAsync(tenant, "gdpr", "Art.30", "in-progress", "Record of processing");

        var report = await owner.JsonReportAsync(tenant, "gdpr");

        Assert.Equal(39, report.GetProperty("entries").GetArrayLength());
        Assert.Equal(("Ready", 100.0), (report.Entry("Art. 32").Prop("status"), report.Entry("Art. 32").GetProperty("readiness").GetDouble()));
        Assert.Equal("Gap", report.Entry("Art. 30").Prop("status"));
        Assert.Empty(report.GetProperty("unmatchedRequirements").EnumerateArray());
        Assert.False(report.GetProperty("hasStatementOfApplicability").GetBoolean());
    }

    [Fact]
    public async Task FrameworkList_NamesTheCatalogues()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var frameworks = await (await auditor.GetAsync($"/api/tenants/{tenant}/reports/frameworks", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([("soc2", 61), ("iso27001", 93), ("gdpr", 39)],
            frameworks.EnumerateArray().Select(f => (f.Prop("framework"), f.GetProperty("entries").GetInt32())));
    }

    [Fact]
    public async Task UnknownFrameworkOrFormat_AreProblems()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        await (await owner.GetAsync(Report(tenant, "pci-dss"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-framework");
        var invalid = await (await owner.GetAsync(Report(tenant, "soc2", "docx"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("format", out _));
    }

    [Fact]
    public async Task Reports_AreTheTenantsOwn_AndNeedTheReportPermission()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        await owner.RequirementAsync(tenant, "soc2", "CC6.1", "implemented", "Only in the first tenant");
        using var intruder = hub.Owner(other);
        using var member = hub.TenantClient(tenant, Role.Member);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var refused = await intruder.GetAsync(Report(tenant, "soc2", "json"), Ct);
        Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"Got {refused.StatusCode}");
        await (await member.GetAsync(Report(tenant, "soc2"), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        // Implemented but without control, assessment or evidence: one check of four passes.
        Assert.Equal(("Partial", 25.0), ((await auditor.JsonReportAsync(tenant, "soc2")).Entry("CC6.1") is var seen ? (seen.Prop("status"), seen.GetProperty("readiness").GetDouble()) : default));
        Assert.Equal("NotAddressed", (await intruder.JsonReportAsync(other, "soc2")).Entry("CC6.1").Prop("status"));
    }
}
