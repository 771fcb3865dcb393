using System.Text.Json;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// Reads the <c>Values</c> of a Functions-style <c>local.settings.json</c> (comments allowed) as configuration,
/// translating <c>Hub__DevAuth__Enabled</c> into <c>Hub:DevAuth:Enabled</c> the way environment variables are.
/// </summary>
public static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? builder.AddInMemoryCollection(Read(path)) : builder;
    }

    public static Dictionary<string, string?> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var setting in section.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
            }
        }
        return values;
    }
}
