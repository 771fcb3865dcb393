using DataGovernance.EvidencePackages;

namespace DataGovernance.Functions.EvidencePackages;

/// <summary>
/// <c>verify-package &lt;zip&gt; [--public-key &lt;pem&gt;]</c>: verifies an evidence package offline with the same verifier as
/// the hub. Exit code 0 only when the package is valid (and, with <c>--public-key</c>, signed by that key); 1 when it is
/// not; 2 when it cannot be checked (bad arguments, unreadable or refused ZIP).
/// </summary>
public static class VerifyPackageCommand
{
    private const string Usage = "usage: verify-package <package.zip> [--public-key <signing-key.pem>]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        if (args is not ([_] or [_, "--public-key", _]) || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Fail(errors, Usage);
        }
        var zipPath = args[0];
        string? trustedKey = null;
        if (args.Count == 3)
        {
            if (!File.Exists(args[2]))
            {
                return Fail(errors, $"No public key file at {args[2]}.");
            }
            trustedKey = File.ReadAllText(args[2]);
            if (EvidencePackageVerifier.KeyIdOf(trustedKey) is null)
            {
                return Fail(errors, $"{args[2]} holds no ECDSA P-256 public key (PEM).");
            }
        }
        if (!File.Exists(zipPath))
        {
            return Fail(errors, $"No package at {zipPath}.");
        }
        using var zip = File.OpenRead(zipPath);
        var verified = EvidencePackageVerifier.Verify(zip, trustedKey, PackageReadLimits.Default);
        if (!verified.Succeeded)
        {
            return Fail(errors, $"{zipPath} cannot be verified ({verified.Failure.Code}): {verified.Failure.Detail}");
        }
        Print(output, verified.Value, trustedKey is not null);
        return verified.Value.Valid ? 0 : 1;
    }

    private static void Print(TextWriter output, PackageVerification result, bool keyGiven)
    {
        output.WriteLine($"Package:   {result.PackageId ?? "(no readable manifest)"}");
        output.WriteLine($"Tenant:    {result.TenantId ?? "-"}   Framework: {result.Framework ?? "-"}   Generated: {result.GeneratedAt?.ToString("O") ?? "-"}");
        output.WriteLine($"Signature: {(result.SignatureValid ? "valid" : "INVALID")} (ECDSA P-256, SHA-256)");
        output.WriteLine($"Key:       {result.KeyId ?? "(none)"} — {(result.SignedByTrustedKey, keyGiven) switch
        {
            (true, _) => "matches --public-key",
            (false, _) => "NOT the key given with --public-key",
            _ => "not compared with a trusted key (give --public-key to pin it)",
        }}");
        var counts = Enum.GetValues<FileCheckResult>().Select(kind => $"{result.Files.Count(file => file.Result == kind)} {kind.ToString().ToLowerInvariant()}");
        output.WriteLine($"Files:     {string.Join(", ", counts)}");
        foreach (var file in result.Files.Where(file => file.Result != FileCheckResult.Ok))
        {
            output.WriteLine($"  {file.Result.ToString().ToLowerInvariant(),-10} {file.Path}");
        }
        foreach (var problem in result.Problems)
        {
            output.WriteLine($"  problem:   {problem}");
        }
        output.WriteLine(result.Valid ? "Result:    VALID" : "Result:    NOT VALID");
    }

    private static int Fail(TextWriter errors, string message)
    {
        errors.WriteLine(message);
        return 2;
    }
}
