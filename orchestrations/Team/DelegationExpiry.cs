using DataGovernance.Team;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Team;

/// <summary>
/// Runs on <see cref="TeamOptions.DelegationExpirySchedule"/> (every minute by default), on one instance at a time:
/// ends the delegations whose expiry has passed, so that Team shows them as ended and the audit log records it.
/// </summary>
public sealed partial class DelegationExpiry(DelegationService delegations, ILogger<DelegationExpiry> logger)
{
    public const string FunctionName = "EndExpiredDelegations";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ended = await delegations.EndExpiredAsync(cancellationToken);
        if (ended > 0)
        {
            LogEnded(ended);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Ended {Count} expired delegation(s)")]
    private partial void LogEnded(int count);
}
