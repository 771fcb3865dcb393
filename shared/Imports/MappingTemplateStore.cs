using Azure;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>Mapping templates: one row per template, in id order.</summary>
public sealed class MappingTemplateStore(HubStorage storage)
{
    private readonly DocumentRows<MappingTemplate> _rows = new(() => storage.Primary.Table(StorageNames.ImportMappingTemplatesTable), "Mapping template",
        template => template.Id,
        template => new Dictionary<string, object?> { ["Collection"] = template.Collection, ["Version"] = template.Version });

    /// <summary>The template; null when there is none, also for an id no template can have.</summary>
    public async Task<(MappingTemplate Template, ETag ETag)?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await _rows.GetAsync(tenantId, id, cancellationToken) : null;

    public Task<MappingTemplate> AddAsync(string tenantId, MappingTemplate template, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, template, cancellationToken);

    public Task<Result<MappingTemplate>> ReplaceAsync(string tenantId, MappingTemplate template, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, template, current, cancellationToken);

    public Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(tenantId, id, current, cancellationToken);

    public Task<(IReadOnlyList<MappingTemplate> Items, string? NextToken)> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);
}
