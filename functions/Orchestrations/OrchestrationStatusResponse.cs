using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Management;

namespace DataGovernance.Functions.Orchestrations;

/// <summary>An instance's status as the management API returns it; input, output and custom status as JSON.</summary>
public sealed record OrchestrationStatusResponse(
    string InstanceId,
    string Name,
    string? Version,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt,
    string? TenantId,
    string? ParentInstanceId,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? CustomStatus,
    TaskFailureDetails? Failure,
    IReadOnlyList<OrchestrationHistoryEvent>? History)
{
    public static OrchestrationStatusResponse From(OrchestrationMetadata instance, IReadOnlyList<OrchestrationHistoryEvent>? history = null) => new(
        instance.InstanceId, instance.Name, instance.Version, instance.RuntimeStatus, instance.CreatedAt, instance.LastUpdatedAt, instance.CompletedAt,
        instance.TenantId, instance.ParentInstanceId, Json(instance.SerializedInput), Json(instance.SerializedOutput), Json(instance.SerializedCustomStatus),
        instance.FailureDetails, history);

    public static OrchestrationStatusResponse From(OrchestrationStatus status) => From(status.Instance, status.History);

    private static JsonElement? Json(string? serialized) => serialized is null ? null : JsonSerializer.Deserialize<JsonElement>(serialized);
}

/// <summary>Body of terminate, suspend and resume: an optional reason, recorded in history.</summary>
public sealed record InstanceOperationRequest(string? Reason);

/// <summary>Body of a bulk purge: which finished instances to remove.</summary>
public sealed record PurgeRequest(DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, IReadOnlyList<OrchestrationRuntimeStatus>? Statuses, string? TenantId);
