using System.Net;
using DataGovernance.Runtime;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DataGovernance.Functions.Runtime;

public static class HostRuntimeSetup
{
    /// <summary>
    /// In custom-handler mode Kestrel listens on the loopback port the Functions host names (instead of
    /// ASPNETCORE_URLS); and the Event Grid webhook's settings.
    /// </summary>
    public static WebApplicationBuilder AddHostRuntime(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>().Configure<HostingMode>((options, mode) =>
        {
            if (mode.CustomHandlerPort is { } port)
            {
                options.Listen(IPAddress.Loopback, port);
            }
        });
        builder.Services.AddOptions<EventGridOptions>()
            .BindConfiguration(EventGridOptions.SectionName)
            .Validate(options => options.IsValid, $"{EventGridOptions.SectionName}:WebhookKey must be empty or at least {EventGridOptions.MinimumKeyLength} characters long.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Maps the Event Grid webhook and, in custom-handler mode only, the invocation routes; then reads the whole route
    /// table as the host's function catalog, which fails on an unnamed endpoint or a name used twice. Call it last.
    /// </summary>
    public static HostFunctionCatalog MapFunctionRuntime(this WebApplication app)
    {
        app.MapEventGridWebhook();
        if (app.Services.GetRequiredService<HostingMode>().IsCustomHandler)
        {
            app.MapCustomHandler();
        }
        return HostFunctionCatalog.From(app);
    }
}
