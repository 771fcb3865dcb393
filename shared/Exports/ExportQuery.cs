using DataGovernance.Records;
using DataGovernance.Views;

namespace DataGovernance.Exports;

/// <summary>
/// What an export job reads, fixed when it was requested: the collection, the view's filter, the exported fields and
/// the order. The job never reads its view again, so a view edited afterwards cannot change what was judged for masking.
/// </summary>
public sealed record ExportQuery(string Collection, IReadOnlyList<ViewCondition> Filter, IReadOnlyList<string> Fields, IReadOnlyList<ViewSort> Sort)
{
    public static ExportQuery Of(DataView view) => new(view.Collection, view.Filter, view.Fields, view.Sort);

    /// <summary>The query to run; the fields are the resolved list (every field of the collection when none were named).</summary>
    public ViewQuery ToViewQuery() =>
        new(Collections.Find(Collection) ?? throw new InvalidOperationException($"The export's collection '{Collection}' is gone."), Filter, Fields, Sort);
}
