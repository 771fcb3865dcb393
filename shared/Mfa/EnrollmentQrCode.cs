using QRCoder;

namespace DataGovernance.Mfa;

/// <summary>The key URI as a QR code that authenticator apps scan, as a PNG data URI an app can put straight into an img element.</summary>
public static class EnrollmentQrCode
{
    public const int PixelsPerModule = 5;

    public static string PngDataUri(string keyUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(keyUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
