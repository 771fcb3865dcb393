using System.Globalization;
using System.Text;
using System.Xml;

namespace DataGovernance.Exports;

/// <summary>
/// Text in a spreadsheet cell as SpreadsheetML stores it (ECMA-376 ST_Xstring): a character XML cannot hold, and a
/// carriage return (which XML readers turn into a line feed), is written <c>_xHHHH_</c>; text that already looks like
/// such an escape keeps its underscore as <c>_x005F_</c>. Excel, LibreOffice and ClosedXML read it back as it was.
/// </summary>
public static class XlsxText
{
    /// <summary>The most characters a cell shows in Excel.</summary>
    public const int MaxCellCharacters = 32_767;

    public static string Escape(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (c == '\r' || !XmlConvert.IsXmlChar(c))
            {
                Append(escaped, c);
            }
            else if (c == '_' && IsEscapeAt(text, i))
            {
                Append(escaped, '_');
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    public static string Unescape(string text)
    {
        var first = text.IndexOf("_x", StringComparison.Ordinal);
        if (first < 0)
        {
            return text;
        }
        var plain = new StringBuilder(text.Length);
        plain.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (text[i] == '_' && IsEscapeAt(text, i))
            {
                plain.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                plain.Append(text[i]);
            }
        }
        return plain.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' || !XmlConvert.IsXmlChar(text[i]) || (text[i] == '_' && IsEscapeAt(text, i)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <c>_xHHHH_</c> starts at <paramref name="index"/>.</summary>
    private static bool IsEscapeAt(string text, int index) =>
        index + 6 < text.Length && text[index + 1] == 'x' && text[index + 6] == '_'
        && char.IsAsciiHexDigit(text[index + 2]) && char.IsAsciiHexDigit(text[index + 3])
        && char.IsAsciiHexDigit(text[index + 4]) && char.IsAsciiHexDigit(text[index + 5]);

    private static void Append(StringBuilder escaped, char c) =>
        escaped.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
}
