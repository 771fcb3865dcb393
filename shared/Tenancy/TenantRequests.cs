namespace DataGovernance.Tenancy;

/// <summary>Body of <c>POST /api/admin/tenants</c>. Fields are nullable so that a missing one is a field error, not a parse error.</summary>
public sealed record NewTenantRequest(
    string? Id,
    string? Name,
    string? DataResidency,
    string? TimeZone,
    string? Locale,
    BrandingColors? Branding,
    string? EntraDirectoryId);

/// <summary>Body of <c>PUT …/settings/general</c> (and of the platform's tenant update): the full general settings.</summary>
public sealed record GeneralSettingsRequest(
    string? Name,
    string? DataResidency,
    string? TimeZone,
    string? Locale,
    BrandingColors? Branding,
    string? EntraDirectoryId);
