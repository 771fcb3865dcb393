using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using DataGovernance.Imports;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Imports;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// Importing a generated CSV of people (<c>./hub bench imports</c>) through the hub's own service and orchestration —
/// upload, validation (cleansing, schema check, de-duplication by e-mail) and the all-or-nothing commit — next to plain
/// 100-row table transactions of the same records on the same storage in the same run (after the import, with the
/// re-classification it starts stopped). Peak memory is the process's <c>VmHWM</c> (engine, import and the generated
/// file together) when the commit has switched.
/// </summary>
public static class ImportBenchmark
{
    private const double RatioTarget = 0.4;
    private const double PeakMemoryTargetMegabytes = 300;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        var count = options is ["--rows", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 100_000;
        var ct = CancellationToken.None;
        using var host = CreateHost(count);
        var services = host.Services;
        var storage = services.GetRequiredService<HubStorage>();
        await new StorageInitializer(storage).StartAsync(ct);
        await host.StartAsync(ct);
        var tenantId = $"bench{Guid.NewGuid():N}"[..16];
        var csv = Csv(count);
        Console.WriteLine($"bench imports: {count:N0} people as CSV ({csv.Length / 1e6:F1} MB), tenant {tenantId}; memory before: {Megabytes("VmRSS"):F0} MB");

        var beforeImport = Megabytes("VmRSS");
        var imports = services.GetRequiredService<ImportService>();
        var store = services.GetRequiredService<RecordStore>();
        var actor = Caller.ForUser("bench-importer", tenantId, [Role.Owner]).Actor;
        Console.WriteLine("bench imports: upload → validate → commit...");
        var watch = Stopwatch.StartNew();
        var batch = Check(await imports.UploadAsync(tenantId, Collections.People, "people.csv", "text/csv", new MemoryStream(csv), actor, ct));
        var upload = watch.Elapsed;
        watch.Restart();
        var validated = Check(await imports.ValidateAsync(tenantId, batch.Id, new ImportValidationRequest(null, null, null, "email", "DE", true), ct));
        var validation = watch.Elapsed;
        if (validated.Counts.Valid != count)
        {
            throw new InvalidOperationException($"Validation accepted {validated.Counts.Valid} of {count} rows: {string.Join("; ", validated.Errors.Select(e => e.Message))}");
        }
        watch.Restart();
        var instanceId = Check(await services.GetRequiredService<ImportOperations>().StartAsync(tenantId, batch.Id, ImportRunKind.Commit, false, actor, ct));
        TimeSpan? frozenAt = null, switchedAt = null;
        await UntilAsync(async () =>
        {
            var head = await store.GetHeadAsync(tenantId, ct);
            frozenAt ??= head.FrozenBy is not null ? watch.Elapsed : null;
            switchedAt ??= head.Generation > 1 ? watch.Elapsed : null;
            return Check(await imports.GetAsync(tenantId, batch.Id, ct)).Status switch
            {
                ImportStatus.Committed => true,
                ImportStatus.Failed => throw new InvalidOperationException("The commit failed."),
                _ => false,
            };
        });
        var commit = watch.Elapsed;
        var peak = Megabytes("VmHWM");
        var total = upload + validation + commit;
        var build = (switchedAt ?? commit) - (frozenAt ?? TimeSpan.Zero);

        // The re-classification the commit starts next is not part of the import's span; stopped, so that the baselines run on idle storage.
        var client = services.GetRequiredService<DurableTaskClient>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (active, _) = await client.GetAllInstancesAsync(new OrchestrationQuery(
                Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running]), ct);
            foreach (var running in active.Select(instance => instance.InstanceId).Append(instanceId).Distinct())
            {
                await Try(() => client.TerminateInstanceAsync(running, cancellation: ct));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        }
        Console.WriteLine("bench imports: baselines — the same records (cleansed as the import does), and the same records with their change-log entries, as plain 100-row transactions, 8 at a time...");
        var (records, changes) = await BaselineRowsAsync(tenantId, csv, ct);
        var rawRecords = await InsertAsync(storage, records, ct);
        var rawBoth = await InsertAsync(storage, [.. records, .. changes], ct);
        await host.StopAsync(ct);

