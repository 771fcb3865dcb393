using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Audit;

public sealed class AuditQueryTests(HubFixture hub)
{
    /// <summary>A tenant whose chain holds 3 successful creations (2 by the owner), 1 failed validation and 1 denial.</summary>
    private async Task<string> ChainWithMixedOutcomesAsync(CancellationToken ct)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var manager = hub.TenantClient(tenant, Role.ComplianceManager);
        using var member = hub.TenantClient(tenant, Role.Member);
        await AuditRecordingTests.CreateControlAsync(owner, tenant, ct);
        await AuditRecordingTests.CreateControlAsync(manager, tenant, ct);
        await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", new { code = "X" }, ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        await (await member.PutJsonAsync($"/api/tenants/{tenant}/settings/general", new { name = "Member's", dataResidency = "eu" }, "\"1\"", ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await AuditRecordingTests.CreateControlAsync(owner, tenant, ct);
        return tenant;
    }

    [Fact]
    public async Task Filters_ByActionOutcomeAndActor_ReturnOnlyMatchingEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await ChainWithMixedOutcomesAsync(ct);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var creations = await auditor.TenantAuditAsync(tenant, ct, "action=CreateRecord");
        Assert.Equal([5L, 3L, 2L, 1L], creations.Select(e => e.Sequence()));
        Assert.All(creations, e => Assert.Equal("CreateRecord", e.Text("action")));

        var failure = Assert.Single(await auditor.TenantAuditAsync(tenant, ct, "outcome=Failure"));
        Assert.Equal("validation-failed", failure.Reason());
        var denial = Assert.Single(await auditor.TenantAuditAsync(tenant, ct, "outcome=Denied"));
        Assert.Equal("UpdateGeneralSettings", denial.Text("action"));
        Assert.Equal(3, (await auditor.TenantAuditAsync(tenant, ct, "outcome=Success")).Count);

        var byManager = Assert.Single(await auditor.TenantAuditAsync(tenant, ct, "actor=user:user-compliancemanager"));
        Assert.Equal(2, byManager.Sequence());
        var byOwner = await auditor.TenantAuditAsync(tenant, ct, "actor=user:user-owner&outcome=Success");
        Assert.Equal([5L, 1L], byOwner.Select(e => e.Sequence()));
    }

    [Fact]
    public async Task Filters_FromAndTo_ReturnTheEntriesInTheWindow()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await ChainWithMixedOutcomesAsync(ct);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var all = await auditor.TenantAuditAsync(tenant, ct);
        var times = all.Select(e => e.Event().GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        var (from, to) = (times[3], times[1]);

        var window = await auditor.TenantAuditAsync(tenant, ct, $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");

        var expected = all.Where((_, i) => times[i] >= from && times[i] <= to).Select(e => e.Sequence()).ToList();
        Assert.Contains(4L, expected);
        Assert.Contains(2L, expected);
        Assert.Equal(expected, window.Select(e => e.Sequence()));
        Assert.Empty(await auditor.TenantAuditAsync(tenant, ct, $"from={Uri.EscapeDataString(times[0].AddMinutes(1).ToString("O"))}"));
    }

    [Fact]
    public async Task Paging_WithPageSizeTwo_ReturnsEveryEntryOnce_NewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await ChainWithMixedOutcomesAsync(ct);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var sequences = new List<long>();
        string? token = null;
        do
        {
            var url = $"/api/tenants/{tenant}/audit?pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await auditor.GetAsync(url, ct)).ExpectAsync(HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            sequences.AddRange(items.Select(e => e.Sequence()));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], sequences);
    }

    [Fact]
    public async Task Paging_WithATokenFromAnotherFilter_Returns400()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await ChainWithMixedOutcomesAsync(ct);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var first = await (await auditor.GetAsync($"/api/tenants/{tenant}/audit?pageSize=1", ct)).ExpectAsync(HttpStatusCode.OK);
        var token = Uri.EscapeDataString(first.GetProperty("continuationToken").GetString()!);

        await (await auditor.GetAsync($"/api/tenants/{tenant}/audit?pageSize=1&outcome=Success&continuationToken={token}", ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
    }

    [Theory]
    [InlineData("outcome=Maybe", "outcome")]
    [InlineData("from=yesterday", "from")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task MalformedFilter_Returns400_NamingTheParameter(string query, string parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var problem = await (await auditor.GetAsync($"/api/tenants/{tenant}/audit?{query}", ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(problem.FieldErrors(parameter));
    }

    [Fact]
    public async Task Verify_OfAnUntouchedChain_IsValid_AndCountsEveryEntry()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await ChainWithMixedOutcomesAsync(ct);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(5, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(5, verification.GetProperty("lastSequence").GetInt64());
        Assert.False(verification.TryGetProperty("firstBrokenSequence", out _));
        Assert.False(verification.TryGetProperty("problem", out _));
    }

    [Fact]
    public async Task Verify_OfAnEmptyChain_IsValid()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(0, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(0, verification.GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task Listing_ByARoleWithoutAuditRead_Returns403()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);

        await (await member.GetAsync($"/api/tenants/{tenant}/audit", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await member.GetAsync($"/api/tenants/{tenant}/audit/verify", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
