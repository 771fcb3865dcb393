using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Orchestrations.Privacy;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// Time to erase one data subject in a large generated tenant (<c>./hub bench erasure</c>), through the hub's own
/// workflow, next to two baselines measured in the same run on the same storage: plain point reads and writes of the
/// records the erasure touched (what it cannot do with less), and one full scan of the tenant's partition (what an
/// erasure without the subject index would have to do at least).
/// </summary>
public static class ErasureBenchmark
{
    private const int SubjectRecords = 12;
    private const string Email = "bench.subject@example.org";
    private const string Phone = "+49 30 5550 1234";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(Func<IHost> createHost, IReadOnlyList<string> options)
    {
        var count = options is ["--records", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > SubjectRecords ? parsed : 100_000;
        var ct = CancellationToken.None;
        using var host = createHost();
        var services = host.Services;
        var storage = services.GetRequiredService<HubStorage>();
        await new StorageInitializer(storage).StartAsync(ct);
        await host.StartAsync(ct);
        var tenantId = $"bench{Guid.NewGuid():N}"[..16];

        Console.WriteLine($"bench erasure: seeding tenant {tenantId} with {count - SubjectRecords:N0} generated records (not measured)...");
        var seeding = Stopwatch.StartNew();
        await GeneratedTenant.SeedAsync(services, storage, tenantId, count - SubjectRecords, ct);
        Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:F0} s");

        Console.WriteLine($"bench erasure: {SubjectRecords} records of the subject through the record service, classified by the queue trigger (not measured)...");
        var dpo = Caller.ForUser("bench-dpo", tenantId, [Role.DataProtectionOfficer]);
        var context = new WriteContext(dpo.Actor, "bench-erasure");
        var touched = await CreateSubjectRecordsAsync(services, tenantId, context, ct);
        var discovery = services.GetRequiredService<SubjectDiscoveryService>();
        await UntilAsync(async () => (await discovery.DiscoverAsync(tenantId, new SubjectIdentifiers(Email, null, null, null), ct)).Value?.Count == SubjectRecords,
            "the subject's records classified");

        var requests = services.GetRequiredService<PrivacyRequestService>();
        var request = (await requests.ReceiveAsync(tenantId, new PrivacyRequestIntake("Erasure", new RequesterInput("Bench Subject", Email, null, "Self"),
            null, null), context, ct)).Value!;
        await services.GetRequiredService<PrivacyRequestVerification>().VerifyAsync(tenantId, request.Id, new VerificationInput(null, "Benchmark."), context, ct);

        Console.WriteLine("bench erasure: start → plan (discovery, legal holds) → approval → erase, ledger, secondary region, certificate...");
        var operations = services.GetRequiredService<ErasureOperations>();
        var erasures = services.GetRequiredService<ErasureService>();
        var watch = Stopwatch.StartNew();
        Check(await operations.StartAsync(tenantId, request.Id, dpo, context, ct));
        await UntilAsync(async () => (await erasures.GetAsync(tenantId, request.Id, dpo.Actor, ct)).Value!.Status == ErasureStatus.AwaitingApproval, "the plan");
        var planning = watch.Elapsed;
        watch.Restart();
        Check(await operations.DecideAsync(tenantId, request.Id, new ErasureDecisionInput(true, null), dpo, context, ct));
        Erasure? done = null;
        await UntilAsync(async () => (done = (await erasures.GetAsync(tenantId, request.Id, dpo.Actor, ct)).Value!).Status == ErasureStatus.Failed
            ? throw new InvalidOperationException($"The erasure failed: {done.FailureReason}")
            : done.Status == ErasureStatus.Completed, "the erasure");
        var erasing = watch.Elapsed;
        if (done!.Erased != SubjectRecords)
        {
            throw new InvalidOperationException($"The erasure erased {done.Erased} records, not {SubjectRecords}.");
        }

        Console.WriteLine($"bench erasure: baselines — plain point reads and writes of the {SubjectRecords} records, and a full scan of the partition...");
        var table = storage.Primary.Table(StorageNames.RecordsTable);
        var generation = (await services.GetRequiredService<RecordStore>().GetHeadAsync(tenantId, ct)).Generation;
        var scratch = storage.Primary.Table($"benchraw{Guid.NewGuid():N}"[..20]);
        await scratch.CreateAsync(ct);
        var raw = Stopwatch.StartNew();
        foreach (var (collection, id) in touched)
        {
            var row = (await table.GetEntityAsync<TableEntity>(tenantId, RecordRows.RecordKey(generation, collection, id), cancellationToken: ct)).Value;
            await scratch.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        }
        var rawOps = raw.Elapsed;
        var scan = await RawBaselines.ScanRowsAsync(table, tenantId, [.. Collections.Names.Select(name => RecordRows.CollectionPrefix(generation, name))], 4, ct);
        await scratch.DeleteAsync(ct);
        await host.StopAsync(ct);

        var total = planning + erasing;
        Console.WriteLine();
        Console.WriteLine($"| measurement ({count:N0} records, one subject in {SubjectRecords}) | seconds | erasure total ÷ this |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| plan: discovery and legal-hold check (start → awaiting approval) | {planning.TotalSeconds:F2} | |");
        Console.WriteLine($"| erase after approval: records, ledger, secondary region, signed certificate, request completed | {erasing.TotalSeconds:F2} | |");
        Console.WriteLine($"| erasure total (without the time a person takes to approve) | {total.TotalSeconds:F2} | 1.00 |");
        Console.WriteLine($"| baseline: plain point read + write of the {SubjectRecords} records touched | {rawOps.TotalSeconds:F2} | {total / rawOps:F1} |");
        Console.WriteLine($"| baseline: full scan of the partition ({scan.Rows:N0} rows, 4 in parallel) | {scan.Elapsed.TotalSeconds:F2} | {total / scan.Elapsed:F2} |");
        return 0;
    }

    private static async Task<List<(string Collection, string Id)>> CreateSubjectRecordsAsync(
        IServiceProvider services, string tenantId, WriteContext context, CancellationToken ct)
    {
        var recordService = services.GetRequiredService<RecordService>();
        var documents = new List<(string, object)>
        {
            ("people", new { fullName = "Bench Subject", email = Email, phone = Phone, homeAddress = "1 Bench Road, Berlin", status = "active", department = "Finance" }),
        };
        for (var i = 1; i < SubjectRecords; i++)
        {
            documents.Add(i % 2 == 0
                ? ("controls", new { code = $"BS-{i}", title = "Access review", status = "implemented", owner = Email })
                : ("risks", new { title = "Payroll errors", description = $"Raised by {Email} in review {i}.", status = "identified", likelihood = 2, impact = 3 }));
        }
        var touched = new List<(string, string)>();
        foreach (var (collection, document) in documents)
        {
            var created = await recordService.CreateAsync(tenantId, collection, JsonSerializer.SerializeToElement(document), context, ct);
            touched.Add((collection, created.Value?.Id ?? throw new InvalidOperationException($"Creating a {collection} record failed: {created.Failure?.Detail}")));
        }
        return touched;
    }

    private static void Check<T>(DataGovernance.Outcomes.Result<T> result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{result.Failure.Code}: {result.Failure.Detail}");
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Deadline)
            {
                throw new TimeoutException($"Waited {Deadline} for {what}.");
            }
            await Task.Delay(20);
        }
    }
}
