using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Audit;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Audit;

public sealed class AuditChainTests(HubFixture hub)
{
    private const int ChainLength = 5;

    /// <summary>A tenant whose chain holds <see cref="ChainLength"/> entries, verified intact.</summary>
    private async Task<string> VerifiedChainAsync(CancellationToken ct)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        for (var i = 0; i < ChainLength; i++)
        {
            await AuditRecordingTests.CreateControlAsync(owner, tenant, ct);
        }
        var verification = await owner.VerifyTenantAuditAsync(tenant, ct);
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(ChainLength, verification.GetProperty("entriesChecked").GetInt64());
        return tenant;
    }

    private static string EntryRowKey(long sequence) => "e:" + RowKeys.NewestFirst(sequence);

    [Theory]
    [InlineData("Action")]
    [InlineData("StatusCode")]
    [InlineData("Actor")]
    [InlineData("OccurredAt")]
    public async Task Verify_AfterAnEntryWasEditedInStorage_ReportsEntryAltered_AtThatSequence(string property)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await VerifiedChainAsync(ct);
        var table = hub.PrimaryTable("AuditLog");
        var row = (await table.GetEntityAsync<TableEntity>(tenant, EntryRowKey(3), cancellationToken: ct)).Value;
        row[property] = property switch
        {
            "StatusCode" => 200,
            "OccurredAt" => row.GetDateTimeOffset("OccurredAt")!.Value.AddHours(-1),
            "Actor" => "user:someone-else",
            _ => "GetRecord",
        };
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, ct);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.False(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(3, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal("entry-altered", verification.GetProperty("problem").GetString());
        Assert.Equal(ChainLength, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(ChainLength, verification.GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task Verify_AfterAnEntryInTheMiddleWasDeleted_ReportsMissingEntry_AtThatSequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await VerifiedChainAsync(ct);
        await hub.PrimaryTable("AuditLog").DeleteEntityAsync(tenant, EntryRowKey(3), ETag.All, ct);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.False(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(3, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal("missing-entry", verification.GetProperty("problem").GetString());
        Assert.Equal(ChainLength - 1, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(ChainLength, verification.GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task Verify_AfterTheOldestEntryWasDeleted_ReportsMissingEntry_AtSequence1()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await VerifiedChainAsync(ct);
        await hub.PrimaryTable("AuditLog").DeleteEntityAsync(tenant, EntryRowKey(1), ETag.All, ct);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.False(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(1, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal("missing-entry", verification.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Verify_AfterAnEntryWasRewrittenWithAMatchingHash_ReportsLinkBroken_AtTheNextSequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await VerifiedChainAsync(ct);
        var table = hub.PrimaryTable("AuditLog");
        var row = (await table.GetEntityAsync<TableEntity>(tenant, EntryRowKey(3), cancellationToken: ct)).Value;
        var forged = new AuditEvent(
            tenant,
            row.GetDateTimeOffset("OccurredAt")!.Value,
            row.GetString("Actor")!,
            "GetRecord",
            "GET",
            row.GetString("Path")!,
            200,
            AuditOutcome.Success,
            null,
            row.GetString("CorrelationId")!,
            row.GetString("ClientIp"));
        var forgedHash = AuditChain.ComputeHash(3, forged, row.GetString("PreviousHash")!);
        row["Action"] = forged.Action;
        row["Method"] = forged.Method;
        row["StatusCode"] = forged.StatusCode;
        row["Hash"] = forgedHash;
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, ct);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var verification = await auditor.VerifyTenantAuditAsync(tenant, ct);

        Assert.False(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(4, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal("link-broken", verification.GetProperty("problem").GetString());
        var listed = (await auditor.TenantAuditAsync(tenant, ct)).Single(e => e.Sequence() == 3);
        Assert.Equal("GetRecord", listed.Text("action"));
    }

    [Fact]
    public async Task Tampering_InOneTenant_LeavesOtherChainsValid()
    {
        var ct = TestContext.Current.CancellationToken;
        var tampered = await VerifiedChainAsync(ct);
        var untouched = await VerifiedChainAsync(ct);
        await hub.PrimaryTable("AuditLog").DeleteEntityAsync(tampered, EntryRowKey(2), ETag.All, ct);

        using var auditor = hub.TenantClient(untouched, Role.Auditor);
        var verification = await auditor.VerifyTenantAuditAsync(untouched, ct);

        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.Equal(ChainLength, verification.GetProperty("entriesChecked").GetInt64());
    }

    [Fact]
    public async Task Verify_WhileEntriesAreBeingAppended_StaysValid()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await AuditRecordingTests.CreateControlAsync(owner, tenant, ct);

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await AuditRecordingTests.CreateControlAsync(owner, tenant, ct);
            }
        }, ct)).ToArray();
        var reports = new List<JsonElement>();
        while (!writers.All(writer => writer.IsCompleted))
        {
            reports.Add(await auditor.VerifyTenantAuditAsync(tenant, ct));
        }
        await Task.WhenAll(writers);

        Assert.NotEmpty(reports);
        Assert.All(reports, report => Assert.True(report.GetProperty("valid").GetBoolean(), report.GetRawText()));
        var final = await auditor.VerifyTenantAuditAsync(tenant, ct);
        Assert.True(final.GetProperty("valid").GetBoolean(), final.GetRawText());
        Assert.Equal(61, final.GetProperty("entriesChecked").GetInt64());
    }

    [Fact]
    public async Task PlatformChain_RecordsTenantCreation_AndVerifies()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var correlationId = $"create-tenant-{Guid.NewGuid():N}";
        var tenantId = $"t-{Guid.NewGuid():N}"[..20];
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/admin/tenants"))
        {
            create.Headers.Add("X-Correlation-Id", correlationId);
            create.Content = JsonContent.Create(new { id = tenantId, name = "Audited Tenant", dataResidency = "eu" });
            await (await admin.SendAsync(create, ct)).ExpectAsync(HttpStatusCode.Created);
        }

        var creations = await admin.ReadAllPagesAsync("/api/admin/audit?action=CreateTenant&pageSize=200", ct);
        Assert.All(creations, e => Assert.Equal("CreateTenant", e.Text("action")));
        var entry = Assert.Single(creations, e => e.Text("correlationId") == correlationId);
        Assert.Equal("platform", entry.Text("chainId"));
        Assert.Equal("POST", entry.Text("method"));
        Assert.Equal("/api/admin/tenants", entry.Text("path"));
        Assert.Equal(201, entry.StatusCode());
        Assert.Equal("Success", entry.Text("outcome"));
        Assert.Equal("user:platform-admin", entry.Text("actor"));

        var verification = await (await admin.GetAsync("/api/admin/audit/verify", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
        Assert.True(verification.GetProperty("lastSequence").GetInt64() >= entry.Sequence());
        Assert.Equal(verification.GetProperty("lastSequence").GetInt64(), verification.GetProperty("entriesChecked").GetInt64());
    }

    [Fact]
    public async Task PlatformChain_IsNotReadableByATenantOwner_AndTheAttemptIsRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var ownerId = $"owner-{Guid.NewGuid():N}";
        using var owner = hub.WithBearer(HubFixture.DevToken(tenant, ownerId, Role.Owner));
        using var admin = hub.PlatformAdmin();

        await (await owner.GetAsync("/api/admin/audit", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await owner.GetAsync("/api/admin/audit/verify", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var denials = await admin.ReadAllPagesAsync($"/api/admin/audit?actor={Uri.EscapeDataString("user:" + ownerId)}", ct);
        Assert.Equal(["VerifyPlatformAuditChain", "ListPlatformAuditEntries"], denials.Select(e => e.Text("action")));
        Assert.All(denials, e =>
        {
            Assert.Equal("Denied", e.Text("outcome"));
            Assert.Equal("forbidden", e.Reason());
        });
    }
}
