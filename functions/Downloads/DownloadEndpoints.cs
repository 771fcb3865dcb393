using DataGovernance.Downloads;
using DataGovernance.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Downloads;

/// <summary>
/// Downloads through expiring links (<see cref="DownloadLinks"/>). Anonymous by design: the signed token is the
/// credential, so that a data subject or an auditor without a hub account can fetch what they were sent.
/// </summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/downloads/{token}", DownloadAsync).WithName("Download").WithTags("Downloads").AllowAnonymous()
            .WithSummary("Fetch a file through an expiring link the hub handed out (no credentials; the link is the credential)");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string token, DownloadLinks links, HttpContext http, CancellationToken cancellationToken)
    {
        var opened = await links.OpenAsync(token, RequestContext.ClientAddress(http), http.TraceIdentifier, cancellationToken);
        if (!opened.Succeeded)
        {
            return Problems.From(http, opened.Failure);
        }
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentLength = opened.Value.Length;
        return TypedResults.Stream(opened.Value.Content, opened.Value.ContentType, opened.Value.FileName);
    }
}
