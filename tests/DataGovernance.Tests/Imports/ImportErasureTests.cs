using System.Net;
using Azure.Storage.Blobs.Models;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>What an erasure means for imports: the tenant's import files go, and the erased subject cannot be imported again.</summary>
public sealed class ImportErasureTests(HubFixture hub)
{
    private const string People =
        "Full Name,E-Mail,Phone,Status\r\n" +
        $"Jane Doe,{ErasureApi.SubjectEmail},{ErasureApi.SubjectPhone},active\r\n" +
        "Ada Lovelace,ada@example.com,,active\r\n";

    [Fact]
    public async Task Erasure_DeletesTheTenantsImportFiles_ReportsIt_AndTheErasedSubjectCannotBeImportedAgain()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var committed = (await dpo.ImportAsync(tenant, "people", People)).Prop("id");
        var pending = await dpo.UploadIdAsync(tenant, "controls", $"code,title,status,owner\r\nAC-9,Payroll review,draft,{ErasureApi.SubjectEmail}\r\n");
        var person = $"{committed}-0000002";
        await dpo.DiscoverWhenAsync(tenant, new { email = ErasureApi.SubjectEmail }, matches => matches.HasRecord("people", person), "the imported person discovered");
        Assert.True(await BlobCountAsync($"{tenant}/") >= 4);

        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();
        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        await dpo.ApproveErasureAsync(tenant, requestId);
        var erasure = await dpo.ErasureInStatusAsync(tenant, requestId, "Completed");

        Assert.Equal(0, await BlobCountAsync($"{tenant}/"));
        foreach (var id in new[] { committed, pending })
        {
            Assert.True((await dpo.GetImportAsync(tenant, id)).TryGetProperty("filesDeletedAt", out _), $"Import {id} shows no filesDeletedAt.");
        }
        var importFiles = erasure.GetProperty("importFiles");
        Assert.Equal((2, 0), (importFiles.GetProperty("imports").GetInt32(), importFiles.GetProperty("keptWhileRunning").GetArrayLength()));
        using var anonymous = hub.Anonymous();
        var certificate = await anonymous.GetStringAsync(erasure.GetProperty("links").Prop("text"), Ct);
        Assert.Contains("Import files:     Deleted the files of 2 import(s)", certificate, StringComparison.Ordinal);
        Assert.NotEqual(ErasureApi.SubjectEmail, (await dpo.RecordDataAsync(tenant, "people", person)).Prop("email"));

        var again = await dpo.UploadIdAsync(tenant, "people", People.Replace(ErasureApi.SubjectEmail, "Jane.Doe@Example.org", StringComparison.Ordinal));
        var validated = await dpo.ValidatedAsync(tenant, again);
        Assert.Equal((1, 1), (validated.Count("valid"), validated.Count("invalid")));
        Assert.Equal([(2L, "E-Mail", "erased-subject")], validated.Errors());
        var owned = await dpo.UploadIdAsync(tenant, "controls", $"code,title,status,owner\r\nAC-9,Payroll review,draft,{ErasureApi.SubjectEmail}\r\n");
        Assert.Equal([(2L, "owner", "erased-subject")], (await dpo.ValidatedAsync(tenant, owned)).Errors());
    }

    [Fact]
    public async Task Validation_WithoutErasuresInTheTenant_AcceptsTheSameRows()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var validated = await owner.ValidatedAsync(tenant, await owner.UploadIdAsync(tenant, "people", People));

        Assert.Equal((2, 0), (validated.Count("valid"), validated.Count("invalid")));
    }

    private async Task<int> BlobCountAsync(string prefix)
    {
        var container = hub.App.Services.GetRequiredService<HubStorage>().Primary.Container(StorageNames.ImportsContainer);
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, Ct))
        {
            count++;
        }
        return count;
    }
}
