namespace DataGovernance.Functions.Runtime;

/// <summary>
/// <c>function-app &lt;folder&gt; --host-json &lt;file&gt;</c>: writes host.json and every function's function.json into the
/// folder, from the catalog of the host as built (route table included) without running it. <c>./hub publish</c>
/// runs it after publishing the program to <c>&lt;folder&gt;/app</c>.
/// </summary>
public static class FunctionAppCommand
{
    public const string Name = "function-app";

    private const string Usage = "usage: function-app <folder> --host-json <file>";

    public static bool IsInvoked(IReadOnlyList<string> args) => args is [Name, ..];

    public static int Run(HostFunctionCatalog catalog, IReadOnlyList<string> args)
    {
        if (args is not [Name, var folder, "--host-json", var hostJson] || folder.StartsWith('-'))
        {
            return Fail(Usage);
        }
        if (!File.Exists(hostJson))
        {
            return Fail($"{hostJson} does not exist.");
        }
        try
        {
            FunctionAppLayout.Write(catalog, hostJson, folder);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return Fail(ex.Message);
        }
        Console.WriteLine($"Wrote {FunctionAppLayout.HostJson} and {catalog.Functions.Count} functions to {Path.GetFullPath(folder)}.");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
