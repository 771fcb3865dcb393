using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>A rollback deletes records, so it is refused outright while any record of the batch is under legal hold.</summary>
public sealed class ImportLegalHoldTests(HubFixture hub)
{
    [Fact]
    public async Task Rollback_OfABatchWithARecordUnderLegalHold_IsRefused_AndTheBatchStaysCommitted_UntilTheHoldIsReleased()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var batch = (await owner.ImportAsync(tenant, "controls", "code,title,status\r\nH-1,Access review,draft\r\nH-2,Badge audit,draft\r\n")).Prop("id");
        var hold = (await owner.PlaceHoldAsync(tenant, RetentionApi.RecordHold("controls", $"{batch}-0000003"))).Prop("id");

        await (await owner.PostAsync(ImportsUrl(tenant, $"/{batch}/rollback"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-records-on-hold");

        Assert.Equal("Committed", (await owner.GetImportAsync(tenant, batch)).Prop("status"));
        Assert.Equal(2, (await owner.RecordsAsync(tenant, "controls")).Count);
        await (await owner.SendJsonAsync(HttpMethod.Post, $"{RetentionApi.Holds(tenant)}/{hold}/release", new { note = "Matter closed" }, "\"1\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("RolledBack", (await owner.RunAsync(tenant, batch, "rollback")).Prop("status"));
        Assert.Empty(await owner.RecordsAsync(tenant, "controls"));
    }

    [Fact]
    public async Task Rollback_OfABatchWithARecordOfASubjectUnderLegalHold_IsRefused_WhereverTheRecordNamesThem()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var people = (await owner.ImportAsync(tenant, "people", "fullName,email,status\r\nErika Mustermann,erika@example.org,active\r\nMax Muster,max@example.org,active\r\n")).Prop("id");
        // Here only classification knows whose the record is: the address is in a free-text field.
        var controls = (await owner.ImportAsync(tenant, "controls", "code,title,status,owner\r\nE-1,Payroll review,draft,erika@example.org\r\n")).Prop("id");
        await owner.DiscoverWhenAsync(tenant, new { email = "erika@example.org" }, matches => matches.HasRecord("controls", $"{controls}-0000002"),
            "the imported control discovered");
        await owner.PlaceHoldAsync(tenant, RetentionApi.SubjectHold(new { email = "Erika@Example.org" }));

        foreach (var batch in new[] { people, controls })
        {
            await (await owner.PostAsync(ImportsUrl(tenant, $"/{batch}/rollback"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-records-on-hold");
            Assert.Equal("Committed", (await owner.GetImportAsync(tenant, batch)).Prop("status"));
        }
        Assert.Equal(2, (await owner.RecordsAsync(tenant, "people")).Count);
        Assert.Single(await owner.RecordsAsync(tenant, "controls"));
    }
}
