using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>A record's place in a view's order: the keys of the sort fields, then the id.</summary>
public sealed record SortPosition(IReadOnlyList<string?> Keys, string Id);

/// <summary>
/// A validated view turned into what listings and exports run: which records match, where a record sorts, and which
/// fields it shows. Built only from views that passed <see cref="DataViewValidator"/>.
/// </summary>
public sealed class ViewQuery : IComparer<SortPosition>
{
    private sealed record Condition(string Field, string Op, ValueKind Kind, IReadOnlyList<string> Keys);

    private readonly IReadOnlyList<Condition> _conditions;
    private readonly IReadOnlyList<(string Field, ValueKind Kind, bool Descending)> _sort;

    public ViewQuery(CollectionSchema schema, IReadOnlyList<ViewCondition> filter, IReadOnlyList<string> fields, IReadOnlyList<ViewSort> sort)
    {
        Collection = schema.Name;
        _conditions = [.. filter.Select(condition => Compile(schema, condition))];
        _sort = [.. sort.Select(by => (by.Field, ViewFields.KindOf(schema, by.Field)!.Value, by.Descending))];
        Fields = fields.Count > 0 ? fields : [.. schema.Fields.Select(field => field.Name)];
    }

    public static ViewQuery Of(DataView view) =>
        new(Collections.Find(view.Collection) ?? throw new ArgumentException($"Unknown collection {view.Collection}."), view.Filter, view.Fields, view.Sort);

    public string Collection { get; }

    /// <summary>The fields each row shows, in order.</summary>
    public IReadOnlyList<string> Fields { get; }

    public bool IsSorted => _sort.Count > 0;

    /// <summary>How many keys a record's <see cref="SortPosition"/> has.</summary>
    public int SortFields => _sort.Count;

    public bool IsFiltered => _conditions.Count > 0;

    public bool Matches(Record record) => _conditions.All(condition => Holds(condition, record));

    public SortPosition PositionOf(Record record) =>
        new([.. _sort.Select(by => ViewFields.KeyOf(record, by.Field, by.Kind))], record.Id);

    public int Compare(SortPosition? x, SortPosition? y)
    {
        for (var i = 0; i < _sort.Count; i++)
        {
            var order = Ordered(x!.Keys[i], y!.Keys[i]);
            if (order != 0)
            {
                return _sort[i].Descending ? -order : order;
            }
        }
        return string.CompareOrdinal(x!.Id, y!.Id);
    }

    /// <summary>The record's projected fields as one JSON object (absent fields left out).</summary>
    public JsonElement Project(Record record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in Fields)
            {
                if (record.Data.TryGetProperty(field, out var value))
                {
                    json.WritePropertyName(field);
                    value.WriteTo(json);
                }
            }
            json.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    public ViewRow RowOf(Record record) => new(record.Id, record.Version, record.CreatedAt, record.UpdatedAt, Project(record));

    /// <summary>Absent values order first.</summary>
    private static int Ordered(string? x, string? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => string.CompareOrdinal(x, y),
    };

    private static Condition Compile(CollectionSchema schema, ViewCondition condition)
    {
        var kind = ViewFields.KindOf(schema, condition.Field)!.Value;
        var itemKind = kind == ValueKind.List ? ValueKind.Text : kind;
        IReadOnlyList<string> keys = condition.Value.ValueKind == JsonValueKind.Array
            ? [.. condition.Value.EnumerateArray().Select(item => ViewFields.KeyOf(item, itemKind)!)]
            : [ViewFields.KeyOf(condition.Value, itemKind)!];
        return new Condition(condition.Field, condition.Op, kind, keys);
    }

    private static bool Holds(Condition condition, Record record)
    {
        if (condition.Kind == ValueKind.List)
        {
            return ViewFields.Items(record, condition.Field).Contains(condition.Keys[0], StringComparer.Ordinal);
        }
        var key = ViewFields.KeyOf(record, condition.Field, condition.Kind);
        if (key is null)
        {
            return condition.Op == ViewOperators.Ne;
        }
        var order = string.CompareOrdinal(key, condition.Keys[0]);
        return condition.Op switch
        {
            ViewOperators.Eq => order == 0,
            ViewOperators.Ne => order != 0,
            ViewOperators.In => condition.Keys.Contains(key, StringComparer.Ordinal),
            ViewOperators.Contains => key.Contains(condition.Keys[0], StringComparison.OrdinalIgnoreCase),
            ViewOperators.Gt => order > 0,
            ViewOperators.Gte => order >= 0,
            ViewOperators.Lt => order < 0,
            _ => order <= 0,
        };
    }
}

public static class ViewOperators
{
    public const string Eq = "eq";
    public const string Ne = "ne";
    public const string In = "in";
    public const string Contains = "contains";
    public const string Gt = "gt";
    public const string Gte = "gte";
    public const string Lt = "lt";
    public const string Lte = "lte";

    public static readonly IReadOnlyList<string> All = [Eq, Ne, In, Contains, Gt, Gte, Lt, Lte];

    /// <summary>Which operators a kind of field takes.</summary>
    public static bool Allows(ValueKind kind, string op) => kind switch
    {
        ValueKind.List => op == Contains,
        ValueKind.Document => false,
        ValueKind.Boolean => op is Eq or Ne,
        ValueKind.Text => op is Eq or Ne or In or Contains,
        _ => op is Eq or Ne or In or Gt or Gte or Lt or Lte,
    };
}
