using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>
/// Imports take no XML, and wherever XML is parsed — the parts of an XLSX, anything the hub's own code reads — a DTD
/// (and so an external entity or an entity expansion) is refused, never resolved.
/// </summary>
public sealed class ImportXmlTests(HubFixture hub) : IDisposable
{
    /// <summary>Listens where the test's entities point and serves nothing: a connection means an entity was resolved.</summary>
    private readonly TcpListener _entityHost = StartEntityHost();

    private string EntityUrl(string name) => $"http://127.0.0.1:{((IPEndPoint)_entityHost.LocalEndpoint).Port}/{name}";

    [Fact]
    public async Task XmlUpload_WithAnExternalEntity_IsRefused_WithoutTheEntityBeingFetched()
    {
        var xml = Encoding.UTF8.GetBytes($"""
            <?xml version="1.0"?>
            <!DOCTYPE records [<!ENTITY x SYSTEM "{EntityUrl("entity")}"><!ENTITY % p SYSTEM "{EntityUrl("parameter")}"> %p;]>
            <records><policy><title>&x;</title><status>draft</status></policy></records>
            """);

        await hub.RefusedImportAsync("policies", xml, "application/xml", HttpStatusCode.UnsupportedMediaType, "import-format-unsupported");
        await hub.RefusedImportAsync("policies", xml, "text/xml", HttpStatusCode.UnsupportedMediaType, "import-format-unsupported");
        await hub.RefusedImportAsync("policies", xml, "text/plain", HttpStatusCode.UnsupportedMediaType, "import-format-unsupported", "records.xml");

        await AssertEntityHostNeverCalledAsync();
    }

    [Fact]
    public async Task XlsxWhosePartsDeclareADtd_IsRefused_WithoutTheEntityBeingFetched()
    {
        var workbook = Workbooks.Create(["title", "status"], ["Access control", "draft"]);
        var doctype = $"""<!DOCTYPE sst [<!ENTITY x SYSTEM "{EntityUrl("entity")}"><!ENTITY % p SYSTEM "{EntityUrl("parameter")}"> %p;]>""";
        var poisoned = RewritePart(workbook, "xl/sharedStrings.xml", part =>
            part.Replace("?>", "?>" + doctype, StringComparison.Ordinal).Replace(">title<", ">&x;<", StringComparison.Ordinal));
        Assert.Contains("&x;", Encoding.UTF8.GetString(ReadPart(poisoned, "xl/sharedStrings.xml")), StringComparison.Ordinal);

        await hub.RefusedImportAsync("policies", poisoned, Xlsx, HttpStatusCode.BadRequest, "import-malformed-xlsx", "policies.xlsx");

        await AssertEntityHostNeverCalledAsync();
    }

    [Fact]
    public void HubAssemblies_ParseXmlOnlyWithDtdsProhibited()
    {
        var report = XmlParsingScan.Scan(ProductTypes());

        Assert.True(report.Offences.Count == 0, $"XML parsed with DTDs possible:\n{string.Join("\n", report.Offences)}");
        Assert.True(report.MethodsRead > 1_000, $"Only {report.MethodsRead} methods read.");
        // The XML exports write XML: seeing that call proves the scan reads the hub's IL down to its System.Xml calls.
        Assert.Contains("XmlWriter.Create", report.XmlCalls);
    }

    [Fact]
    public void TheXmlScan_FindsEachWayOfAllowingDtds_AndAcceptsTheSafeOnes()
    {
        var unsafeReport = XmlParsingScan.Scan([typeof(UnsafeXml)]);
        var safeReport = XmlParsingScan.Scan([typeof(SafeXml)]);

        string[] each = [nameof(UnsafeXml.DtdParsingSettings), nameof(UnsafeXml.DtdIgnoringSettings), nameof(UnsafeXml.SettingsWithAResolver),
            nameof(UnsafeXml.DocumentFromAString), nameof(UnsafeXml.DocumentFromAStream), nameof(UnsafeXml.LinqFromAString), nameof(UnsafeXml.TextReader)];
        Assert.Equal(each.Order(StringComparer.Ordinal), unsafeReport.Offences.Select(offence => offence.Split(": ")[0].Split('.')[^1]).Order(StringComparer.Ordinal));
        Assert.Empty(safeReport.Offences);
        Assert.Contains("XmlReader.Create", safeReport.XmlCalls);
    }

    public void Dispose() => _entityHost.Dispose();

    private static IEnumerable<Type> ProductTypes() =>
        new[] { typeof(DataGovernance.Imports.ImportService), typeof(DataGovernance.Functions.EvidencePackages.VerifyPackageCommand), typeof(DataGovernance.Orchestrations.Imports.FreezeImportRecords) }
            .Select(type => type.Assembly)
            .SelectMany(assembly => assembly.GetTypes());

    private static TcpListener StartEntityHost()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    /// <summary>A fetch would have connected while the request ran; then proves the probe sees a connection when one is made.</summary>
    private async Task AssertEntityHostNeverCalledAsync()
    {
        Assert.False(_entityHost.Pending(), "An entity URL was fetched.");
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)_entityHost.LocalEndpoint, Ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_entityHost.Pending() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }
        Assert.True(_entityHost.Pending(), "The entity host does not notice connections.");
    }

    private static byte[] RewritePart(byte[] zip, string name, Func<string, string> rewrite)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.GetEntry(name)!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = reader.ReadToEnd();
            }
            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(rewrite(text));
        }
        return buffer.ToArray();
    }

    private static byte[] ReadPart(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var content = new MemoryStream();
        using (var stream = archive.GetEntry(name)!.Open())
        {
            stream.CopyTo(content);
        }
        return content.ToArray();
    }

    // The scan's own specimens: never called, only read. Each unsafe one must be found, none of the safe ones.
    private static class UnsafeXml
    {
        public static XmlReaderSettings DtdParsingSettings() => new() { DtdProcessing = DtdProcessing.Parse };

        public static XmlReaderSettings DtdIgnoringSettings() => new() { DtdProcessing = DtdProcessing.Ignore };

        public static XmlReaderSettings SettingsWithAResolver() => new() { XmlResolver = new XmlUrlResolver() };

        public static XmlDocument DocumentFromAString(string xml)
        {
            var document = new XmlDocument();
            document.LoadXml(xml);
            return document;
        }

        public static XmlDocument DocumentFromAStream(Stream xml)
        {
            var document = new XmlDocument();
            document.Load(xml);
            return document;
        }

        public static XDocument LinqFromAString(string xml) => XDocument.Parse(xml);

        public static XmlTextReader TextReader(Stream xml) => new XmlTextReader(xml);
    }

    private static class SafeXml
    {
        public static XDocument Load(Stream xml)
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }

        public static XmlDocument Document(Stream xml)
        {
            using var reader = XmlReader.Create(xml);
            var document = new XmlDocument { XmlResolver = null };
            document.Load(reader);
            return document;
        }
    }
}
