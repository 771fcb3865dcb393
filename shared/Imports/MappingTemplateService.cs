using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using PhoneNumbers;

namespace DataGovernance.Imports;

/// <summary>Creates, reads, replaces and deletes a tenant's mapping templates; every template is checked against its collection's schema.</summary>
public sealed class MappingTemplateService(MappingTemplateStore store, TimeProvider clock)
{
    private static readonly HashSet<string> PhoneRegions = PhoneNumberUtil.GetInstance().GetSupportedRegions();

    public async Task<Result<MappingTemplate>> CreateAsync(string tenantId, MappingTemplateRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
        {
            return invalid;
        }
        var now = clock.GetUtcNowForStorage();
        var template = Build(Guid.CreateVersion7(now).ToString("N"), request, 1, now, actor.Id, now, actor.Id);
        return await store.AddAsync(tenantId, template, cancellationToken);
    }

    public async Task<Result<MappingTemplate>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) is { } found ? found.Template : NotFound(id);

    public async Task<Result<Page<MappingTemplate>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("import-mapping-templates", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        return new Page<MappingTemplate>(items, ContinuationToken.Encode(next, scope));
    }

    public async Task<Result<MappingTemplate>> ReplaceAsync(
        string tenantId, string id, MappingTemplateRequest request, long? expectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, id, cancellationToken) is not { } found)
        {
            return NotFound(id);
        }
        if (expectedVersion is { } expected && found.Template.Version != expected)
        {
            return Failure.PreconditionFailed($"The template is at version {found.Template.Version}, not {expected}.");
        }
        if (Check(request) is { } invalid)
        {
            return invalid;
        }
        var current = found.Template;
        var next = Build(id, request, current.Version + 1, current.CreatedAt, current.CreatedBy, clock.GetUtcNowForStorage(), actor.Id);
        return await store.ReplaceAsync(tenantId, next, found.ETag, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) is { } found
            ? await store.DeleteAsync(tenantId, id, found.ETag, cancellationToken)
            : NotFound(id);

    private static MappingTemplate Build(
        string id, MappingTemplateRequest request, long version, DateTimeOffset createdAt, string createdBy, DateTimeOffset updatedAt, string updatedBy) =>
        new(id, request.Name!.Trim(), request.Collection!, request.Columns ?? [],
            (request.ValueMaps ?? []).ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value, StringComparer.Ordinal),
            request.KeyField, request.PhoneRegion?.ToUpperInvariant(), request.DayFirst ?? true, version, createdAt, createdBy, updatedAt, updatedBy);

    private static Failure? Check(MappingTemplateRequest request)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors.Add("name", "Required, at most 100 characters.");
        }
        if (request.Collection is null || Collections.Find(request.Collection) is not { } schema)
        {
            return Failure.Validation(errors.Add("collection", $"Must be one of: {string.Join(", ", Collections.Names)}."));
        }
        if ((request.Columns?.Count ?? 0) > 500)
        {
            errors.Add("columns", "At most 500 columns.");
        }
        if (ColumnMapping.Check(schema, request.Columns ?? [], columns: null) is { Errors: { } mappingErrors })
        {
            foreach (var (field, messages) in mappingErrors)
            {
                Array.ForEach(messages, message => errors.Add(field.Replace("mapping", "columns", StringComparison.Ordinal), message));
            }
        }
        CheckValueMaps(schema, request.ValueMaps ?? [], errors);
        if (request.KeyField is { } key && (schema.Find(key) is not { } keySpec || !ImportCleansing.CanBeKey(keySpec)))
        {
            errors.Add("keyField", "Must be a single-valued field of the collection.");
        }
        if (request.PhoneRegion is { } region && !PhoneRegions.Contains(region.ToUpperInvariant()))
        {
            errors.Add("phoneRegion", "Must be a region code such as DE, GB or US.");
        }
        return errors.Any ? Failure.Validation(errors) : null;
    }

    /// <summary>The one check of value maps, in templates and in validation requests.</summary>
    internal static void CheckValueMaps(CollectionSchema schema, Dictionary<string, Dictionary<string, string>> valueMaps, FieldErrors errors)
    {
        foreach (var (field, map) in valueMaps)
        {
            if (map is null)
            {
                errors.Add($"valueMaps.{field}", "Must be an object from values in the file to values of the field.");
                continue;
            }
            if (schema.Find(field) is not { Type: FieldType.Enum or FieldType.EnumList } spec)
            {
                errors.Add($"valueMaps.{field}", "Value maps apply to enum fields of the collection.");
                continue;
            }
            if (map.Count > 200)
            {
                errors.Add($"valueMaps.{field}", "At most 200 values.");
            }
            foreach (var (from, to) in map.Where(pair => !spec.Values!.Contains(pair.Value)))
            {
                errors.Add($"valueMaps.{field}.{from}", $"'{to}' is not one of: {string.Join(", ", spec.Values!)}.");
            }
        }
    }

    private static Failure NotFound(string id) => Failure.NotFound($"There is no mapping template '{id}'.");
}
