using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>The real host program on real Kestrel (a loopback port), configured through its ordinary settings.</summary>
public sealed class HubApplication : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;

    public HubApplication(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null)
    {
        _settings = settings;
        _configure = configure;
        UseKestrel(0);
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
