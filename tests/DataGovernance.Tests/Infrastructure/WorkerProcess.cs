using System.Diagnostics;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>
/// A durable engine worker in its own process (the workbench's <c>worker</c> mode) that a test can kill -9 and
/// start again. Its in-flight messages reappear after a short visibility timeout.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _mode;
    private Process? _process;
    private string? _pidFile;

    /// <param name="mode"><c>worker</c> runs the workbench workflows, <c>hub-worker</c> the hub's own.</param>
    public WorkerProcess(string storageConnectionString, string taskHub, string mode = "worker", string? secondaryConnectionString = null)
    {
        StorageConnectionString = storageConnectionString;
        _mode = mode;
        _environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Hub__SecondaryStorage"] = secondaryConnectionString ?? storageConnectionString,
            ["Hub__Durable__TaskHub"] = taskHub,
            ["Hub__Durable__ReconcileAfter"] = "00:00:05",
            ["Hub__Durable__ReconcileSchedule"] = "*/2 * * * * *",
            ["Hub__Triggers__VisibilityTimeoutSeconds"] = "5",
            ["Hub__Triggers__MaxPollingIntervalSeconds"] = "0.5",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    public string StorageConnectionString { get; }

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "DataGovernance.Workbench.dll"), _mode },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var pidFolder = RepositoryPaths.Combine(".hub", "test-processes");
        Directory.CreateDirectory(pidFolder);
        _pidFile = Path.Combine(pidFolder, $"{_process.Id}.pid");
        await File.WriteAllTextAsync(_pidFile, $"{_process.Id}");
    }

    /// <summary>SIGKILL: no chance to finish, settle or clean up.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
        File.Delete(_pidFile!);
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
