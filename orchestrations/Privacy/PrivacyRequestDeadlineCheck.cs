using DataGovernance.Privacy;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>
/// Runs on <see cref="PrivacyRequestOptions.DeadlineCheckSchedule"/> (hourly by default), on one instance at a time:
/// raises the due-soon and overdue alerts of open data subject requests, each once.
/// </summary>
public sealed partial class PrivacyRequestDeadlineCheck(PrivacyRequestAlerts alerts, ILogger<PrivacyRequestDeadlineCheck> logger)
{
    public const string FunctionName = "CheckPrivacyRequestDeadlines";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var raised = await alerts.RaiseDueAsync(cancellationToken);
        if (raised > 0)
        {
            LogRaised(raised);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Raised {Count} privacy request deadline alert(s)")]
    private partial void LogRaised(int count);
}
