namespace DataGovernance.Functions.Hosting.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentPath = "/api/openapi.json";

    public static IServiceCollection AddHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<HubDocumentTransformer>();
            options.AddOperationTransformer<AccessOperationTransformer>();
        });

    public static IEndpointRouteBuilder MapHubOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).WithName("GetOpenApiDocument").AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
