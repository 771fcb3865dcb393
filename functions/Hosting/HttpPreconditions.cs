using System.Globalization;
using DataGovernance.Outcomes;
using Microsoft.Net.Http.Headers;

namespace DataGovernance.Functions.Hosting;

/// <summary>Reads <c>If-Match</c>: the hub's ETags are the quoted version number of a resource.</summary>
public static class HttpPreconditions
{
    /// <summary>The version the client expects; null when the header is absent or <c>*</c>.</summary>
    public static Result<long?> ExpectedVersion(HttpRequest request, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length == 0)
        {
            return required
                ? new Failure(FailureKind.PreconditionRequired, "if-match-required", "Send If-Match with the ETag you read, so that concurrent changes are not lost.")
                : (long?)null;
        }
        if (header.Trim() == "*")
        {
            return (long?)null;
        }
        if (EntityTagHeaderValue.TryParse(header, out var tag) && !tag.IsWeak
            && long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }
        return Failure.BadRequest("invalid-if-match", "If-Match must be one strong ETag as returned by the hub, such as \"3\".");
    }
}
