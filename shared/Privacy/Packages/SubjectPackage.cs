using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Privacy;

/// <summary>One file of a package, as the manifest lists it.</summary>
public sealed record PackageFile(string Name, string MediaType, long Size, string Sha256);

/// <summary>
/// The manifest of an access or portability package: every file in the ZIP with its size and SHA-256, and how many
/// records of which collections it holds. Also stored beside the ZIP, so that the package can be described without opening it.
/// </summary>
public sealed record PackageManifest(
    string RequestId, PrivacyRequestType RequestType, DateTimeOffset BuiltAt, string BuiltBy, IReadOnlyDictionary<string, int> Records,
    IReadOnlyList<PackageFile> Files);

/// <summary>A package as the API shows it: the manifest, the ZIP's own size and SHA-256, and a fresh expiring link.</summary>
public sealed record SubjectPackage(PackageManifest Manifest, long Size, string Sha256, string DownloadUrl, DateTimeOffset DownloadExpiresAt);

public static class SubjectPackageRegistration
{
    public static IServiceCollection AddSubjectPackages(this IServiceCollection services)
    {
        services.AddSingleton<SubjectPackageWriter>();
        services.AddSingleton<SubjectPackageService>();
        return services;
    }
}
