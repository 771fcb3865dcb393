using DataGovernance.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Monitoring;

public sealed record Liveness(string Status);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/api/health").WithTags("Monitoring").AllowAnonymous();
        health.MapGet("/", () => TypedResults.Ok(new Liveness("healthy"))).WithName("GetHealth")
            .WithSummary("Liveness: the host is up");
        health.MapGet("/ready", ReadyAsync).WithName("GetReadiness")
            .WithSummary("Readiness: both storage accounts answer");
        return app;
    }

    private static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> ReadyAsync(
        StorageHealthCheck storage, CancellationToken cancellationToken)
    {
        var report = await storage.CheckAsync(cancellationToken);
        return report.Ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
