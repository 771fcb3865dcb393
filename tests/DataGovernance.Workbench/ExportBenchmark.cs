using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using DataGovernance.Exports;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// A bulk export of a large collection to CSV (<c>./hub bench exports</c>) through the hub's own export job (service,
/// orchestration, streamed blob upload with SHA-256), next to a plain scan of the same rows of the same partition in
/// the same run; then an XLSX export of the same records, streamed row by row like the CSV. Reports the process's peak
/// working set after each.
/// </summary>
public static class ExportBenchmark
{
    private const int InsertChunk = 10_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(20);

    public static async Task<int> RunAsync(Func<IHost> createHost, IReadOnlyList<string> options)
    {
        var count = options is ["--records", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 200_000;
        var ct = CancellationToken.None;
        using var host = createHost();
        var services = host.Services;
        var storage = services.GetRequiredService<HubStorage>();
        await new StorageInitializer(storage).StartAsync(ct);
        await host.StartAsync(ct);
        var tenantId = $"bench{Guid.NewGuid():N}"[..16];

        Console.WriteLine($"bench exports: seeding tenant {tenantId} with {count:N0} generated people records (not measured)...");
        var seeding = Stopwatch.StartNew();
        await GeneratedTenant.SeedAsync(services, storage, tenantId, 1, ct);
        var table = storage.Primary.Table(StorageNames.RecordsTable);
        var generation = (await services.GetRequiredService<RecordStore>().GetHeadAsync(tenantId, ct)).Generation;
        // GeneratedTenant makes people first (30% of its mix), so the first `count` of a larger mix are all people.
        foreach (var chunk in GeneratedTenant.Records(count * 4).Where(record => record.Collection == Collections.People).Take(count).Chunk(InsertChunk))
        {
            await RawBaselines.InsertRowsAsync(table, [.. chunk.Select(record => RecordRows.ToEntity(tenantId, generation, record))], 100, 8, ct);
        }
        Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:F0} s; peak working set so far {PeakMegabytes():F0} MB");

        var exports = services.GetRequiredService<ExportService>();
        var owner = Caller.ForUser("bench-owner", tenantId, [Role.Owner]);
        var context = new WriteContext(owner.Actor, "bench-exports");

        Console.WriteLine($"bench exports: CSV export of {count:N0} people through the export job...");
        var (csv, csvTime) = await ExportAsync(exports, tenantId, new ExportRequest(Collections.People, null, ExportFormat.Csv), owner, context, ct);
        var csvPeak = PeakMegabytes();

        Console.WriteLine("bench exports: baseline — a plain scan of the same rows of the partition...");
        var scan = await RawBaselines.ScanRowsAsync(table, tenantId, [RecordRows.CollectionPrefix(generation, Collections.People)], 1, ct);

        Console.WriteLine($"bench exports: XLSX export of the same {count:N0} people through the export job...");
        var (xlsx, xlsxTime) = await ExportAsync(exports, tenantId, new ExportRequest(Collections.People, null, ExportFormat.Xlsx), owner, context, ct);
        var xlsxPeak = PeakMegabytes();
        await host.StopAsync(ct);

        var exportRate = csv.RecordCount!.Value / csvTime.TotalSeconds;
        var xlsxRate = xlsx.RecordCount!.Value / xlsxTime.TotalSeconds;
        var scanRate = scan.Rows / scan.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| measurement ({count:N0} people records) | records | seconds | records/s | export ÷ scan |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| CSV export job (request → completed: scan, CSV, SHA-256, blob upload; {csv.Bytes!.Value / 1048576.0:F1} MB) | {csv.RecordCount:N0} | {csvTime.TotalSeconds:F2} | {exportRate:N0} | {exportRate / scanRate:F2} |");
        Console.WriteLine($"| baseline: plain scan of the same rows | {scan.Rows:N0} | {scan.Elapsed.TotalSeconds:F2} | {scanRate:N0} | 1.00 |");
        Console.WriteLine($"| XLSX export job (the same, streamed as a workbook; {xlsx.Bytes!.Value / 1048576.0:F1} MB) | {xlsx.RecordCount:N0} | {xlsxTime.TotalSeconds:F2} | {xlsxRate:N0} | {xlsxRate / scanRate:F2} |");
        Console.WriteLine();
        Console.WriteLine($"peak working set of the process: {csvPeak:F0} MB after the CSV export (seeding included), {xlsxPeak:F0} MB after the XLSX export");
        return 0;
    }

    private static async Task<(DataExport Export, TimeSpan Elapsed)> ExportAsync(
        ExportService exports, string tenantId, ExportRequest request, Caller owner, WriteContext context, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var started = await exports.StartAsync(tenantId, request, owner, context, ct);
        if (!started.Succeeded)
        {
            throw new InvalidOperationException($"{started.Failure.Code}: {started.Failure.Detail}");
        }
        while (true)
        {
            var export = (await exports.GetAsync(tenantId, started.Value.Id, ct)).Value!;
            if (export.Status == ExportStatus.Completed)
            {
                return (export, watch.Elapsed);
            }
            if (export.Status == ExportStatus.Failed || watch.Elapsed > Deadline)
            {
                throw new InvalidOperationException($"The export ended as {export.Status}: {export.FailureReason}");
            }
            await Task.Delay(50, ct);
        }
    }

    private static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1048576.0;
    }
}
