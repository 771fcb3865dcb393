using System.Text;
using ClosedXML.Excel;
using DataGovernance.Exports;
using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>Empty files to fill in for a collection: a header row with the fields an import can fill, as CSV or XLSX.</summary>
public static class ImportTemplates
{
    public const string CsvContentType = SafeCsv.MediaType;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<FieldSpec> Fields(CollectionSchema schema) => [.. schema.Fields.Where(ColumnMapping.IsMappable)];

    public static async Task<byte[]> CsvAsync(CollectionSchema schema, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = SafeCsv.Create(buffer))
        {
            writer.WriteHeader([.. Fields(schema).Select(field => field.Name)]);
            await writer.FlushAsync(cancellationToken);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. buffer.ToArray()];
    }

    /// <summary>An XLSX with the header row; enum columns offer their values as a drop-down list (from a hidden sheet).</summary>
    public static byte[] Xlsx(CollectionSchema schema)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(schema.Title);
        var values = workbook.Worksheets.Add("values");
        var fields = Fields(schema);
        for (var index = 0; index < fields.Count; index++)
        {
            var field = fields[index];
            var column = index + 1;
            sheet.Cell(1, column).Value = field.Name;
            sheet.Cell(1, column).Style.Font.Bold = true;
            if (field.Type == FieldType.Date)
            {
                sheet.Column(column).Style.NumberFormat.Format = "yyyy-mm-dd";
            }
            if (field.Type == FieldType.Enum && field.Values is { Count: > 0 } allowed)
            {
                for (var row = 0; row < allowed.Count; row++)
                {
                    values.Cell(row + 1, column).Value = allowed[row];
                }
                sheet.Range(2, column, 10_000, column).SetDataValidation().List(values.Range(1, column, allowed.Count, column), true);
            }
        }
        values.Hide();
        sheet.SheetView.FreezeRows(1);
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }
}
