using System.Net;
using System.Text;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>
/// Requests that match a route's path but not its method or content type are answered by routing's own rejection
/// endpoints; deny by default must not turn a permitted caller's 405 or 415 into a misleading 403.
/// </summary>
public sealed class RejectionEndpointTests(HubFixture hub)
{
    [Fact]
    public async Task UnsupportedMethod_OnAKnownRoute_Returns405MethodNotAllowed_AndChangesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        var before = await hub.StateAsync(tenant);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/tenants/{tenant}/records/controls")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };

        var response = await owner.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Theory]
    [InlineData("POST", "records/controls", "text/plain")]
    [InlineData("PUT", "settings/general/logo", "application/json")]
    public async Task UnsupportedContentType_OnABodyRoute_Returns415UnsupportedMediaType_AndChangesNothing(string method, string path, string contentType)
    {
        var tenant = await hub.CreateTenantAsync();
        var before = await hub.StateAsync(tenant);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/tenants/{tenant}/{path}")
        {
            Content = new StringContent("{}", Encoding.UTF8, contentType),
        };

        var response = await owner.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }
}
