using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Notifications;
using DataGovernance.Privacy;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes and small steps the privacy request tests share.</summary>
public static class SubjectRequestApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Requests(string tenant) => $"/api/tenants/{tenant}/privacy/requests";

    public static string Request(string tenant, string id) => $"{Requests(tenant)}/{id}";

    public static object Intake(string type, DateTimeOffset? receivedAt = null, string? email = "jane.doe@example.org", string? phone = null) => new
    {
        type,
        requester = new { name = "Jane Doe", email, phone, relationship = "Self" },
        description = "Please send me everything you hold about me.",
        receivedAt,
    };

    public static async Task<JsonElement> ReceiveAsync(this HttpClient client, string tenant, object intake) =>
        await (await client.PostAsJsonAsync(Requests(tenant), intake, Ct)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<HttpResponseMessage> StepAsync(this HttpClient client, string tenant, string id, string step, object body) =>
        await client.PostAsJsonAsync($"{Request(tenant, id)}/{step}", body, Ct);

    public static async Task<JsonElement> GetRequestAsync(this HttpClient client, string tenant, string id) =>
        await (await client.GetAsync(Request(tenant, id), Ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>The code of the newest verification message the outbox holds for the request.</summary>
    public static async Task<string> SentCodeAsync(this HubFixture hub, string tenant, string requestId)
    {
        var outbox = hub.App.Services.GetRequiredService<NotificationOutbox>();
        var message = (await outbox.ListPendingAsync(tenant, 100, Ct))
            .Last(message => message.Template == PrivacyRequestVerification.CodeTemplate && message.Parameters["requestId"] == requestId);
        Assert.Equal(NotificationChannel.Email, message.Channel);
        return message.Parameters["code"];
    }

    public static async Task<JsonElement> VerifiedRequestAsync(this HubFixture hub, HttpClient client, string tenant, string type = "Access")
    {
        var id = (await client.ReceiveAsync(tenant, Intake(type))).Id();
        var code = await hub.SentCodeAsync(tenant, id);
        return await (await client.StepAsync(tenant, id, "verify", new { code })).ExpectAsync(HttpStatusCode.OK);
    }

    public static string Id(this JsonElement request) => request.GetProperty("id").GetString()!;

    public static string Prop(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    public static DateOnly Date(this JsonElement element, string property) => DateOnly.Parse(element.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static string[] Actions(this JsonElement request) => [.. request.GetProperty("history").EnumerateArray().Select(step => step.Prop("action"))];

    /// <summary>The local day of an instant in the fixture tenants' zone (Europe/Berlin).</summary>
    public static DateOnly BerlinDay(DateTimeOffset instant) => PrivacyDeadlineRules.LocalDay(instant, PrivacyDeadlineRules.Zone("Europe/Berlin"));
}