        var ratio = rawRecords / total;
        Console.WriteLine();
        Console.WriteLine($"| measurement ({count:N0} rows) | time | rows/s | ratio to the baseline | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| baseline: plain inserts of the same {count:N0} records, 100 per transaction, 8 at a time | {rawRecords.TotalSeconds:F1} s | {count / rawRecords.TotalSeconds:N0} | 1.00 | |");
        Console.WriteLine($"| for context: plain inserts of the records and their change-log entries ({2 * count:N0} rows) | {rawBoth.TotalSeconds:F1} s | {2 * count / rawBoth.TotalSeconds:N0} rows/s ({count / rawBoth.TotalSeconds:N0} records/s) | {rawRecords / rawBoth:F2} | |");
        Console.WriteLine($"| upload (stream to the imports container, header read) | {upload.TotalSeconds:F1} s | | | |");
        Console.WriteLine($"| validation (read, cleanse, schema check, de-duplicate, write accepted rows and report) | {validation.TotalSeconds:F1} s | {count / validation.TotalSeconds:N0} | | |");
        Console.WriteLine($"| commit: start → batch Committed (freeze at {frozenAt?.TotalSeconds:F1} s, switch at {switchedAt?.TotalSeconds:F1} s) | {commit.TotalSeconds:F1} s | {count / commit.TotalSeconds:N0} | | |");
        Console.WriteLine($"| of which building the generation (freeze → switch) | {build.TotalSeconds:F1} s | {count / build.TotalSeconds:N0} | {rawBoth / build:F2} of the plain inserts of the same rows | |");
        Console.WriteLine($"| import total: upload → validate → commit | {total.TotalSeconds:F1} s | {count / total.TotalSeconds:N0} | **{ratio:F2}** | ≥ {RatioTarget}: {(ratio >= RatioTarget ? "met" : "NOT met")} |");
        Console.WriteLine($"| process peak resident memory (VmHWM) from the start to committed | | {peak:F0} MB ({beforeImport:F0} MB before the upload) | | < {PeakMemoryTargetMegabytes:F0} MB: {(peak < PeakMemoryTargetMegabytes ? "met" : "NOT met")} |");
        return 0;
    }

    /// <summary>The rows the commit writes, built in memory beforehand: the file cleansed as a validation does it, as record rows and change rows.</summary>
    private static async Task<(List<TableEntity> Records, List<TableEntity> Changes)> BaselineRowsAsync(string tenantId, byte[] csv, CancellationToken ct)
    {
        var schema = Collections.Find(Collections.People)!;
        await using var reader = new CsvImportReader(new MemoryStream(csv), ImportLimits.From(new ImportOptions { MaxRows = 1_000_000 }));
        var columns = await reader.ReadColumnsAsync(ct);
        var cleansing = new ImportCleansing(schema, new ImportSettings(ColumnMapping.Suggest(schema, columns), new Dictionary<string, IReadOnlyDictionary<string, string>>(), "email", "DE", true, null));
        var (records, changes) = (new List<TableEntity>(), new List<TableEntity>());
        var now = DateTimeOffset.UtcNow;
        await foreach (var row in reader.ReadRowsAsync(ct))
        {
            var data = cleansing.Cleanse(row).Document!.Value;
            var record = new Record(ImportBatch.RecordId("baseline", row.Number), schema.Name, 1, data, now, "bench", now, "bench");
            records.Add(RecordRows.ToEntity(tenantId, 2, record));
            changes.Add(RecordRows.ToEntity(tenantId, new ChangeLogEntry(row.Number, now, schema.Name, record.Id, ChangeOperation.Create, 1, null, data,
                "bench", "bench", now, "bench", null, null)));
        }
        return (records, changes);
    }

    private static async Task<TimeSpan> InsertAsync(HubStorage storage, IReadOnlyList<TableEntity> rows, CancellationToken ct)
    {
        var scratch = storage.Primary.Table($"benchraw{Guid.NewGuid():N}"[..20]);
        await scratch.CreateAsync(ct);
        var elapsed = await RawBaselines.InsertRowsAsync(scratch, rows, GenerationStore.MaxRowsPerBatch, GenerationWriter.ConcurrentBatches, ct);
        await scratch.DeleteAsync(ct);
        return elapsed;
    }

    /// <summary>The hub's services and workflows, with room for the generated file and a short grace before the replaced generation goes.</summary>
    private static IHost CreateHost(int rows)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Imports:MaxRows"] = Math.Max(rows, 200_000).ToString(CultureInfo.InvariantCulture),
            ["Hub:Imports:MaxUploadBytes"] = (1L << 29).ToString(CultureInfo.InvariantCulture),
            ["Hub:Imports:ReplacedGenerationGrace"] = "00:00:01",
        });
        builder.Services.AddDataGovernanceCore();
        builder.Services.AddDataGovernanceWorkflows();
        return builder.Build();
    }

    /// <summary>People as an HR tool exports them: display names, mixed-case addresses, national phone numbers, German dates.</summary>
    private static byte[] Csv(int count)
    {
        string[] departments = ["Finance", "Research", "Sales", "Support", "Legal", "Engineering"];
        string[] statuses = ["Active", "On Leave", "Contractor", "active"];
        var text = new StringBuilder("Full Name,E-Mail,Phone Number,Department,Job Title,State,Start Date,Country\r\n");
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Person {i:D6},Person.{i}@Example.com,030 {2000000 + i},{departments[i % departments.Length]},Analyst,");
            text.Append(CultureInfo.InvariantCulture, $"{statuses[i % statuses.Length]},{1 + i % 28:D2}.{1 + i % 12:D2}.20{10 + i % 15},de\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static T Check<T>(DataGovernance.Outcomes.Result<T> result) =>
        result.Succeeded ? result.Value : throw new InvalidOperationException($"{result.Failure.Code}: {result.Failure.Detail}");

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Deadline)
            {
                throw new TimeoutException($"Waited {Deadline}.");
            }
            await Task.Delay(50);
        }
    }

    private static async Task Try(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            // Already finished, or never started.
        }
    }

    private static double Megabytes(string field) =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();
}
