using System.Text;
using System.Text.Json;
using DataGovernance.Exports;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Views;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>An export of a sorted view larger than one sort run: spilled, merged, and in the view's order.</summary>
public sealed class SortedExportTests(HubFixture hub)
{
    [Fact]
    public async Task SortedViewExport_LargerThanASortRun_IsInTheViewsOrder()
    {
        var tenant = await hub.CreateTenantAsync();
        var records = hub.App.Services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-seed"), "test-seed");
        var random = new Random(7);
        foreach (var batch in Enumerable.Range(0, 2_500).Chunk(RecordStore.MaxWritesPerCommit))
        {
            var documents = batch.Select(i => JsonSerializer.SerializeToElement(new
            {
                title = $"Risk {random.Next(0, 50):D2}", status = i % 10 == 0 ? "closed" : "identified", likelihood = 1, impact = random.Next(1, 6),
            })).ToList();
            Assert.True((await records.CreateManyAsync(tenant, Collections.Risks, documents, context, Ct)).Succeeded);
        }
        var query = new ViewQuery(Collections.Find(Collections.Risks)!, [new ViewCondition("status", ViewOperators.Ne, JsonSerializer.SerializeToElement("closed"))],
            ["title", "impact"], [new ViewSort("impact", Descending: true), new ViewSort("title")]);
        var job = ActivatorUtilities.CreateInstance<ExportJob>(hub.App.Services, Options.Create(new ExportOptions { SortRunRecords = 1_000 }));

        using var file = new MemoryStream();
        var written = await job.WriteAsync(file, tenant, query, ExportFormat.Ndjson, new HashSet<string>(), Ct);

        var rows = Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal((2_250, 2_250L, file.Length), (rows.Count, written.Records, written.Bytes));
        var expected = rows.OrderByDescending(row => row.GetProperty("impact").GetInt32())
            .ThenBy(row => row.Str("title"), StringComparer.Ordinal).ThenBy(row => row.Str("id"), StringComparer.Ordinal).Select(row => row.Str("id"));
        Assert.Equal(expected, rows.Select(row => row.Str("id")));
        Assert.Equal(["id", "version", "createdAt", "updatedAt", "title", "impact"], rows[0].EnumerateObject().Select(p => p.Name));
    }
}
