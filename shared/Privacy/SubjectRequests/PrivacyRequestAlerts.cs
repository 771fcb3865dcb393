using DataGovernance.Monitoring;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Privacy;

/// <summary>
/// Raises one alert per open request and condition when its deadline comes near (<see cref="DueSoon"/>) and when it
/// has passed (<see cref="Overdue"/>). The request remembers which deadline each alert was for, claimed under its
/// ETag before the alert is raised: a run repeated or racing another never alerts twice. An extension moves the
/// deadline, and its approach alerts again.
/// </summary>
public sealed class PrivacyRequestAlerts(
    PrivacyRequestStore store, PrivacyRequestJournal journal, AlertStore alerts, AlertQueue alertQueue, IOptions<PrivacyRequestOptions> options,
    TimeProvider clock)
{
    public const string KindPrefix = "privacy-request-";

    public const string DueSoon = "privacy-request-due-soon";

    public const string Overdue = "privacy-request-overdue";

    /// <summary>The author of the alert steps in a request's history.</summary>
    public static Actor Actor { get; } = Actor.System("privacy-deadlines");

    /// <summary>Checks every open request due within the due-soon window; returns how many alerts it raised.</summary>
    public async Task<int> RaiseDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dueSoonDays = options.Value.DueSoonDays;
        var raised = 0;
        // One day more than the window: the stored end of day is in the request's zone, the window in whole days.
        foreach (var (tenantId, candidate, _) in await store.ListOpenDueAsync(now.AddDays(dueSoonDays + 1), cancellationToken))
        {
            var deadlines = PrivacyDeadlineRules.For(candidate, now);
            var (kind, severity) = deadlines.Overdue ? (Overdue, AlertSeverity.Critical) : (DueSoon, AlertSeverity.Warning);
            var due = deadlines.EffectiveDueAt;
            if ((!deadlines.Overdue && deadlines.DaysLeft > dueSoonDays) || AlertedFor(candidate, kind) == due)
            {
                continue;
            }
            var claimed = await journal.ChangeAsync(tenantId, candidate.Id, (request, _) =>
            {
                if (request.Status.IsClosed() || AlertedFor(request, kind) == due || PrivacyDeadlineRules.For(request, now).EffectiveDueAt != due)
                {
                    return Outcomes.Failure.Conflict("alerted", "Alerted or changed meanwhile.");
                }
                var updated = kind == Overdue ? request with { OverdueAlertedFor = due } : request with { DueSoonAlertedFor = due };
                return new PrivacyRequestChange(updated, kind == Overdue ? "OverdueAlerted" : "DueSoonAlerted", $"due {due:yyyy-MM-dd}");
            }, new WriteContext(Actor, $"privacy-deadline-{candidate.Id}"), cancellationToken);
            if (!claimed.Succeeded)
            {
                continue;
            }
            var message = deadlines.Overdue
                ? $"Privacy request {candidate.Id} ({candidate.Law} {candidate.Type}) was due on {due:yyyy-MM-dd} and is not closed."
                : $"Privacy request {candidate.Id} ({candidate.Law} {candidate.Type}) is due on {due:yyyy-MM-dd}, in {deadlines.DaysLeft} day(s).";
            var alert = await alerts.RaiseAsync(tenantId, kind, severity, candidate.Id, message, cancellationToken);
            await alertQueue.PublishAsync(alert, cancellationToken);
            raised++;
        }
        return raised;
    }

    private static DateOnly? AlertedFor(PrivacyRequest request, string kind) =>
        kind == Overdue ? request.OverdueAlertedFor : request.DueSoonAlertedFor;
}
