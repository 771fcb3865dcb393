using DataGovernance.Exports;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Exports;

/// <summary>
/// Runs on <see cref="ExportOptions.ExpirySchedule"/> (hourly by default): deletes the files of completed exports past
/// their expiry and marks them expired. Reading an expired export does the same for that one, so nothing depends on
/// the sweep having run; links never outlive the export either.
/// </summary>
public sealed partial class ExportExpiry(ExportStore store, TimeProvider clock, ILogger<ExportExpiry> logger)
{
    public const string FunctionName = "DeleteExpiredExports";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var export in store.ExpiredAsync(clock.GetUtcNow(), cancellationToken))
        {
            await store.ExpireAsync(export, cancellationToken);
            deleted++;
        }
        if (deleted > 0)
        {
            LogDeleted(deleted);
        }
    }

    [LoggerMessage(EventId = 4411, Level = LogLevel.Information, Message = "Deleted the files of {Count} expired export(s)")]
    private partial void LogDeleted(int count);
}
