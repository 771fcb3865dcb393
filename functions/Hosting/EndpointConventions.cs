using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.Features;

namespace DataGovernance.Functions.Hosting;

/// <summary>Endpoint metadata naming the permission a caller needs; endpoints without it (and not anonymous) are denied.</summary>
public sealed record RequiredPermission(Permission Permission);

public static class EndpointConventions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));
}

/// <summary>The authenticated caller and correlation id of the current request, bound into endpoint handlers.</summary>
public sealed record RequestContext(Caller Caller, string CorrelationId)
{
    public WriteContext Write => new(Caller.Actor, CorrelationId);

    public static ValueTask<RequestContext?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<RequestContext?>(new RequestContext(context.Features.GetRequiredFeature<Caller>(), context.TraceIdentifier));
}
