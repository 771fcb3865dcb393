using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Security;

/// <summary>
/// A detached signature over the exact bytes of a piece of evidence: ECDSA P-256 with SHA-256, DER-encoded (as
/// <c>openssl dgst -sha256 -verify</c> expects), base64; with the signer's public key (SPKI PEM) and its id
/// (SHA-256 of the SPKI, hex), so that anyone can verify it without the hub.
/// </summary>
public sealed record EvidenceSignature(string Algorithm, string Value, string PublicKeyPem, string KeyId);

/// <summary>Signs evidence with the configured key (see <see cref="EvidenceSigningOptions"/>).</summary>
public sealed class EvidenceSigner(IOptions<EvidenceSigningOptions> options, HubStorage storage) : IDisposable
{
    public const string Algorithm = "ECDSA-P256-SHA256";
    public const string DevelopmentKeyBlob = "evidence-signing-key.pem";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private ECDsa? _key;

    public async Task<EvidenceSignature> SignAsync(byte[] content, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        var signature = key.SignData(content, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var spki = key.ExportSubjectPublicKeyInfo();
        return new EvidenceSignature(Algorithm, Convert.ToBase64String(signature), PemEncoding.WriteString("PUBLIC KEY", spki),
            Convert.ToHexStringLower(SHA256.HashData(spki)));
    }

    /// <summary>The signing key's public half (SPKI PEM), for checking that a signature is this hub's.</summary>
    public async Task<string> PublicKeyPemAsync(CancellationToken cancellationToken)
    {
        var spki = (await KeyAsync(cancellationToken)).ExportSubjectPublicKeyInfo();
        return PemEncoding.WriteString("PUBLIC KEY", spki);
    }

    /// <summary>True when <paramref name="signature"/> is a signature of <paramref name="content"/> by the key it names.</summary>
    public static bool Verify(byte[] content, EvidenceSignature signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(signature.PublicKeyPem);
            return signature.Algorithm == Algorithm
                && key.VerifyData(content, Convert.FromBase64String(signature.Value), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException)
        {
            return false;
        }
    }

    private async Task<ECDsa> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } loaded)
        {
            return loaded;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<ECDsa> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.EvidenceKeyPem))
        {
            return EvidenceSigningOptions.TryImport(settings.EvidenceKeyPem) ?? throw new InvalidOperationException(EvidenceSigningOptions.Requirement);
        }
        if (!settings.GenerateDevelopmentKey)
        {
            throw new InvalidOperationException(EvidenceSigningOptions.Requirement);
        }
        return EvidenceSigningOptions.TryImport(await DevelopmentKeyPemAsync(cancellationToken))
            ?? throw new InvalidOperationException($"The development key in {StorageNames.KeysContainer}/{DevelopmentKeyBlob} is not an ECDSA P-256 key.");
    }

    /// <summary>The generated key, created by whichever instance comes first; the others read that one.</summary>
    private async Task<string> DevelopmentKeyPemAsync(CancellationToken cancellationToken)
    {
        var container = storage.Primary.Container(StorageNames.KeysContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(DevelopmentKeyBlob);
        try
        {
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await blob.UploadAsync(BinaryData.FromString(generated.ExportPkcs8PrivateKeyPem()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Generated before: keep using that key.
        }
        return Encoding.UTF8.GetString((await blob.DownloadContentAsync(cancellationToken)).Value.Content);
    }

    public void Dispose()
    {
        _key?.Dispose();
        _loading.Dispose();
    }
}
