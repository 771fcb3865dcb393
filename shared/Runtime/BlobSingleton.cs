using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Runtime;

/// <summary>
/// A lock that one instance at a time holds across every instance sharing the primary account: a lease on a lock
/// blob (<c>hub-runtime/locks/{name}</c>), renewed while held and released when disposed. A holder that dies loses
/// it when the lease expires.
/// </summary>
public sealed class BlobSingleton(HubStorage storage, TimeProvider clock, ILogger<BlobSingleton> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);

    /// <summary>The lock, or null while another instance holds it.</summary>
    public async Task<SingletonLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var blob = storage.Primary.Container(StorageNames.RuntimeContainer).GetBlobClient($"locks/{name}");
        await EnsureExistsAsync(blob, name, cancellationToken);
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
        return new SingletonLease(name, lease, clock, logger);
    }

    private async Task EnsureExistsAsync(BlobClient blob, string name, CancellationToken cancellationToken)
    {
        if (_created.ContainsKey(name))
        {
            return;
        }
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // It exists (and may be leased right now).
        }
        _created[name] = true;
    }
}

/// <summary>A held <see cref="BlobSingleton"/> lock.</summary>
public sealed class SingletonLease : IAsyncDisposable
{
    private readonly string _name;
    private readonly BlobLeaseClient _lease;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    internal SingletonLease(string name, BlobLeaseClient lease, TimeProvider clock, ILogger logger)
    {
        _name = name;
        _lease = lease;
        _logger = logger;
        _renewal = RenewAsync(clock, _stop.Token);
    }

    private async Task RenewAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(BlobSingleton.LeaseDuration / 3, clock, cancellationToken);
                await _lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released.
        }
        catch (RequestFailedException ex)
        {
            _logger.LeaseRenewalFailed(ex, _name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        try
        {
            await _lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Already expired or taken over; the lease is gone either way.
        }
    }
}
