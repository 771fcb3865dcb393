using DataGovernance.Monitoring;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>Why the hub opened a DPIA by itself.</summary>
public enum DpiaTrigger
{
    /// <summary>Classification found GDPR Art. 9 special-category data in the tenant for the first time.</summary>
    SpecialCategoryData,

    /// <summary>A transfer to a third country has no legal mechanism (GDPR Chapter V).</summary>
    TransferWithoutMechanism,
}

/// <summary>
/// Data protection impact assessments (GDPR Art. 35): drafts answered against the fixed questionnaire, linked to
/// processing activities and vendors that exist; the review steps are <see cref="DpiaReview"/>'s. Every change is a
/// step in the assessment's history and the tenant's audit log.
/// </summary>
public sealed class DpiaService(
    DpiaStore store, DpiaJournal journal, RecordStore records, ProcessingActivityStore activities, AlertStore alerts, AlertQueue alertQueue,
    TimeProvider clock)
{
    /// <summary>The kind of the alert raised when the hub opens an assessment by itself.</summary>
    public const string OpenedAlert = "privacy-dpia-opened";

    /// <summary>The author of automatically opened assessments.</summary>
    public static Actor Actor { get; } = Actor.System("dpia");

    /// <summary>
    /// Opens a DPIA for <paramref name="trigger"/> about <paramref name="subject"/> (for example a category or a vendor id),
    /// unless one for the same trigger and subject is already open; safe to call again.
    /// </summary>
    /// <remarks>
    /// The claim row of (trigger, subject) is held from opening until the assessment is rejected: an open or approved
    /// assessment covers later findings of the same kind, a rejected one lets the next finding open a new assessment.
    /// </remarks>
    public async Task OpenAutomaticallyAsync(string tenantId, DpiaTrigger trigger, string subject, string reason, CancellationToken cancellationToken)
    {
        if (await store.ClaimHolderAsync(tenantId, trigger, subject, cancellationToken) is not null)
        {
            return;
        }
        var now = clock.GetUtcNowForStorage();
        var (title, answers, vendorIds) = trigger switch
        {
            DpiaTrigger.SpecialCategoryData => ($"Special-category data found: {subject}",
                (IReadOnlyList<DpiaAnswer>)[new DpiaAnswer("sensitive-data", DpiaAnswerValue.Yes, reason)], (IReadOnlyList<string>)[]),
            _ => ($"Transfer without a legal mechanism: {subject}", [],
                RecordService.IsValidId(subject) ? [subject] : []),
        };
        var dpia = new Dpia(Dpia.NewId(now), Trim(title), reason, DpiaStatus.Draft, DpiaQuestionnaire.CurrentVersion, answers, [], [], vendorIds, null,
            new DpiaAutomaticOpening(trigger, subject, reason, now), null, 1, now, Actor.Id, now, Actor.Id, 0);
        if (!await journal.AddAsync(tenantId, dpia, "OpenedAutomatically", $"{trigger}: {reason}", new WriteContext(Actor, $"dpia-{trigger}"), cancellationToken))
        {
            return;
        }
        var alert = await alerts.RaiseAsync(tenantId, OpenedAlert, AlertSeverity.Warning, dpia.Id,
            $"DPIA {dpia.Id} was opened automatically ({trigger}): {reason}", cancellationToken);
        await alertQueue.PublishAsync(alert, cancellationToken);
    }

    public async Task<Result<Dpia>> CreateAsync(string tenantId, DpiaRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var content = await CheckAsync(tenantId, request, cancellationToken);
        if (!content.Succeeded)
        {
            return content.Failure;
        }
        var now = clock.GetUtcNowForStorage();
        var c = content.Value;
        var dpia = new Dpia(Dpia.NewId(now), c.Title, c.Description, DpiaStatus.Draft, DpiaQuestionnaire.CurrentVersion, c.Answers, c.Risks,
            c.ProcessingActivityIds, c.VendorIds, c.Owner, null, null, 1, now, context.Actor.Id, now, context.Actor.Id, 0);
        await journal.AddAsync(tenantId, dpia, "Created", null, context, cancellationToken);
        return await journal.ReadAsync(tenantId, dpia with { Steps = 1 }, cancellationToken);
    }

    public async Task<Result<Dpia>> GetAsync(string tenantId, string dpiaId, CancellationToken cancellationToken) =>
        RecordService.IsValidId(dpiaId) && await store.GetAsync(tenantId, dpiaId, cancellationToken) is { } found
            ? await journal.ReadAsync(tenantId, found.Dpia, cancellationToken)
            : DpiaJournal.NotFound(dpiaId);

    public async Task<Result<Page<Dpia>>> ListAsync(
        string tenantId, DpiaFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("dpias", tenantId, filter.Status, filter.Trigger, filter.Owner);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<Dpia>([.. items.Select(DpiaJournal.WithAssessment)], ContinuationToken.Encode(next, scope));
    }

    /// <summary>Replaces the content of a draft; an assessment in review or decided is reopened first.</summary>
    public async Task<Result<Dpia>> UpdateAsync(
        string tenantId, string dpiaId, DpiaRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        var content = await CheckAsync(tenantId, request, cancellationToken);
        if (!content.Succeeded)
        {
            return await GetAsync(tenantId, dpiaId, cancellationToken) is { Succeeded: false } missing ? missing.Failure : content.Failure;
        }
        var c = content.Value;
        return await journal.ChangeAsync(tenantId, dpiaId, expectedVersion, (current, _) => current.Status != DpiaStatus.Draft
            ? Failure.Conflict("dpia-not-draft", $"The DPIA is {current.Status}; only a draft is edited (reopen it first).")
            : new DpiaChange(current with
            {
                Title = c.Title, Description = c.Description, Answers = c.Answers, Risks = c.Risks, ProcessingActivityIds = c.ProcessingActivityIds,
                VendorIds = c.VendorIds, Owner = c.Owner,
            }, "Updated", null), context, cancellationToken);
    }

    private async Task<Result<DpiaContent>> CheckAsync(string tenantId, DpiaRequest request, CancellationToken cancellationToken)
    {
        var validated = DpiaValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var errors = new FieldErrors();
        var content = validated.Value;
        for (var i = 0; i < content.ProcessingActivityIds.Count; i++)
        {
            if (await activities.GetAsync(tenantId, content.ProcessingActivityIds[i], cancellationToken) is null)
            {
                errors.Add($"processingActivityIds[{i}]", $"There is no processing activity '{content.ProcessingActivityIds[i]}'.");
            }
        }
        for (var i = 0; i < content.VendorIds.Count; i++)
        {
            if (await records.GetAsync(tenantId, Collections.Vendors, content.VendorIds[i], cancellationToken) is null)
            {
                errors.Add($"vendorIds[{i}]", $"There is no vendor '{content.VendorIds[i]}' in the tenant's vendors collection.");
            }
        }
        return errors.Any ? Failure.Validation(errors) : content;
    }

    private static string Trim(string title) => title.Length <= DpiaValidator.MaxTitleLength ? title : title[..DpiaValidator.MaxTitleLength];
}
