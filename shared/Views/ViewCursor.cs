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

    public static ViewCursor? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ViewCursor>(text) is { Id: not null, Keys: not null } cursor ? cursor : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
