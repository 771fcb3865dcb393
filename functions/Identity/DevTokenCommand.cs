using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Tenancy;

namespace DataGovernance.Functions.Identity;

/// <summary>
/// <c>dev-token --tenant &lt;id&gt; --roles &lt;Role[,Role]&gt; [--user &lt;id&gt;] [--hours &lt;n&gt;] [--mfa yes|no]</c>: prints a token from the
/// development issuer, using the same settings as the host (local.settings.json, then environment variables).
/// </summary>
public static class DevTokenCommand
{
    private const string Usage = "usage: dev-token [--tenant <id>] --roles <Role[,Role]> [--user <id>] [--hours <1-720>] [--mfa yes|no]";

    public static int Run(IReadOnlyList<string> args)
    {
        var options = ParseArguments(args);
        if (options is null)
        {
            return Fail(Usage);
        }
        var configuration = new ConfigurationBuilder()
            .AddLocalSettings(Directory.GetCurrentDirectory())
            .AddEnvironmentVariables()
            .Build();
        var devAuth = configuration.GetSection(DevAuthOptions.SectionName).Get<DevAuthOptions>() ?? new DevAuthOptions();
        if (!devAuth.Enabled || DevTokens.TryDecodeKey(devAuth.SigningKey) is null)
        {
            return Fail("Development auth is not configured: set Hub__DevAuth__Enabled=true and Hub__DevAuth__SigningKey (base64, 32+ bytes).");
        }

        options.TryGetValue("tenant", out var tenantId);
        if (tenantId is not null && !TenantIds.IsValid(tenantId))
        {
            return Fail($"'{tenantId}' is not a valid tenant id.");
        }
        var roles = new List<Role>();
        foreach (var name in options.GetValueOrDefault("roles", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Roles.TryParse(name, out var role))
            {
                return Fail($"Unknown role '{name}'. Roles: {string.Join(", ", Enum.GetNames<Role>())}.");
            }
            if (role.IsPlatform() == (tenantId is not null))
            {
                return Fail(role.IsPlatform() ? $"{role} is a platform role: omit --tenant." : $"{role} is a tenant role: give --tenant.");
            }
            roles.Add(role);
        }
        if (roles.Count == 0)
        {
            return Fail(Usage);
        }
        if (!int.TryParse(options.GetValueOrDefault("hours", "8"), out var hours) || hours is < 1 or > 720)
        {
            return Fail("--hours must be between 1 and 720.");
        }

        var mfa = options.GetValueOrDefault("mfa", "yes");
        if (mfa is not ("yes" or "no"))
        {
            return Fail("--mfa must be yes or no.");
        }
        var userId = options.GetValueOrDefault("user", "dev-user");
        Console.WriteLine(DevTokens.Create(devAuth, userId, tenantId, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(hours), mfa == "yes"));
        return 0;
    }

    private static Dictionary<string, string>? ParseArguments(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count
                || args[i][2..] is not ("tenant" or "roles" or "user" or "hours" or "mfa"))
            {
                return null;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
