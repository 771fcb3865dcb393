using System.Diagnostics;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>
/// A real Azurite process (the pinned npm package) on free loopback ports, with its data in a folder under
/// <c>.hub/test-data</c>. Its pid is recorded under <c>.hub/test-processes</c> so that <c>./hub test</c> can stop it
/// if the test run dies before disposing it.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ProcessStartInfo _start;
    private Process _process;
    private string _pidFile;
    private bool _stopped;

    private AzuriteProcess(ProcessStartInfo start, Process process, string pidFile, string dataFolder, int blobPort, int queuePort, int tablePort)
    {
        _start = start;
        _process = process;
        _pidFile = pidFile;
        DataFolder = dataFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public string DataFolder { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static async Task<AzuriteProcess> StartAsync(string name)
    {
        var executable = RepositoryPaths.Combine("tools", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run the tests through ./hub test, which installs it.");
        }
        var dataFolder = RepositoryPaths.Combine(".hub", "test-data", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--location", dataFolder, "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                     "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var (process, pidFile) = await LaunchAsync(start);
        var azurite = new AzuriteProcess(start, process, pidFile, dataFolder, blob, queue, table);
        await azurite.WaitUntilListeningAsync();
        return azurite;
    }

    /// <summary>Stops Azurite the way an operator would (SIGTERM, so it saves its data): a storage outage.</summary>
    public async Task StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
        {
            await term.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(deadline.Token);
        _process.Dispose();
        File.Delete(_pidFile);
        _stopped = true;
    }

    /// <summary>Starts Azurite again on the same ports and data folder after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        (_process, _pidFile) = await LaunchAsync(_start);
        _stopped = false;
        await WaitUntilListeningAsync();
    }

    private static async Task<(Process Process, string PidFile)> LaunchAsync(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var pidFolder = RepositoryPaths.Combine(".hub", "test-processes");
        Directory.CreateDirectory(pidFolder);
        var pidFile = Path.Combine(pidFolder, $"{process.Id}.pid");
        await File.WriteAllTextAsync(pidFile, $"{process.Id}");
        return (process, pidFile);
    }

    private async Task WaitUntilListeningAsync()
    {
        await FreePorts.WaitUntilListeningAsync(BlobPort, TimeSpan.FromSeconds(30));
        await FreePorts.WaitUntilListeningAsync(QueuePort, TimeSpan.FromSeconds(30));
        await FreePorts.WaitUntilListeningAsync(TablePort, TimeSpan.FromSeconds(30));
    }

    /// <summary>True between <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>.</summary>
    public bool IsStopped => _stopped;

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            File.Delete(_pidFile);
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be flushing; ./hub test removes leftovers.
        }
    }
}
