using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// Streams items as newline-delimited JSON (one object per line, the API's JSON settings) while they are produced:
/// the response holds at most a flush's worth of bytes, whatever the number of items.
/// </summary>
public sealed class NdjsonResult<T>(IAsyncEnumerable<T> items) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "application/x-ndjson";

    private const int FlushThreshold = 32 * 1024;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var cancellationToken = httpContext.RequestAborted;
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = MediaType;
        var body = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder });
        long unflushed = 0;
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(writer, item, options);
            writer.Flush();
            unflushed += writer.BytesCommitted + 1;
            writer.Reset();
            body.Write("\n"u8);
            if (unflushed >= FlushThreshold)
            {
                await body.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }
        await body.FlushAsync(cancellationToken);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), [MediaType]));
}
