using System.Net;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Classification.DataClassificationApi;

namespace DataGovernance.Tests.Classification;

/// <summary>The full re-scan: an orchestration that repairs results and the subject index from the records themselves.</summary>
public sealed class ClassificationRescanTests(HubFixture hub)
{
    private TableClient Results => hub.PrimaryTable(StorageNames.DataClassificationsTable);

    [Fact]
    public async Task ARescan_RebuildsDeletedResultsAndIndexRows_AndDropsThoseOfRecordsThatNoLongerExist()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var person = await owner.CreateAsync(tenant, "people", Person());
        var control = await owner.CreateAsync(tenant, "controls", new { code = "AC-01", title = "Quarterly access review", status = "implemented" });
        await dpo.ResultWhenAsync(tenant, "people", person, _ => true, "the person classified");
        await dpo.ResultWhenAsync(tenant, "controls", control, _ => true, "the control classified");

        foreach (var row in await Results.QueryAsync<TableEntity>(row => row.PartitionKey == tenant, cancellationToken: Ct).ToListAsync(Ct))
        {
            await Results.DeleteEntityAsync(row, cancellationToken: Ct);
        }
        await Results.AddEntityAsync(new TableEntity(tenant, "idx|0123456789abcdef0123456789abcdef|people|gone|0123456789abcdef")
        {
            ["Collection"] = "people", ["RecordId"] = "gone", ["FieldPath"] = "email", ["Entity"] = "Email", ["Confidence"] = 0.9, ["NameTokens"] = 0,
        }, Ct);
        await (await dpo.GetAsync(RecordResult(tenant, "people", person), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await dpo.DiscoverAsync(tenant, new { email = "zoe.mueller@example.com" })).EnumerateArray());

        var started = await dpo.PostAsync(Rescans(tenant), null, Ct);
        var accepted = await started.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(started.Headers.Location!.OriginalString, accepted.GetProperty("statusQueryGetUri").GetString());
        var status = await dpo.FinishedAsync(started.Headers.Location!.OriginalString);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var output = status.GetProperty("output");
        Assert.Equal((2, 2, 2, 1), (output.GetProperty("chunks").GetInt32(), output.GetProperty("recordsScanned").GetInt32(),
            output.GetProperty("recordsClassified").GetInt32(), output.GetProperty("indexRowsRemoved").GetInt32()));
        Assert.Equal(("Completed", 2), (status.GetProperty("customStatus").GetProperty("phase").GetString(),
            status.GetProperty("customStatus").GetProperty("recordsScanned").GetInt32()));
        var result = await (await dpo.GetAsync(RecordResult(tenant, "people", person), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Restricted", result.GetProperty("sensitivity").GetString());
        Assert.True((await dpo.DiscoverAsync(tenant, new { email = "zoe.mueller@example.com" })).HasRecord("people", person));
        Assert.True(output.GetProperty("mapRecounted").GetBoolean());
        var map = await (await dpo.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, map.GetProperty("recordsClassified").GetInt32());
        Assert.False((await Results.GetEntityIfExistsAsync<TableEntity>(tenant, "idx|0123456789abcdef0123456789abcdef|people|gone|0123456789abcdef",
            cancellationToken: Ct)).HasValue);

        var again = await dpo.FinishedAsync((await dpo.PostAsync(Rescans(tenant), null, Ct)).Headers.Location!.OriginalString);
        Assert.Equal((2, 0), (again.GetProperty("output").GetProperty("recordsUnchanged").GetInt32(), again.GetProperty("output").GetProperty("recordsClassified").GetInt32()));
    }

    [Fact]
    public async Task ARescan_RecountsTheMap_WhenResultRowsWereRemovedBehindItsBack()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreateAsync(tenant, "people", Person());
        await owner.ResultWhenAsync(tenant, "people", person, _ => true, "the person classified");
        await Results.DeleteEntityAsync(tenant, $"rec|people|{person}", cancellationToken: Ct);

        var status = await owner.FinishedAsync((await owner.PostAsync(Rescans(tenant), null, Ct)).Headers.Location!.OriginalString);

        Assert.Equal(1, status.GetProperty("output").GetProperty("recordsClassified").GetInt32());
        var map = await (await owner.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        var people = Assert.Single(map.GetProperty("collections").EnumerateArray());
        Assert.Equal((1, 1), (people.GetProperty("recordsClassified").GetInt32(), map.GetProperty("recordsClassified").GetInt32()));
    }

    [Fact]
    public async Task ARescan_RemovesResultsOfRecordsDeletedWhileNobodyListened()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var person = await owner.CreateAsync(tenant, "people", Person());
        var stale = await owner.ResultWhenAsync(tenant, "people", person, _ => true, "the person classified");
        var resultRow = (await Results.GetEntityAsync<TableEntity>(tenant, $"rec|people|{person}", cancellationToken: Ct)).Value;
        await owner.DeleteAsync(tenant, "people", person);
        await owner.NoResultAsync(tenant, "people", person);
        // As if the delete's message had been lost: the result and its index rows are back.
        resultRow.RowKey = $"rec|people|{person}";
        await Results.UpsertEntityAsync(resultRow, TableUpdateMode.Replace, Ct);
        await (await owner.GetAsync(RecordResult(tenant, "people", person), Ct)).ExpectAsync(HttpStatusCode.OK);

        var status = await owner.FinishedAsync((await owner.PostAsync(Rescans(tenant), null, Ct)).Headers.Location!.OriginalString);

        Assert.Equal(1, status.GetProperty("output").GetProperty("resultsRemoved").GetInt32());
        await (await owner.GetAsync(RecordResult(tenant, "people", person), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, (await (await owner.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("recordsClassified").GetInt32());
        Assert.Equal(1, stale.GetProperty("recordVersion").GetInt64());
    }
}
