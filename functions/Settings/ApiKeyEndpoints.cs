using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Settings;

public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/tenants/{tenantId}/settings/api-keys").WithTags("Settings");
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").RequirePermission(Permission.ApiKeysManage).RequireStepUp()
            .WithSummary("Create an API key; its secret is in this response only");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").RequirePermission(Permission.ApiKeysManage)
            .WithSummary("List the tenant's API keys (never their secrets)");
        keys.MapGet("/{keyId}", GetAsync).WithName("GetApiKey").RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Read one API key");
        keys.MapPost("/{keyId}/revoke", RevokeAsync).WithName("RevokeApiKey").RequirePermission(Permission.ApiKeysManage)
            .WithSummary("Revoke an API key at once");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateAsync(
        string tenantId, NewApiKeyRequest body, RequestContext request, ApiKeyService apiKeys, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await apiKeys.CreateAsync(tenantId, body, request.Caller, request.Write, cancellationToken);
        return Problems.CreatedOr(http, created, value => $"/api/tenants/{tenantId}/settings/api-keys/{value.Key.Id}");
    }

    private static async Task<Ok<IReadOnlyList<ApiKey>>> ListAsync(string tenantId, ApiKeyService apiKeys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await apiKeys.ListAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<ApiKey>, ProblemHttpResult>> GetAsync(
        string tenantId, string keyId, ApiKeyService apiKeys, HttpContext http, CancellationToken cancellationToken)
    {
        var key = await apiKeys.GetAsync(tenantId, keyId, cancellationToken);
        return Problems.OkOr(http, key);
    }

    private static async Task<Results<Ok<ApiKey>, ProblemHttpResult>> RevokeAsync(
        string tenantId, string keyId, RequestContext request, ApiKeyService apiKeys, HttpContext http, CancellationToken cancellationToken)
    {
        var key = await apiKeys.RevokeAsync(tenantId, keyId, request.Write, cancellationToken);
        return Problems.OkOr(http, key);
    }
}
