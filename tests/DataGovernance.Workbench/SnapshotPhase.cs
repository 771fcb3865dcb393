using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataGovernance.Backup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>What the snapshot worker measured: the snapshot's time and size and the process's memory.</summary>
public sealed record SnapshotPhaseResult(double Seconds, long Records, int Chunks, long CompressedBytes, double RssBeforeMegabytes, double PeakRssMegabytes);

/// <summary>
/// The measured snapshot, alone in a process of its own so that the process's peak resident set (<c>VmHWM</c>:
/// managed heap, native buffers, code and the runtime itself) is the snapshot's peak memory.
/// </summary>
public static class SnapshotPhase
{
    public const string Mode = "bench-snapshot";

    /// <summary>Runs in the worker: takes the snapshot and prints the result as one JSON line.</summary>
    public static async Task<int> RunAsync(IHost host, string tenantId, string restorePointId)
    {
        var backups = host.Services.GetRequiredService<BackupService>();
        var before = Megabytes("VmRSS");
        var watch = Stopwatch.StartNew();
        var summary = await backups.TakeSnapshotAsync(tenantId, restorePointId, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new SnapshotPhaseResult(seconds, summary.RecordCount, summary.ChunkCount, summary.CompressedBytes, before, Megabytes("VmHWM"))));
        return 0;
    }

    /// <summary>Starts a worker process (this program, same environment) for the snapshot and reads its result.</summary>
    public static async Task<SnapshotPhaseResult> MeasureAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SnapshotPhase).Assembly.Location);
        }
        foreach (var argument in new[] { Mode, tenantId, restorePointId })
        {
            start.ArgumentList.Add(argument);
        }
        using var worker = Process.Start(start)!;
        var output = await worker.StandardOutput.ReadToEndAsync(cancellationToken);
        await worker.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return worker.ExitCode == 0 && line is not null
            ? JsonSerializer.Deserialize<SnapshotPhaseResult>(line)!
            : throw new InvalidOperationException($"The snapshot worker exited with {worker.ExitCode}: {output}");
    }

    /// <summary>A size line of <c>/proc/self/status</c>, in MB.</summary>
    private static double Megabytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(text => text.StartsWith(field + ":", StringComparison.Ordinal));
        var kilobytes = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }
}
