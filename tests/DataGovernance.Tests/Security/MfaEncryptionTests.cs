using System.Net;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Mfa;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>What an authenticator secret looks like in storage: encrypted, and bound to its own row.</summary>
public sealed class MfaEncryptionTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TableClient Table => hub.PrimaryTable(StorageNames.MfaDevicesTable);

    private async Task<List<TableEntity>> RowsAsync(string tenant) =>
        await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), cancellationToken: Ct).ToListAsync(Ct);

    private async Task<TableEntity> DeviceRowAsync(string tenant, string deviceId) =>
        (await RowsAsync(tenant)).Single(row => row.GetString("DeviceId") == deviceId);

    [Fact]
    public async Task StoredRows_HoldNeitherTheBase32SecretNorItsBytes_InAnyEncoding()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());
        var devices = new[] { await person.EnrollActiveAsync("Phone"), await person.EnrollAsync("Tablet") };
        var codes = await person.RegenerateBackupCodesAsync();

        var rows = await RowsAsync(tenant);

        Assert.Equal(3, rows.Count);
        var texts = rows.SelectMany(row => row.Select(pair => pair.Value)).OfType<string>().ToList();
        var binaries = rows.SelectMany(row => row.Select(pair => pair.Value)).OfType<byte[]>().ToList();
        Assert.Equal(2, rows.Count(row => row.GetBinary("SealedSecret") is { Length: > 20 }));
        foreach (var device in devices)
        {
            var raw = Base32Encoding.ToBytes(device.Secret);
            var encodings = new[] { device.Secret, Convert.ToBase64String(raw), Convert.ToHexString(raw), Encoding.Latin1.GetString(raw) };
            Assert.All(texts, text => Assert.DoesNotContain(encodings, encoding => text.Contains(encoding, StringComparison.OrdinalIgnoreCase)));
            Assert.All(binaries, binary => Assert.True(binary.AsSpan().IndexOf(raw) < 0, "A stored binary holds the secret's bytes."));
            Assert.All(binaries, binary => Assert.True(binary.AsSpan().IndexOf(Encoding.ASCII.GetBytes(device.Secret)) < 0, "A stored binary holds the Base32 secret."));
        }
        foreach (var code in codes)
        {
            Assert.All(texts, text => Assert.DoesNotContain(BackupCodes.Normalise(code)!, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task ACiphertextMovedToAnotherDeviceRow_DoesNotDecryptThere()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        var source = await person.EnrollAsync("Phone");
        var target = await person.EnrollAsync("Tablet");
        var sealedSecret = (await DeviceRowAsync(tenant, source.Id)).GetBinary("SealedSecret")!;
        var encryption = hub.App.Services.GetRequiredService<MfaSecretEncryption>();
        Assert.Equal(Base32Encoding.ToBytes(source.Secret), encryption.TryDecrypt(sealedSecret, new MfaDeviceKey(tenant, user, source.Id)));

        var targetRow = await DeviceRowAsync(tenant, target.Id);
        targetRow["SealedSecret"] = sealedSecret;
        await Table.UpdateEntityAsync(targetRow, ETag.All, TableUpdateMode.Replace, Ct);

        Assert.Null(encryption.TryDecrypt(sealedSecret, new MfaDeviceKey(tenant, user, target.Id)));
        Assert.Null(encryption.TryDecrypt(sealedSecret, new MfaDeviceKey(tenant, MfaTestSupport.NewUserId(), source.Id)));
        Assert.Null(encryption.TryDecrypt(sealedSecret, new MfaDeviceKey(await hub.CreateTenantAsync(), user, source.Id)));
        await (await person.ActivateAsync(target.Id, source.CurrentCode())).ExpectAsync(HttpStatusCode.UnprocessableEntity, MfaService.InvalidCode);
        await (await person.ActivateAsync(target.Id, target.CurrentCode())).ExpectAsync(HttpStatusCode.UnprocessableEntity, MfaService.InvalidCode);
        await (await person.ActivateAsync(source.Id, source.CurrentCode())).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ACiphertext_CarriesItsKeyId_AndATamperedOneDoesNotDecrypt()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        var device = await person.EnrollAsync();
        var key = new MfaDeviceKey(tenant, user, device.Id);
        var sealedSecret = (await DeviceRowAsync(tenant, device.Id)).GetBinary("SealedSecret")!;
        var encryption = hub.App.Services.GetRequiredService<MfaSecretEncryption>();

        Assert.Equal(MfaSecretEncryption.CurrentKeyId, sealedSecret[0]);
        Assert.Equal(1 + 12 + 16 + 20, sealedSecret.Length);
        var otherKeyId = (byte[])sealedSecret.Clone();
        otherKeyId[0] = 2;
        var flipped = (byte[])sealedSecret.Clone();
        flipped[^1] ^= 1;
        Assert.Null(encryption.TryDecrypt(otherKeyId, key));
        Assert.Null(encryption.TryDecrypt(flipped, key));
        Assert.NotEqual(encryption.Encrypt(Base32Encoding.ToBytes(device.Secret), key), encryption.Encrypt(Base32Encoding.ToBytes(device.Secret), key));
    }
}
