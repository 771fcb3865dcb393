using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DataGovernance.Mfa;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using OtpNet;
using QRCoder;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Enrolling an authenticator app through the API: what the person is shown, activation, and the validation rules.</summary>
public sealed class MfaEnrollmentTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Enroll_ShowsTheSecretOnce_AsBase32_KeyUri_AndAQrCodeOfThatUri()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);

        var response = await person.PostAsJsonAsync(MfaTestSupport.Devices, new { name = "  Work phone " }, Ct);
        var body = await response.ExpectAsync(HttpStatusCode.Created);

        var device = body.GetProperty("device");
        var id = device.GetProperty("id").GetString()!;
        Assert.Equal($"/api/auth/mfa/devices/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Work phone", device.GetProperty("name").GetString());
        Assert.Equal("Pending", device.GetProperty("status").GetString());
        Assert.Equal("SHA1", device.GetProperty("algorithm").GetString());
        Assert.Equal(6, device.GetProperty("digits").GetInt32());
        Assert.Equal(30, device.GetProperty("periodSeconds").GetInt32());
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal(20, Base32Encoding.ToBytes(secret).Length);

        var uri = new Uri(body.GetProperty("otpauthUri").GetString()!);
        Assert.Equal(("otpauth", "totp"), (uri.Scheme, uri.Host));
        Assert.Equal($"/DataGovernance Hub:{user}", Uri.UnescapeDataString(uri.AbsolutePath));
        var query = uri.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[1]));
        Assert.Equal(secret, query["secret"]);
        Assert.Equal("DataGovernance Hub", query["issuer"]);
        Assert.Equal(("SHA1", "6", "30"), (query["algorithm"], query["digits"], query["period"]));

        var qr = body.GetProperty("qrCodePng").GetString()!;
        Assert.StartsWith("data:image/png;base64,", qr, StringComparison.Ordinal);
        AssertQrCodeOf(uri.OriginalString, Convert.FromBase64String(qr["data:image/png;base64,".Length..]));

        var listed = await (await person.GetAsync(MfaTestSupport.Devices, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_WithTheAppsCurrentCode_MakesTheDeviceActive_AndAWrongCodeIsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        var user = MfaTestSupport.NewUserId();
        using var person = hub.Person(tenant, user);
        var device = await person.EnrollAsync();
        var code = device.CurrentCode();
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var refused = await (await person.ActivateAsync(device.Id, wrong)).ExpectAsync(HttpStatusCode.UnprocessableEntity, MfaService.InvalidCode);
        Assert.True(refused.GetProperty("errors").TryGetProperty("code", out _));
        Assert.False(await hub.Mfa().HasActiveFactorAsync(tenant, user, Ct));

        var active = await (await person.ActivateAsync(device.Id, code)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Active", active.GetProperty("status").GetString());
        Assert.True(active.TryGetProperty("activatedAt", out _));
        Assert.False(active.TryGetProperty("expiresAt", out _));
        Assert.True(await hub.Mfa().HasActiveFactorAsync(tenant, user, Ct));

        await (await person.ActivateAsync(device.Id, device.CurrentCode())).ExpectAsync(HttpStatusCode.Conflict, "mfa-device-already-active");
        // The code that activated the device is spent: it does not also pass a sign-in check.
        Assert.Equal(MfaService.InvalidCode, (await hub.Mfa().VerifyAsync(tenant, user, code, Ct)).Failure?.Code);
        var next = await hub.Mfa().VerifyAsync(tenant, user, device.CodeAt(DateTimeOffset.UtcNow.AddSeconds(30)), Ct);
        Assert.Equal((MfaMethod.Authenticator, device.Id), (next.Value?.Method, next.Value?.DeviceId));
    }

    [Fact]
    public async Task Activate_OfOneCodeByConcurrentRequests_SucceedsOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());
        var device = await person.EnrollAsync();
        var code = device.CurrentCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => person.ActivateAsync(device.Id, code)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(response => response.StatusCode != HttpStatusCode.OK),
            response => Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, $"{response.StatusCode}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Phone\u0000")]
    [InlineData("a name that is longer than sixty-four characters, which is the most allowed")]
    public async Task Enroll_WithoutAUsableName_Answers422_WithTheNameField(string? name)
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());

        var problem = await (await person.PostAsJsonAsync(MfaTestSupport.Devices, new { name }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Empty((await (await person.GetAsync(MfaTestSupport.Devices, Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Names_AreUniquePerPerson_IgnoringCase_ButNotAcrossPeople()
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());
        using var colleague = hub.Person(tenant, MfaTestSupport.NewUserId());
        await person.EnrollAsync("Phone");

        var problem = await (await person.PostAsJsonAsync(MfaTestSupport.Devices, new { name = "PHONE" }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        await colleague.EnrollAsync("Phone");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public async Task Activate_WithAMalformedCode_Answers422_WithTheCodeField(string? code)
    {
        var tenant = await hub.CreateTenantAsync();
        using var person = hub.Person(tenant, MfaTestSupport.NewUserId());
        var device = await person.EnrollAsync();

        var problem = await (await person.PostAsJsonAsync($"{MfaTestSupport.Devices}/{device.Id}/activate", new { code }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task PlatformOperators_EnrollTheirOwnDevices_TooWithoutATenant()
    {
        var user = MfaTestSupport.NewUserId();
        using var admin = hub.Person(null, user, Role.PlatformOperator);

        var device = await admin.EnrollActiveAsync();

        Assert.True(await hub.Mfa().HasActiveFactorAsync(DataGovernance.Tenancy.TenantIds.Platform, user, Ct));
        var listed = await (await admin.GetAsync(MfaTestSupport.Devices, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(device.Id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ApiKeys_CannotReachTheMfaRoutes()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, [.. TenantProbe.TenantScopes]);
        using var apiKey = hub.WithApiKey(secret);

        await (await apiKey.GetAsync(MfaTestSupport.Devices, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await apiKey.PostAsJsonAsync(MfaTestSupport.Devices, new { name = "Robot" }, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>
    /// Reads the PNG's pixels (1-bit greyscale, unfiltered rows, as QRCoder writes it) and compares every module with
    /// the QR code of <paramref name="uri"/>: the image is that URI's code, quiet zone included.
    /// </summary>
    private static void AssertQrCodeOf(string uri, byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        var (width, height, pixels) = ReadGreyscalePng(png);
        using var generator = new QRCodeGenerator();
        using var expected = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var modules = expected.ModuleMatrix.Count;
        Assert.Equal((modules * EnrollmentQrCode.PixelsPerModule, modules * EnrollmentQrCode.PixelsPerModule), (width, height));
        var rowBytes = (width + 7) / 8;
        for (var y = 0; y < modules; y++)
        {
            for (var x = 0; x < modules; x++)
            {
                var (px, py) = ((x * EnrollmentQrCode.PixelsPerModule) + 2, (y * EnrollmentQrCode.PixelsPerModule) + 2);
                var row = pixels.AsSpan(py * (rowBytes + 1), rowBytes + 1);
                Assert.Equal(0, row[0]);
                var dark = ((row[1 + (px / 8)] >> (7 - (px % 8))) & 1) == 0;
                Assert.True(expected.ModuleMatrix[y][x] == dark, $"Module ({x}, {y}) differs.");
            }
        }
    }

    private static (int Width, int Height, byte[] Pixels) ReadGreyscalePng(byte[] png)
    {
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal((1, 0), (data[8], data[9]));
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        return (width, height, inflated.ToArray());
    }
}
