using System.Text;
using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>
/// Suggests which column feeds which field: header and field names are compared normalised (lower case, letters and
/// digits only, so "Due Date", "due_date" and "dueDate" meet), then through synonyms legacy tools use.
/// </summary>
public static class ColumnMapping
{
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["fullName"] = ["name", "fullname", "employeename", "personname", "displayname", "contactname"],
        ["name"] = ["vendorname", "suppliername", "company", "companyname", "vendor", "supplier"],
        ["email"] = ["mail", "emailaddress", "workemail", "e-mail"],
        ["contactEmail"] = ["email", "mail", "emailaddress", "contactmail"],
        ["phone"] = ["phonenumber", "telephone", "tel", "mobile", "mobilephone", "cell"],
        ["status"] = ["state", "implementationstatus", "currentstatus"],
        ["dueDate"] = ["due", "deadline", "targetdate", "duedate"],
        ["reference"] = ["ref", "requirementid", "requirementref", "clause", "article"],
        ["code"] = ["controlid", "controlcode", "controlref", "ref", "id"],
        ["title"] = ["name", "summary", "subject", "heading"],
        ["description"] = ["details", "notes", "desc"],
        ["owner"] = ["assignee", "responsible", "ownedby", "owneremail"],
        ["dateOfBirth"] = ["dob", "birthdate", "birthday"],
        ["startDate"] = ["hiredate", "joined", "startedon"],
        ["employeeId"] = ["employeenumber", "staffid", "personnelnumber"],
        ["jobTitle"] = ["title", "position", "role", "jobrole"],
        ["department"] = ["dept", "team", "unit"],
        ["country"] = ["countrycode", "nation"],
        ["homeAddress"] = ["address", "homeaddr", "streetaddress"],
        ["nationalId"] = ["ssn", "nationalidentifier", "nationalinsurancenumber"],
        ["website"] = ["url", "homepage", "web"],
        ["documentUrl"] = ["url", "link", "document"],
        ["likelihood"] = ["probability"],
        ["impact"] = ["severity", "consequence"],
        ["collectedOn"] = ["collected", "collectiondate", "date"],
        ["expiresOn"] = ["expiry", "expires", "expirydate"],
        ["performedOn"] = ["date", "assessedon", "performed"],
    };

    /// <summary>Letters and digits of <paramref name="name"/>, lower-cased.</summary>
    public static string Normalise(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            if (char.IsLetterOrDigit(character))
            {
                builder.Append(char.ToLowerInvariant(character));
            }
        }
        return builder.ToString();
    }

    /// <summary>Column → field for every column that names a field, each field taken at most once (exact names before synonyms).</summary>
    public static IReadOnlyDictionary<string, string> Suggest(CollectionSchema schema, IReadOnlyList<string> columns)
    {
        var mappable = schema.Fields.Where(IsMappable).ToList();
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        void Take(Func<string, FieldSpec, bool> matches)
        {
            foreach (var column in columns.Where(column => !mapping.ContainsKey(column)))
            {
                var normalised = Normalise(column);
                if (mappable.FirstOrDefault(field => !taken.Contains(field.Name) && matches(normalised, field)) is { } found)
                {
                    mapping[column] = found.Name;
                    taken.Add(found.Name);
                }
            }
        }
        Take((column, field) => column == Normalise(field.Name));
        Take((column, field) => Synonyms.TryGetValue(field.Name, out var names) && names.Select(Normalise).Contains(column));
        return mapping;
    }

    /// <summary>Custom fields are a map of their own and cannot come from one column.</summary>
    public static bool IsMappable(FieldSpec field) => field.Type != FieldType.CustomFields;

    /// <summary>Problems of a mapping against the schema and the file's columns (null when it is usable).</summary>
    public static Failure? Check(CollectionSchema schema, IReadOnlyDictionary<string, string> mapping, IReadOnlyList<string>? columns)
    {
        var errors = new FieldErrors();
        foreach (var (column, field) in mapping)
        {
            if (schema.Find(field) is not { } spec || !IsMappable(spec))
            {
                errors.Add($"mapping.{column}", $"'{field}' is not a field of {schema.Name} that an import can fill.");
            }
            else if (columns is not null && !columns.Contains(column, StringComparer.Ordinal))
            {
                errors.Add($"mapping.{column}", "The file has no such column.");
            }
        }
        foreach (var twice in mapping.GroupBy(pair => pair.Value, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            errors.Add($"mapping.{twice.Last().Key}", $"The field '{twice.Key}' is fed by more than one column.");
        }
        if (columns is not null)
        {
            foreach (var missing in schema.Fields.Where(field => field.Required && !mapping.Values.Contains(field.Name)))
            {
                errors.Add("mapping", $"No column feeds the required field '{missing.Name}'.");
            }
        }
        return errors.Any ? new Failure(FailureKind.Validation, "import-mapping-invalid", "The column mapping does not fit the file or the collection.", errors.ToDictionary()) : null;
    }
}
