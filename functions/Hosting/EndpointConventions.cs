using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.Features;

namespace DataGovernance.Functions.Hosting;

/// <summary>Endpoint metadata naming the permission a caller needs; endpoints without it (and not anonymous) are denied.</summary>
public sealed record RequiredPermission(Permission Permission);

/// <summary>Endpoint metadata: the action is sensitive and needs a recent second factor (step-up) besides the permission.</summary>
public sealed record StepUpRequired;

public static class EndpointConventions
{
    /// <summary>Marks a sensitive action: the caller must have proved a second factor within the tenant's step-up window.</summary>
    public static TBuilder RequireStepUp<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StepUpRequired());

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));
}

/// <summary>The authenticated caller, correlation id and client address of the current request, bound into endpoint handlers.</summary>
/// <param name="ClientIp">The address the caller connected from, IPv4-mapped addresses as IPv4; null when unknown.</param>
public sealed record RequestContext(Caller Caller, string CorrelationId, string? ClientIp)
{
    public WriteContext Write => new(Caller.Actor, CorrelationId, ClientIp);

    public static ValueTask<RequestContext?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<RequestContext?>(new RequestContext(
            context.Features.GetRequiredFeature<Caller>(), context.TraceIdentifier, ClientAddress(context)));

    public static string? ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : null;
}
