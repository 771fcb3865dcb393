using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGovernance.Views;

/// <summary>Where a listing of a view stopped: the generation it reads and the last record's place in the view's order.</summary>
public sealed record ViewCursor(
    [property: JsonPropertyName("g")] int Generation,
    [property: JsonPropertyName("k")] IReadOnlyList<string?> Keys,
    [property: JsonPropertyName("i")] string Id)
{
    public SortPosition Position => new(Keys, Id);

    public string ToText() => JsonSerializer.Serialize(this);

    /// <summary>The cursor in <paramref name="text"/>; null unless it has one key per sort field, a generation and a record id.</summary>
    public static ViewCursor? Parse(string text, int sortFields)
    {
        try
        {
            return JsonSerializer.Deserialize<ViewCursor>(text) is { Id: not null, Keys: not null } cursor
                && cursor.Keys.Count == sortFields && cursor.Generation >= 0 && Records.RecordService.IsValidId(cursor.Id)
                ? cursor
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
