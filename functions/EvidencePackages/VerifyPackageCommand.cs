using DataGovernance.EvidencePackages;

namespace DataGovernance.Functions.EvidencePackages;

/// <summary>
/// <c>verify-package &lt;zip&gt; [--public-key &lt;pem&gt;]</c>: verifies an evidence package offline with the same verifier as
/// the hub. Exit code 0 only when the package is valid and signed by the key given with <c>--public-key</c>; 1 when it is
/// not valid; 2 when it cannot be checked (bad arguments, unreadable or refused ZIP, not a package manifest); 3 when the
/// package is intact and consistently signed but no key was given to check the signer against — anyone can re-sign a
/// forged package with a key of their own, so that is never reported as valid.
/// </summary>
public static class VerifyPackageCommand
{
    public const int Valid = 0;
    public const int NotValid = 1;
    public const int CannotCheck = 2;
    public const int SignerUnverified = 3;

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
        var verified = EvidencePackageVerifier.Verify(zip, trustedKey, new EvidencePackageOptions().Limits());
        if (!verified.Succeeded)
        {
            return Fail(errors, $"{zipPath} cannot be verified ({verified.Failure.Code}): {verified.Failure.Detail}");
        }
        var result = verified.Value;
        var exitCode = result.Valid ? Valid : result.IntegrityValid && result.SignedByTrustedKey is null ? SignerUnverified : NotValid;
        Print(output, result, exitCode);
        return exitCode;
    }

    private static void Print(TextWriter output, PackageVerification result, int exitCode)
    {
        output.WriteLine($"Package:   {result.PackageId ?? "(no readable manifest)"}");
        output.WriteLine($"Tenant:    {result.TenantId ?? "-"}   Framework: {result.Framework ?? "-"}   Generated: {result.GeneratedAt?.ToString("O") ?? "-"}");
        output.WriteLine($"Signature: {(result.SignatureValid ? "valid" : "INVALID")} (ECDSA P-256, SHA-256)");
        output.WriteLine($"Key:       {result.KeyId ?? "(none)"} — {result.SignedByTrustedKey switch
        {
            true => "matches --public-key",
            false => "NOT the key given with --public-key",
            null => "not compared with a trusted key (give --public-key to pin it)",
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
        output.WriteLine(exitCode switch
        {
            Valid => "Result:    VALID",
            SignerUnverified => "Result:    SIGNER UNVERIFIED — the files match the signed manifest, but who signed it is unknown: "
                + "anyone can re-sign a changed package with a key of their own. Give --public-key with the hub's key to verify it.",
            _ => "Result:    NOT VALID",
        });
    }

    private static int Fail(TextWriter errors, string message)
    {
        errors.WriteLine(message);
        return CannotCheck;
    }
}
