using System.IO.Compression;

namespace DataGovernance.Imports;

/// <summary>
/// Looks inside an XLSX (a ZIP) before any spreadsheet library opens it: how many entries, what they claim to expand to,
/// how much larger than compressed each one is, and then what they really expand to, reading at most the limit. A ZIP
/// bomb is refused here, having cost at most the limit's worth of decompression and no memory.
/// </summary>
public static class ZipBombCheck
{
    /// <summary>Small entries compress well legitimately (shared strings of repeated values); the ratio is judged above this size.</summary>
    private const long RatioThreshold = 1024 * 1024;

    public static async Task InspectAsync(Stream zipFile, ImportLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            await using var zip = await ZipArchive.CreateAsync(zipFile, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
            if (zip.Entries.Count > limits.MaxXlsxEntries)
            {
                throw new ImportFileException(ImportProblems.XlsxTooLarge($"{zip.Entries.Count} entries, at most {limits.MaxXlsxEntries}"));
            }
            var declared = zip.Entries.Sum(entry => entry.Length);
            if (declared > limits.MaxXlsxUncompressedBytes)
            {
                throw new ImportFileException(ImportProblems.XlsxTooLarge($"{declared} bytes uncompressed, at most {limits.MaxXlsxUncompressedBytes}"));
            }
            foreach (var entry in zip.Entries.Where(entry => entry.Length > RatioThreshold))
            {
                if (entry.Length / Math.Max(1, entry.CompressedLength) > limits.MaxXlsxCompressionRatio)
                {
                    throw new ImportFileException(ImportProblems.XlsxTooLarge($"an entry compressed more than {limits.MaxXlsxCompressionRatio} to 1"));
                }
            }
            await CheckActualSizesAsync(zip, limits, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFileException(ImportProblems.MalformedXlsx(ex.Message));
        }
        finally
        {
            zipFile.Position = 0;
        }
    }

    /// <summary>The sizes in the ZIP's directory can lie; this counts what decompression really yields, stopping at the limits.</summary>
    private static async Task CheckActualSizesAsync(ZipArchive zip, ImportLimits limits, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            long expanded = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                expanded += read;
                total += read;
                if (expanded > entry.Length || total > limits.MaxXlsxUncompressedBytes)
                {
                    throw new ImportFileException(ImportProblems.XlsxTooLarge("an entry expands beyond the size it declares"));
                }
            }
        }
    }
}
