using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Functions.Hosting;

/// <summary>Checks of the paging parameters every listing takes.</summary>
public static class ListParameters
{
    public static Result<int> PageSize(int? requested)
    {
        var size = requested ?? Paging.DefaultPageSize;
        return size is >= 1 and <= Paging.MaxPageSize
            ? size
            : Failure.BadRequest("invalid-parameter", "pageSize is out of range.",
                FieldErrors.Of("pageSize", $"Must be between 1 and {Paging.MaxPageSize}."));
    }
}
