using Azure;
using Azure.Storage.Blobs;
using DataGovernance.Storage;

namespace DataGovernance.Runtime;

/// <summary>
/// Each timer's <see cref="TimerScheduleStatus"/> as a blob (<c>hub-runtime/timers/{function}/status</c>, JSON with
/// <c>Last</c>, <c>Next</c> and <c>LastUpdated</c> as the Functions timer keeps it), shared by every instance.
/// </summary>
public sealed class TimerScheduleStore(HubStorage storage)
{
    public async Task<TimerScheduleStatus?> ReadAsync(string functionName, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(functionName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<TimerScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(string functionName, TimerScheduleStatus status, CancellationToken cancellationToken) =>
        await Blob(functionName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);

    /// <summary>Writes the first status of a timer unless another instance wrote one already.</summary>
    public async Task CreateIfMissingAsync(string functionName, TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await Blob(functionName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance started first.
        }
    }

    private BlobClient Blob(string functionName) =>
        storage.Primary.Container(StorageNames.RuntimeContainer).GetBlobClient($"timers/{functionName}/status");
}
