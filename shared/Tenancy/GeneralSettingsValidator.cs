using System.Globalization;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;

namespace DataGovernance.Tenancy;

/// <summary>Turns a settings request into <see cref="GeneralSettings"/> or field errors.</summary>
public static partial class GeneralSettingsValidator
{
    public const int NameMaxLength = 100;

    public static Result<GeneralSettings> Validate(GeneralSettingsRequest request)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Name is required.");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add("name", $"Name must be at most {NameMaxLength} characters.");
        }

        if (request.DataResidency is null)
        {
            errors.Add("dataResidency", "Data residency is required.");
        }
        else if (!DataResidency.Regions.Contains(request.DataResidency))
        {
            errors.Add("dataResidency", $"Must be one of: {string.Join(", ", DataResidency.Regions)}.");
        }

        var timeZone = request.TimeZone ?? "UTC";
        if (!IsIanaTimeZone(timeZone))
        {
            errors.Add("timeZone", "Must be an IANA time zone id such as Europe/Berlin.");
        }

        var locale = request.Locale ?? "en-US";
        var canonicalLocale = CanonicalLocale(locale);
        if (canonicalLocale is null)
        {
            errors.Add("locale", "Must be a known BCP 47 locale such as en-US.");
        }

        var branding = request.Branding ?? new BrandingColors(null, null);
        ValidateColor(branding.PrimaryColor, "branding.primaryColor", errors);
        ValidateColor(branding.AccentColor, "branding.accentColor", errors);

        string? directoryId = null;
        if (request.EntraDirectoryId is not null)
        {
            if (Guid.TryParseExact(request.EntraDirectoryId, "D", out var parsed) && parsed != Guid.Empty)
            {
                directoryId = parsed.ToString("D");
            }
            else
            {
                errors.Add("entraDirectoryId", "Must be an Entra directory (tenant) id in GUID form.");
            }
        }

        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return new GeneralSettings(name!, request.DataResidency!, timeZone, canonicalLocale!, branding, directoryId);
    }

    private static bool IsIanaTimeZone(string id) =>
        id.Length <= 64
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId
        && string.Equals(zone.Id, id, StringComparison.Ordinal);

    private static string? CanonicalLocale(string name)
    {
        if (name.Length is 0 or > 35)
        {
            return null;
        }
        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture.Equals(CultureInfo.InvariantCulture) ? null : culture.Name;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    private static void ValidateColor(string? color, string field, FieldErrors errors)
    {
        if (color is not null && !HexColor().IsMatch(color))
        {
            errors.Add(field, "Must be a colour in #RRGGBB form.");
        }
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColor();
}
