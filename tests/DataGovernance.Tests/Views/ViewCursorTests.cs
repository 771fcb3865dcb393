using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Views;

/// <summary>A view listing's continuation token is checked against the view's order before it is used.</summary>
public sealed class ViewCursorTests(HubFixture hub)
{
    [Theory]
    [InlineData("""{"g":0,"k":[],"i":"ANY"}""")]
    [InlineData("""{"g":0,"k":["a","b"],"i":"ANY"}""")]
    [InlineData("""{"g":-1,"k":["a"],"i":"ANY"}""")]
    [InlineData("""{"g":0,"k":["a"],"i":"no such id/.."}""")]
    [InlineData("""{"g":0,"k":[1],"i":"ANY"}""")]
    public async Task CraftedCursor_IsAnInvalidContinuationToken(string cursor)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        for (var i = 0; i < 3; i++)
        {
            await owner.CreateAsync(tenant, "risks", new { title = $"Risk {i}", status = "identified", likelihood = 1, impact = 1 });
        }
        var view = await owner.CreateViewAsync(tenant, new { name = "By title", collection = "risks", sort = new[] { new { field = "title" } } });
        var url = $"{ViewsUrl(tenant)}/{view.Str("id")}/records";
        var first = await (await owner.GetAsync($"{url}?pageSize=1", Ct)).ExpectAsync(HttpStatusCode.OK);
        var envelope = JsonNode.Parse(Base64Url.DecodeFromChars(first.Str("continuationToken")))!;
        var issued = JsonNode.Parse(envelope["Token"]!.GetValue<string>())!;
        envelope["Token"] = cursor.Replace("ANY", issued["i"]!.GetValue<string>(), StringComparison.Ordinal);
        var crafted = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(envelope));

        await (await owner.GetAsync($"{url}?continuationToken={Uri.EscapeDataString(crafted)}", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
    }
}
