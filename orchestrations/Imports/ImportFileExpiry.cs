using DataGovernance.Imports;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Imports;

/// <summary>
/// Runs hourly, on one instance at a time: deletes the files of import batches whose last activity is older than
/// <see cref="ImportOptions.FileRetention"/> (<see cref="ImportFileRetention"/>). The batches stay, marked as such.
/// </summary>
public sealed partial class ImportFileExpiry(ImportFileRetention retention, ILogger<ImportFileExpiry> logger)
{
    public const string FunctionName = "DeleteExpiredImportFiles";

    /// <summary>Hourly at :45 (six-field NCRONTAB, UTC), away from the other hourly cleanups.</summary>
    public const string Schedule = "0 45 * * * *";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await retention.DeleteExpiredAsync(cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(deleted);
        }
    }

    [LoggerMessage(EventId = 4511, Level = LogLevel.Information, Message = "Deleted the files of {Count} import(s) past their retention")]
    private partial void LogDeleted(int count);
}

public static class ImportFileExpiryRegistration
{
    public static IServiceCollection AddImportFileExpiry(this IServiceCollection services)
    {
        services.AddSingleton<ImportFileExpiry>();
        services.AddFunction(FunctionDefinition.Timer(ImportFileExpiry.FunctionName, ImportFileExpiry.Schedule,
            (_, scope, ct) => scope.GetRequiredService<ImportFileExpiry>().RunAsync(ct)));
        return services;
    }
}
