using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>The real host program on real Kestrel (a loopback port), configured through its ordinary settings.</summary>
public sealed class HubApplication : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="settings">Configuration, under the names of local.settings.sample.json.</param>
    /// <param name="configure">Extra host configuration, such as test-only functions.</param>
    /// <param name="programChoosesPort">
    /// True leaves the listening address to the program (as in custom-handler mode, where it listens on
    /// FUNCTIONS_CUSTOMHANDLER_PORT); otherwise the factory picks a free port and overrides the program's choice.
    /// </param>
    public HubApplication(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null, bool programChoosesPort = false)
    {
        _settings = settings;
        _configure = configure;
        if (programChoosesPort)
        {
            UseKestrel();
        }
        else
        {
            UseKestrel(0);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(RepositoryPaths.Combine("functions"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        _configure?.Invoke(builder);
    }
}
