using static DataGovernance.Records.FieldType;

namespace DataGovernance.Records;

/// <summary>The compliance record collections a tenant keeps (ARCHITECTURE §5) and their schemas.</summary>
public static class Collections
{
    public const string Requirements = "requirements";
    public const string Controls = "controls";
    public const string Assessments = "assessments";
    public const string Evidence = "evidence";
    public const string Risks = "risks";
    public const string Policies = "policies";
    public const string People = "people";
    public const string Vendors = "vendors";

    public static readonly IReadOnlyList<string> Frameworks = ["soc2", "iso27001", "gdpr", "ccpa", "hipaa", "nist-csf"];

    private static readonly CollectionSchema[] Schemas =
    [
        Schema(Requirements, "Requirement",
            new("framework", FieldType.Enum, Required: true, Values: Frameworks),
            new("reference", Text, Required: true, MaxLength: 32),
            new("title", Text, Required: true),
            new("description", Text, MaxLength: 4000),
            Status(["not-started", "in-progress", "implemented", "not-applicable"]),
            new("dueDate", Date),
            new("controlIds", TextList, MaxLength: 64, MaxItems: 100),
            new("tags", TextList, MaxLength: 50, MaxItems: 20)),
        Schema(Controls, "Control",
            new("code", Text, Required: true, MaxLength: 32),
            new("title", Text, Required: true),
            new("description", Text, MaxLength: 4000),
            Status(["draft", "designed", "implemented", "operating", "retired"]),
            new("frequency", FieldType.Enum, Values: ["continuous", "daily", "weekly", "monthly", "quarterly", "annually"]),
            new("automated", FieldType.Boolean),
            new("requirementIds", TextList, MaxLength: 64, MaxItems: 100)),
        Schema(Assessments, "Assessment",
            new("title", Text, Required: true),
            new("controlId", Text, MaxLength: 64),
            new("assessor", Text, MaxLength: 200),
            Status(["planned", "in-progress", "passed", "failed", "not-applicable"]),
            new("performedOn", Date),
            new("score", WholeNumber, Min: 0, Max: 100),
            new("findings", Text, MaxLength: 4000)),
        Schema(Evidence, "Evidence",
            new("title", Text, Required: true),
            Status(["pending", "accepted", "rejected", "expired"]),
            new("controlIds", TextList, MaxLength: 64, MaxItems: 100),
            new("requirementIds", TextList, MaxLength: 64, MaxItems: 100),
            new("collectedOn", Date, Required: true),
            new("effectiveFrom", Date),
            new("expiresOn", Date),
            new("fileName", Text, MaxLength: 255),
            new("contentType", Text, MaxLength: 100),
            new("sizeBytes", WholeNumber, Min: 0),
            new("sha256", Sha256)),
        Schema(Risks, "Risk",
            new("title", Text, Required: true),
            new("description", Text, MaxLength: 4000),
            Status(["identified", "assessed", "mitigating", "accepted", "closed"]),
            new("likelihood", WholeNumber, Required: true, Min: 1, Max: 5),
            new("impact", WholeNumber, Required: true, Min: 1, Max: 5),
            new("treatment", FieldType.Enum, Values: ["mitigate", "accept", "transfer", "avoid"]),
            new("controlIds", TextList, MaxLength: 64, MaxItems: 100)),
        Schema(Policies, "Policy",
            new("title", Text, Required: true),
            new("policyVersion", Text, MaxLength: 20),
            Status(["draft", "in-review", "approved", "retired"]),
            new("approvedOn", Date),
            new("reviewDue", Date),
            new("documentUrl", Url, MaxLength: 2048)),
        Schema(People, "Person",
            new("fullName", Text, Required: true),
            new("email", Email, Required: true, MaxLength: 254),
            new("phone", Text, MaxLength: 32),
            new("employeeId", Text, MaxLength: 64),
            new("department", Text, MaxLength: 100),
            new("jobTitle", Text, MaxLength: 100),
            new("country", CountryCode),
            Status(["active", "on-leave", "contractor", "former"]),
            new("dateOfBirth", Date),
            new("startDate", Date),
            new("nationalId", Text, MaxLength: 32, Restricted: true),
            new("homeAddress", Text, MaxLength: 500)),
        Schema(Vendors, "Vendor",
            new("name", Text, Required: true),
            new("country", CountryCode, Required: true),
            Status(["onboarding", "active", "under-review", "offboarded"]),
            new("criticality", FieldType.Enum, Values: ["low", "medium", "high", "critical"]),
            new("dataCategories", EnumList, MaxItems: 20,
                Values: ["contact", "identity", "financial", "health", "employment", "location", "usage", "biometric"]),
            new("transferMechanism", FieldType.Enum, Values: ["none", "adequacy", "scc", "bcr", "derogation"]),
            new("website", Url, MaxLength: 2048),
            new("contactEmail", Email, MaxLength: 254)),
    ];

    private static readonly Dictionary<string, CollectionSchema> ByName = Schemas.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static IReadOnlyList<CollectionSchema> All => Schemas;

    public static IEnumerable<string> Names => Schemas.Select(schema => schema.Name);

    public static CollectionSchema? Find(string name) => ByName.GetValueOrDefault(name);

    private static FieldSpec Status(IReadOnlyList<string> values) => new(RecordFields.Status, FieldType.Enum, Required: true, Values: values);

    private static CollectionSchema Schema(string name, string title, params FieldSpec[] fields) =>
        new(name, title, [.. fields, new(RecordFields.Owner, Text, MaxLength: 200), new(RecordFields.CustomFields, CustomFields, MaxLength: 1000, MaxItems: 50)]);
}
