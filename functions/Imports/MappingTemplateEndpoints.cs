using DataGovernance.Functions.Hosting;
using DataGovernance.Imports;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Imports;

/// <summary>Data › imports › mapping templates: saved column mappings and value maps for the files of legacy tools.</summary>
public static class MappingTemplateEndpoints
{
    public static IEndpointRouteBuilder MapImportMappingTemplates(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/tenants/{tenantId}/imports/mapping-templates").WithTags("Imports");
        templates.MapPost("/", CreateAsync).WithName("CreateImportMappingTemplate").RequirePermission(Permission.ImportsManage)
            .WithSummary("Save a mapping template: columns → fields, value maps of enum fields, key field, phone region, date order");
        templates.MapGet("/", ListAsync).WithName("ListImportMappingTemplates").RequirePermission(Permission.ImportsRead)
            .WithSummary("List the tenant's mapping templates, paged");
        templates.MapGet("/{templateId}", GetAsync).WithName("GetImportMappingTemplate").RequirePermission(Permission.ImportsRead)
            .WithSummary("Read one mapping template");
        templates.MapPut("/{templateId}", ReplaceAsync).WithName("ReplaceImportMappingTemplate").RequirePermission(Permission.ImportsManage)
            .WithSummary("Replace a mapping template (If-Match honoured)");
        templates.MapDelete("/{templateId}", DeleteAsync).WithName("DeleteImportMappingTemplate").RequirePermission(Permission.ImportsManage)
            .WithSummary("Delete a mapping template");
        return app;
    }

    private static async Task<Results<Created<MappingTemplate>, ProblemHttpResult>> CreateAsync(
        string tenantId, MappingTemplateRequest body, RequestContext request, MappingTemplateService templates, HttpContext http, CancellationToken cancellationToken) =>
        Problems.CreatedWithETag(http, await templates.CreateAsync(tenantId, body, request.Caller.Actor, cancellationToken),
            template => $"/api/tenants/{tenantId}/imports/mapping-templates/{template.Id}");

    private static async Task<Results<Ok<Page<MappingTemplate>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, MappingTemplateService templates, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        return size.Succeeded
            ? Problems.OkOr(http, await templates.ListAsync(tenantId, size.Value, continuationToken, cancellationToken))
            : Problems.From(http, size.Failure);
    }

    private static async Task<Results<Ok<MappingTemplate>, ProblemHttpResult>> GetAsync(
        string tenantId, string templateId, MappingTemplateService templates, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkWithETag(http, await templates.GetAsync(tenantId, templateId, cancellationToken));

    private static async Task<Results<Ok<MappingTemplate>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string templateId, MappingTemplateRequest body, RequestContext request, MappingTemplateService templates, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        return Problems.OkWithETag(http, await templates.ReplaceAsync(tenantId, templateId, body, expected.Value, request.Caller.Actor, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string templateId, MappingTemplateService templates, HttpContext http, CancellationToken cancellationToken)
    {
        var deleted = await templates.DeleteAsync(tenantId, templateId, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }
}
