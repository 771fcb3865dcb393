using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DataGovernance.Mfa;

/// <summary>
/// Encrypts authenticator secrets with AES-256-GCM. A ciphertext reads <c>key id (1 byte) | nonce (12) | tag (16) | data</c>;
/// the key id lets a later key decrypt alongside the current one while secrets are re-encrypted. The tenant, user and
/// device ids are associated data, so a ciphertext copied into another row does not decrypt there.
/// </summary>
public sealed class MfaSecretEncryption(IOptions<MfaOptions> options)
{
    public const int KeySize = 32;

    /// <summary>The id of the one key there is so far (<see cref="MfaOptions.SecretEncryptionKey"/>).</summary>
    public const byte CurrentKeyId = 1;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private byte[] Key => options.Value.EncryptionKeyBytes() ?? throw new InvalidOperationException(MfaOptions.Requirement);

    public byte[] Encrypt(byte[] secret, MfaDeviceKey device)
    {
        var sealedSecret = new byte[HeaderSize + secret.Length];
        sealedSecret[0] = CurrentKeyId;
        var nonce = sealedSecret.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagSize);
        aes.Encrypt(nonce, secret, sealedSecret.AsSpan(HeaderSize), sealedSecret.AsSpan(1 + NonceSize, TagSize), AssociatedData(device));
        return sealedSecret;
    }

    /// <summary>The secret, or null when the ciphertext is damaged, was made for another row or under an unknown key.</summary>
    public byte[]? TryDecrypt(byte[] sealedSecret, MfaDeviceKey device)
    {
        if (sealedSecret.Length <= HeaderSize || sealedSecret[0] != CurrentKeyId)
        {
            return null;
        }
        var secret = new byte[sealedSecret.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(Key, TagSize);
            aes.Decrypt(sealedSecret.AsSpan(1, NonceSize), sealedSecret.AsSpan(HeaderSize), sealedSecret.AsSpan(1 + NonceSize, TagSize), secret,
                AssociatedData(device));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    // Length-prefixed, so that no two different id triples give the same bytes.
    private static byte[] AssociatedData(MfaDeviceKey device)
    {
        var text = $"mfa-device:{device.TenantId.Length}:{device.TenantId}:{device.UserId.Length}:{device.UserId}:{device.DeviceId}";
        return Encoding.UTF8.GetBytes(text);
    }
}
