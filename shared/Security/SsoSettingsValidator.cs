using System.Text.RegularExpressions;
using DataGovernance.Outcomes;

namespace DataGovernance.Security;

/// <summary>Checks a <see cref="SsoSettingsRequest"/> and normalises it (domains and group ids lower-case).</summary>
public static partial class SsoSettingsValidator
{
    public sealed record Valid(IReadOnlyList<string> AllowedDomains, bool JustInTimeProvisioning, IReadOnlyList<SsoGroupRole> GroupRoles, Role? DefaultRole);

    public static Result<Valid> Validate(SsoSettingsRequest request)
    {
        var errors = new FieldErrors();
        var domains = Domains(request.AllowedDomains ?? [], errors);
        var groupRoles = GroupRoles(request.GroupRoles ?? [], errors);
        if (request.JustInTimeProvisioning is null)
        {
            errors.Add("justInTimeProvisioning", "Required: true or false.");
        }
        Role? defaultRole = null;
        if (request.DefaultRole is not null)
        {
            defaultRole = TenantRole(request.DefaultRole, "defaultRole", errors);
        }
        return errors.Any
            ? Failure.Validation(errors)
            : new Valid(domains, request.JustInTimeProvisioning!.Value, groupRoles, defaultRole);
    }

    private static List<string> Domains(IReadOnlyList<string?> requested, FieldErrors errors)
    {
        var domains = new List<string>(requested.Count);
        if (requested.Count > SsoSettings.MaxAllowedDomains)
        {
            errors.Add("allowedDomains", $"At most {SsoSettings.MaxAllowedDomains} domains; got {requested.Count}.");
            return domains;
        }
        for (var i = 0; i < requested.Count; i++)
        {
            var domain = requested[i]?.Trim().TrimEnd('.').ToLowerInvariant();
            if (domain is null || domain.Length > 253 || !DomainPattern().IsMatch(domain))
            {
                errors.Add($"allowedDomains[{i}]", "Must be a domain name such as contoso.com (no scheme, '@' or wildcard).");
            }
            else if (domains.IndexOf(domain) is var first and >= 0)
            {
                errors.Add($"allowedDomains[{i}]", $"The same domain as allowedDomains[{first}].");
            }
            domains.Add(domain ?? "");
        }
        return domains;
    }

    private static List<SsoGroupRole> GroupRoles(IReadOnlyList<SsoGroupRoleRequest?> requested, FieldErrors errors)
    {
        var mappings = new List<SsoGroupRole>(requested.Count);
        if (requested.Count > SsoSettings.MaxGroupRoles)
        {
            errors.Add("groupRoles", $"At most {SsoSettings.MaxGroupRoles} mappings; got {requested.Count}.");
            return mappings;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            var mapping = requested[i];
            if (mapping is null)
            {
                errors.Add($"groupRoles[{i}]", "Must be an object with a groupId and a role.");
                continue;
            }
            string? groupId = null;
            if (!Guid.TryParseExact(mapping.GroupId?.Trim(), "D", out var parsed) || parsed == Guid.Empty)
            {
                errors.Add($"groupRoles[{i}].groupId", "Must be the group's object id, a GUID such as 00000000-0000-0000-0000-000000000000.");
            }
            else if (!seen.TryAdd(groupId = parsed.ToString("D"), i))
            {
                errors.Add($"groupRoles[{i}].groupId", $"The same group as groupRoles[{seen[groupId]}]; map a group once (it may carry one role).");
            }
            var role = TenantRole(mapping.Role, $"groupRoles[{i}].role", errors);
            if (groupId is not null && role is { } granted)
            {
                mappings.Add(new SsoGroupRole(groupId, granted));
            }
        }
        return mappings;
    }

    private static Role? TenantRole(string? value, string field, FieldErrors errors)
    {
        if (Roles.TryParse(value, out var role) && !role.IsPlatform())
        {
            return role;
        }
        errors.Add(field, $"Must be one of: {string.Join(", ", Roles.TenantRoles)}.");
        return null;
    }

    /// <summary>Two or more LDH labels of 1–63 characters, no leading or trailing hyphen, a non-numeric top level.</summary>
    [GeneratedRegex("^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();
}
