using System.Text.Json;

namespace DataGovernance.Classification;

/// <summary>The string and number values of a JSON record, each with its path and the name of the field that holds it.</summary>
public static class RecordFields
{
    public const int MaxDepth = 32;

    public static IEnumerable<(string Path, string? FieldName, string Value)> Walk(JsonElement record) => Walk(record, "", null, 0);

    private static IEnumerable<(string, string?, string)> Walk(JsonElement element, string path, string? fieldName, int depth)
    {
        if (depth > MaxDepth)
        {
            yield break;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    foreach (var field in Walk(property.Value, child, property.Name, depth + 1))
                    {
                        yield return field;
                    }
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var field in Walk(item, $"{path}[{index++}]", fieldName, depth + 1))
                    {
                        yield return field;
                    }
                }
                break;
            case JsonValueKind.String:
                yield return (path, fieldName, element.GetString()!);
                break;
            case JsonValueKind.Number:
                yield return (path, fieldName, element.GetRawText());
                break;
        }
    }
}
