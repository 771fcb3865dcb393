using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Tenancy;

/// <summary>
/// Tenants and their Entra directory mapping, in one partition so that a tenant row and its directory row
/// change together in one entity-group transaction (which also makes a directory map to at most one tenant).
/// </summary>
public sealed class TenantStore(HubStorage storage)
{
    private const string Partition = "tenants";
    private const string TenantPrefix = "t:";
    private const string DirectoryPrefix = "d:";

    private TableClient Table => storage.Primary.Table(StorageNames.TenantsTable);

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var stored = await GetStoredAsync(tenantId, cancellationToken);
        return stored?.Tenant;
    }

    public async Task<string?> FindByDirectoryAsync(string directoryId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, DirectoryPrefix + directoryId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("TenantId") : null;
    }

    public async Task<(IReadOnlyList<Tenant> Items, string? NextToken)> ListAsync(
        TenantStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(TenantPrefix);
        var filter = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {TenantPrefix} and RowKey lt {end}"),
            status is { } s ? TableClient.CreateQueryFilter($"Status eq {s.ToString()}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
                           .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToTenant).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    public async Task<Result<Tenant>> CreateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(tenant)) };
        if (tenant.Settings.EntraDirectoryId is { } directoryId)
        {
            actions.Add(new(TableTransactionActionType.Add, DirectoryRow(directoryId, tenant.Id)));
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return tenant;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return ex.FailedTransactionActionIndex == 0
                ? Failure.Conflict("tenant-exists", $"A tenant with id '{tenant.Id}' already exists.")
                : DirectoryTaken(tenant.Settings.EntraDirectoryId!);
        }
    }

    /// <summary>Replaces <paramref name="current"/> with <paramref name="updated"/> if nobody changed it in between.</summary>
    public async Task<Result<Tenant>> ReplaceAsync(StoredTenant current, Tenant updated, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(updated), current.ETag),
        };
        var oldDirectory = current.Tenant.Settings.EntraDirectoryId;
        var newDirectory = updated.Settings.EntraDirectoryId;
        if (oldDirectory != newDirectory)
        {
            if (oldDirectory is not null)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, DirectoryPrefix + oldDirectory)));
            }
            if (newDirectory is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, DirectoryRow(newDirectory, updated.Id)));
            }
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return updated;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return ex.FailedTransactionActionIndex == 0 || newDirectory is null
                ? Failure.PreconditionFailed("The tenant was changed by someone else; read it again and retry.")
                : DirectoryTaken(newDirectory);
        }
    }

    public async Task<StoredTenant?> GetStoredAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TenantPrefix + tenantId, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredTenant(ToTenant(row.Value!), row.Value!.ETag) : null;
    }

    private static Failure DirectoryTaken(string directoryId) =>
        Failure.Conflict("directory-in-use", $"Entra directory {directoryId} is already mapped to another tenant.");

    private static TableEntity DirectoryRow(string directoryId, string tenantId) =>
        new(Partition, DirectoryPrefix + directoryId) { ["TenantId"] = tenantId };

    private static TableEntity ToEntity(Tenant tenant) => new(Partition, TenantPrefix + tenant.Id)
    {
        ["Status"] = tenant.Status.ToString(),
        ["Name"] = tenant.Settings.Name,
        ["DataResidency"] = tenant.Settings.DataResidency,
        ["TimeZone"] = tenant.Settings.TimeZone,
        ["Locale"] = tenant.Settings.Locale,
        ["PrimaryColor"] = tenant.Settings.Branding.PrimaryColor,
        ["AccentColor"] = tenant.Settings.Branding.AccentColor,
        ["EntraDirectoryId"] = tenant.Settings.EntraDirectoryId,
        ["LogoContentType"] = tenant.Logo?.ContentType,
        ["LogoSizeBytes"] = tenant.Logo?.SizeBytes,
        ["LogoSha256"] = tenant.Logo?.Sha256,
        ["LogoUpdatedAt"] = tenant.Logo?.UpdatedAt,
        ["Version"] = tenant.Version,
        ["CreatedAt"] = tenant.CreatedAt,
        ["UpdatedAt"] = tenant.UpdatedAt,
        ["DeactivatedAt"] = tenant.DeactivatedAt,
    };

    private static Tenant ToTenant(TableEntity row)
    {
        var logo = row.GetString("LogoContentType") is { } contentType
            ? new LogoInfo(contentType, row.GetInt64("LogoSizeBytes") ?? 0, row.GetString("LogoSha256") ?? "", row.GetDateTimeOffset("LogoUpdatedAt") ?? default)
            : null;
        var settings = new GeneralSettings(
            row.GetString("Name") ?? "",
            row.GetString("DataResidency") ?? DataResidency.Global,
            row.GetString("TimeZone") ?? "UTC",
            row.GetString("Locale") ?? "en-US",
            new BrandingColors(row.GetString("PrimaryColor"), row.GetString("AccentColor")),
            row.GetString("EntraDirectoryId"));
        return new Tenant(
            row.RowKey[TenantPrefix.Length..],
            Enum.Parse<TenantStatus>(row.GetString("Status") ?? nameof(TenantStatus.Active)),
            settings,
            logo,
            row.GetInt64("Version") ?? 1,
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetDateTimeOffset("UpdatedAt") ?? default,
            row.GetDateTimeOffset("DeactivatedAt"));
    }
}

/// <summary>A tenant as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredTenant(Tenant Tenant, ETag ETag);
