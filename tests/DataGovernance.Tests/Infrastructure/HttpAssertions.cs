using System.Net;
using System.Text.Json;
using Xunit;

namespace DataGovernance.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts the status and, for errors, the problem-details shape and code; returns the parsed body.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status, string? problemCode = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
        if (problemCode is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(problemCode, body.GetProperty("code").GetString());
            Assert.Equal("urn:datagovernance:problem:" + problemCode, body.GetProperty("type").GetString());
            Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        }
        return body;
    }

    public static string[] FieldErrors(this JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(message => message.GetString()!).ToArray();
}
