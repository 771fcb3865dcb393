using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace DataGovernance.Reports.Writers;

/// <summary>
/// Lays text out top to bottom on A4 pages with the standard Helvetica fonts: wraps lines to the page width and starts a
/// new page when one is full. The standard fonts carry no glyphs beyond ASCII, so other characters are transliterated
/// where obvious and replaced with <c>?</c> otherwise.
/// </summary>
internal sealed class PdfLayout
{
    private const double Margin = 50;

    private readonly PdfDocumentBuilder _document;
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private PdfPageBuilder _page;
    private double _y;

    public PdfLayout(PdfDocumentBuilder document)
    {
        _document = document;
        _regular = document.AddStandard14Font(Standard14Font.Helvetica);
        _bold = document.AddStandard14Font(Standard14Font.HelveticaBold);
        _page = NewPage();
    }

    public int Pages { get; private set; } = 1;

    private double Width => _page.PageSize.Width - 2 * Margin;

    public void Title(string text) => Write(text, 16, bold: true, indent: 0, spaceAfter: 6);

    public void Heading(string text) => Write(text, 12, bold: true, indent: 0, spaceBefore: 8, spaceAfter: 2);

    public void Text(string text, double indent = 0) => Write(text, 9, bold: false, indent);

    public void Strong(string text, double indent = 0) => Write(text, 9, bold: true, indent, spaceBefore: 4);

    private void Write(string text, double size, bool bold, double indent, double spaceBefore = 0, double spaceAfter = 0)
    {
        var font = bold ? _bold : _regular;
        var lineHeight = size * 1.3;
        _y -= spaceBefore;
        foreach (var line in Wrap(Printable(text), size, font, Width - indent))
        {
            if (_y - lineHeight < Margin)
            {
                _page = NewPage();
                Pages++;
            }
            _y -= lineHeight;
            _page.AddText(line, size, new PdfPoint(Margin + indent, _y), font);
        }
        _y -= spaceAfter;
    }

    /// <summary>Greedy word wrap; a single word wider than the line is cut where it overflows.</summary>
    private IEnumerable<string> Wrap(string text, double size, PdfDocumentBuilder.AddedFont font, double width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (Measure(candidate, size, font) <= width)
            {
                line.Clear().Append(candidate);
                continue;
            }
            if (line.Length > 0)
            {
                yield return line.ToString();
                line.Clear();
            }
            var rest = word;
            while (rest.Length > 1 && Measure(rest, size, font) > width)
            {
                var fits = Enumerable.Range(1, rest.Length - 1).Last(n => n == 1 || Measure(rest[..n], size, font) <= width);
                yield return rest[..fits];
                rest = rest[fits..];
            }
            line.Append(rest);
        }
        yield return line.ToString();
    }

    private double Measure(string text, double size, PdfDocumentBuilder.AddedFont font) =>
        text.Length == 0 ? 0 : _page.MeasureText(text, size, new PdfPoint(0, 0), font) is { Count: > 0 } letters ? letters[^1].EndBaseLine.X : 0;

    private PdfPageBuilder NewPage()
    {
        var page = _document.AddPage(PageSize.A4);
        _y = page.PageSize.Height - Margin;
        return page;
    }

    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else if (c is '\n' or '\r' or '\t' or '\u00a0')
            {
                builder.Append(' ');
            }
            else if (c is '\u2013' or '\u2014')
            {
                builder.Append('-');
            }
            else if (c is '\u2018' or '\u2019')
            {
                builder.Append('\'');
            }
            else if (c is '\u201c' or '\u201d')
            {
                builder.Append('"');
            }
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append('?');
            }
        }
        return builder.ToString();
    }
}
