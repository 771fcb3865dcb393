using DataGovernance.Functions.Runtime;
using DataGovernance.Runtime;
using DataGovernance.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>Each function declared once, with a valid name and trigger; the route table's endpoints all named.</summary>
public sealed class FunctionCatalogTests(HubFixture hub)
{
    private static readonly Func<QueueMessageInfo, IServiceProvider, CancellationToken, Task> Ignore = (_, _, _) => Task.CompletedTask;

    public static TheoryData<FunctionDefinition[], string> InvalidCatalogs() => new()
    {
        { [FunctionDefinition.Queue("9Lives", "jobs", Ignore)], "'9Lives' is not a valid function name" },
        { [FunctionDefinition.Queue("Jobs", "Jobs_Queue", Ignore)], "'Jobs_Queue' is not a valid queue name" },
        { [FunctionDefinition.Queue("Jobs", "jobs--double", Ignore)], "'jobs--double' is not a valid queue name" },
        { [FunctionDefinition.Timer("Nightly", "0 2 * * *", (_, _, _) => Task.CompletedTask)], "'0 2 * * *' is not a six-field NCRONTAB schedule" },
        { [FunctionDefinition.Queue("Jobs", "jobs", Ignore), FunctionDefinition.Queue("JOBS", "other-jobs", Ignore)], "must be unique: Jobs" },
        { [FunctionDefinition.Queue("Jobs", "jobs", Ignore), FunctionDefinition.Queue("MoreJobs", "jobs", Ignore)], "A queue feeds one function only: jobs" },
        { [new FunctionDefinition("Page", new HttpTrigger(["GET"], "api/page"), null)], "HTTP functions are endpoints of the route table" },
        { [new FunctionDefinition("Orphan", new QueueTrigger("orphans"), null)], "Orphan has no handler" },
    };

    [Theory]
    [MemberData(nameof(InvalidCatalogs))]
    public void AnInvalidCatalog_IsRefused_NamingTheProblem(FunctionDefinition[] functions, string problem)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(functions));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteEndpoints_WithoutANameOrOutsideApi_AreRefused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        app.MapGet("/api/named", () => "ok").WithName("GetNamed");
        app.MapPost("/api/unnamed", () => "ok");
        app.MapGet("/outside", () => "ok").WithName("GetOutside");
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints);

        var refused = Assert.Throws<InvalidOperationException>(() => new HostFunctionCatalog(endpoints, new FunctionCatalog([])));

        Assert.Contains("POST /api/unnamed has no endpoint name", refused.Message, StringComparison.Ordinal);
        Assert.Contains("GetOutside (GET /outside) is not under /api/", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GetNamed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHost_WhoseQueueFunctionTakesAnEndpointsName_DoesNotStart()
    {
        var failure = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("GetHealth", "health-checks", Ignore)));
        });

        Assert.Contains("The function name 'GetHealth' is used 2 times.", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheProductCatalog_NamesEveryEndpoint_AndHoldsTheLocalEventDispatcher()
    {
        var catalog = new HostFunctionCatalog(hub.App.Services.GetRequiredService<EndpointDataSource>().Endpoints, hub.App.Services.GetRequiredService<FunctionCatalog>());

        var names = catalog.Functions.Select(function => function.Name).ToList();
        Assert.Contains("GetOpenApiDocument", names);
        Assert.Contains("ReceiveEventGridEvents", names);
        Assert.Contains("ConfirmEventGridWebhook", names);
        var localEvents = Assert.Single(catalog.Functions, function => function.Name == LocalEvents.FunctionName);
        Assert.Equal(new QueueTrigger(LocalEvents.QueueName), localEvents.Trigger);
        Assert.All(catalog.Functions.Where(function => function.Trigger is HttpTrigger), function =>
            Assert.StartsWith(HostFunctionCatalog.RoutePrefix, ((HttpTrigger)function.Trigger).Route, StringComparison.Ordinal));
    }
}
