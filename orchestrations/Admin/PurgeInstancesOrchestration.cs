namespace DataGovernance.Orchestrations.Admin;

/// <summary>Input of a bulk purge: the filter and how many instances earlier runs of the loop removed.</summary>
public sealed record PurgeInstancesInput(PurgeInstancesFilter Filter, int PurgedSoFar = 0);

public sealed record PurgePageResult(int Purged, bool More);

/// <summary>
/// Purges finished instances page by page, continuing as new every few pages so that its own history stays
/// small however many instances match.
/// </summary>
public sealed class PurgeInstancesOrchestration : TaskOrchestrator<PurgeInstancesInput, int>
{
    private const int PagesPerRun = 10;

    public override async Task<int> RunAsync(TaskOrchestrationContext context, PurgeInstancesInput input)
    {
        var purged = input.PurgedSoFar;
        for (var page = 0; page < PagesPerRun; page++)
        {
            var result = await context.CallActivityAsync<PurgePageResult>(nameof(PurgeInstancesPage), input.Filter);
            purged += result.Purged;
            context.SetCustomStatus(new { purged });
            if (!result.More)
            {
                return purged;
            }
        }
        context.ContinueAsNew(input with { PurgedSoFar = purged });
        return purged;
    }
}

/// <summary>Purges up to one page of matching finished instances (idempotent: purged ones no longer match).</summary>
public sealed class PurgeInstancesPage(DurableTaskClient client) : TaskActivity<PurgeInstancesFilter, PurgePageResult>
{
    private const int PageSize = 100;

    public override async Task<PurgePageResult> RunAsync(TaskActivityContext context, PurgeInstancesFilter input)
    {
        var terminal = (input.Statuses ?? Enum.GetValues<OrchestrationRuntimeStatus>()).Where(status => status.IsTerminal()).ToList();
        var (instances, next) = await client.GetAllInstancesAsync(
            new OrchestrationQuery(input.CreatedFrom, input.CreatedTo, terminal, input.TenantId, PageSize: PageSize), context.CancellationToken);
        var purged = 0;
        foreach (var instance in instances)
        {
            purged += (await client.PurgeInstanceAsync(instance.InstanceId, context.CancellationToken)).PurgedInstanceCount;
        }
        return new PurgePageResult(purged, next is not null);
    }
}
