using System.Reflection;
using DataGovernance.Exports;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace DataGovernance.Functions.Privacy;

/// <summary>Streams a privacy register as a CSV download while it is read from storage (see <see cref="SafeCsv"/>).</summary>
public sealed class CsvExportResult<T>(string fileName, IReadOnlyList<string> columns, IAsyncEnumerable<T> items, Func<T, string?[]> fields)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => $"{SafeCsv.MediaType}; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        await SafeCsv.WriteAsync(httpContext.Response.Body, columns, items, fields, httpContext.RequestAborted);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [SafeCsv.MediaType]));
}

/// <summary>The <c>format</c> parameter of the export routes.</summary>
public static class ExportFormat
{
    public const string Csv = "csv";

    public const string Json = "json";

    /// <summary>The requested format (JSON when absent), or null when it is neither.</summary>
    public static string? Parse(string? format) => format switch
    {
        null or "" or Json => Json,
        Csv => Csv,
        _ => null,
    };

    public static Failure Invalid { get; } = Failure.BadRequest("invalid-parameter", "format is csv or json.",
        FieldErrors.Of("format", "Must be csv or json."));
}
