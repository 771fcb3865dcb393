using System.Diagnostics;
using Azure;
using DataGovernance.Storage;

namespace DataGovernance.Monitoring;

public sealed record DependencyHealth(string Name, bool Healthy, long DurationMs, string? Error);

public sealed record ReadinessReport(bool Ready, IReadOnlyList<DependencyHealth> Checks);

/// <summary>Checks that both storage accounts answer, each within a short deadline.</summary>
public sealed class StorageHealthCheck(HubStorage storage)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(CheckAsync(storage.Primary, cancellationToken), CheckAsync(storage.Secondary, cancellationToken));
        return new ReadinessReport(checks.All(check => check.Healthy), checks);
    }

    private static async Task<DependencyHealth> CheckAsync(StorageAccount account, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var watch = Stopwatch.StartNew();
        try
        {
            await account.Blobs.GetPropertiesAsync(deadline.Token);
            await foreach (var _ in account.Tables.QueryAsync(maxPerPage: 1, cancellationToken: deadline.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }
            return new DependencyHealth(account.Name, true, watch.ElapsedMilliseconds, null);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException && !cancellationToken.IsCancellationRequested)
        {
            return new DependencyHealth(account.Name, false, watch.ElapsedMilliseconds,
                ex is OperationCanceledException ? $"No answer within {Deadline.TotalSeconds} s." : "The storage account refused the request.");
        }
    }
}
