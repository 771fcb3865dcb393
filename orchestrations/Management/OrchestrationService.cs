using System.Text.RegularExpressions;
using DataGovernance.Orchestrations.Admin;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Management;

/// <summary>A status as the management API shows it.</summary>
public sealed record OrchestrationStatus(OrchestrationMetadata Instance, IReadOnlyList<OrchestrationHistoryEvent>? History);

/// <summary>A control operation on an instance: terminate, suspend or resume.</summary>
public enum InstanceOperation
{
    Terminate,
    Suspend,
    Resume,
}

/// <summary>
/// What operators (all instances) and tenant administrators (their tenant's instances only) may see and do with
/// orchestration instances. A tenant never learns whether another tenant's instance exists: it is not found.
/// </summary>
public sealed partial class OrchestrationService(DurableTaskClient client)
{
    /// <summary>Starts a bulk purge of finished instances as an orchestration; returns its instance id.</summary>
    public async Task<Result<string>> StartPurgeAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (filter.Statuses?.Where(status => !status.IsTerminal()).ToList() is [var active, ..])
        {
            errors.Add("statuses", $"Only finished instances can be purged, not {active}.");
        }
        if (filter.CreatedFrom > filter.CreatedTo)
        {
            errors.Add("createdFrom", "Must not be after createdTo.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var instanceId = $"purge:{Guid.NewGuid():N}";
        var options = filter.TenantId is { } tenantId ? StartOrchestrationOptions.ForTenant(tenantId, instanceId) : new StartOrchestrationOptions(instanceId);
        return await client.ScheduleNewOrchestrationInstanceAsync(nameof(PurgeInstancesOrchestration), new PurgeInstancesInput(filter), options, cancellationToken);
    }

    public async Task<Result<Page<OrchestrationMetadata>>> ListAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var (instances, next) = await client.GetAllInstancesAsync(query, cancellationToken);
            return new Page<OrchestrationMetadata>(instances, next);
        }
        catch (ArgumentException)
        {
            return Failure.InvalidContinuationToken;
        }
    }

    public async Task<Result<OrchestrationStatus>> GetAsync(string? tenantId, string instanceId, bool withInput, bool withHistory, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, instanceId, withPayloads: true, cancellationToken) is not { } instance)
        {
            return NotFound(instanceId);
        }
        var history = withHistory ? await client.GetHistoryAsync(instanceId, cancellationToken) : null;
        return new OrchestrationStatus(withInput ? instance : instance with { SerializedInput = null }, history);
    }

    public async Task<Result<OrchestrationMetadata>> RaiseEventAsync(string? tenantId, string instanceId, string eventName, object? payload, CancellationToken cancellationToken)
    {
        if (!EventNamePattern().IsMatch(eventName))
        {
            return Failure.BadRequest("invalid-event-name", "An event name is 1–100 letters, digits, '_', '-' or '.'.");
        }
        if (await FindAsync(tenantId, instanceId, false, cancellationToken) is not { } instance)
        {
            return NotFound(instanceId);
        }
        if (instance.IsCompleted)
        {
            return Failure.Conflict("instance-finished", $"Instance '{instanceId}' has finished; it takes no events.");
        }
        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return instance;
    }

    public async Task<Result<OrchestrationMetadata>> ControlAsync(string? tenantId, string instanceId, InstanceOperation operation, string? reason, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, instanceId, false, cancellationToken) is not { } instance)
        {
            return NotFound(instanceId);
        }
        if (instance.IsCompleted)
        {
            return Failure.Conflict("instance-finished", $"Instance '{instanceId}' has already finished ({instance.RuntimeStatus}).");
        }
        await (operation switch
        {
            InstanceOperation.Terminate => client.TerminateInstanceAsync(instanceId, reason, cancellationToken),
            InstanceOperation.Suspend => client.SuspendInstanceAsync(instanceId, reason, cancellationToken),
            _ => client.ResumeInstanceAsync(instanceId, reason, cancellationToken),
        });
        return instance;
    }

    public async Task<Result<PurgeResult>> PurgeAsync(string? tenantId, string instanceId, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, instanceId, false, cancellationToken) is not { } instance)
        {
            return NotFound(instanceId);
        }
        if (!instance.IsCompleted)
        {
            return Failure.Conflict("instance-active", $"Instance '{instanceId}' is {instance.RuntimeStatus}; terminate it before purging.");
        }
        return await client.PurgeInstanceAsync(instanceId, cancellationToken);
    }

    private async Task<OrchestrationMetadata?> FindAsync(string? tenantId, string instanceId, bool withPayloads, CancellationToken cancellationToken)
    {
        var instance = StorageDurableTaskClient.IsValidInstanceId(instanceId) ? await client.GetInstanceAsync(instanceId, withPayloads, cancellationToken) : null;
        return instance is not null && (tenantId is null || instance.TenantId == tenantId) ? instance : null;
    }

    private static Failure NotFound(string instanceId) => Failure.NotFound($"There is no orchestration instance '{instanceId}'.");

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventNamePattern();
}
