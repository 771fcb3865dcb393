using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Bogus;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Workbench;

/// <summary>
/// A tenant filled with generated, schema-shaped records spread over every collection. The rows go straight into
/// the live generation of the Records table in parallel batches (the write path's one-commit-at-a-time head would
/// make seeding 200,000 records take longer than the measurements); one last record goes through the record
/// service, so the tenant has a head and a change log like any other.
/// </summary>
public static class GeneratedTenant
{
    private const int Parallelism = 8;
    private const int RowsPerTransaction = 100;
    private static readonly WriteContext Context = new(Actor.System("bench-seed"), "bench-seed");

    private static readonly (string Collection, double Share)[] Mix =
    [
        (Collections.People, 0.30), (Collections.Evidence, 0.20), (Collections.Assessments, 0.15), (Collections.Controls, 0.10),
        (Collections.Risks, 0.08), (Collections.Requirements, 0.07), (Collections.Vendors, 0.05), (Collections.Policies, 0.05),
    ];

    public static async Task SeedAsync(IServiceProvider services, HubStorage storage, string tenantId, int count, CancellationToken cancellationToken)
    {
        var tenant = await services.GetRequiredService<TenantService>().CreateAsync(
            new NewTenantRequest(tenantId, "Bench Tenant", "eu", "Europe/Berlin", "en-GB", new BrandingColors("#0B5D7A", "#F2A541"), null), cancellationToken);
        if (!tenant.Succeeded)
        {
            throw new InvalidOperationException($"Creating tenant {tenantId} failed: {tenant.Failure.Detail}");
        }
        var table = storage.Primary.Table(StorageNames.RecordsTable);
        var generation = (await services.GetRequiredService<RecordStore>().GetHeadAsync(tenantId, cancellationToken)).Generation;
        var batches = Records(count - 1).Chunk(RowsPerTransaction);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (batch, token) =>
            await table.SubmitTransactionAsync(batch.Select(record => new TableTransactionAction(TableTransactionActionType.Add, RecordRows.ToEntity(tenantId, generation, record))), token));
        var last = await services.GetRequiredService<RecordService>().CreateAsync(tenantId, Collections.Controls, Document(Collections.Controls, new Faker { Random = new Randomizer(1) }), Context, cancellationToken);
        if (!last.Succeeded)
        {
            throw new InvalidOperationException($"Creating a record failed: {last.Failure.Detail}");
        }
    }

    /// <summary>Adds <paramref name="count"/> controls through the record service, as users would (change log included).</summary>
    public static async Task AddThroughServiceAsync(IServiceProvider services, string tenantId, int count, CancellationToken cancellationToken)
    {
        var faker = new Faker { Random = new Randomizer(2) };
        var recordService = services.GetRequiredService<RecordService>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(RecordStore.MaxWritesPerCommit))
        {
            var created = await recordService.CreateManyAsync(tenantId, Collections.Controls, [.. batch.Select(_ => Document(Collections.Controls, faker))], Context, cancellationToken);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Creating records failed: {created.Failure.Detail}");
            }
        }
    }

    /// <summary>Deterministic records, collection by collection in the proportions of <see cref="Mix"/>.</summary>
    public static IEnumerable<Record> Records(int count)
    {
        var faker = new Faker { Random = new Randomizer(20261124) };
        var createdAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var made = 0;
        for (var index = 0; index < Mix.Length; index++)
        {
            var (collection, share) = Mix[index];
            var inCollection = index == Mix.Length - 1 ? count - made : (int)(count * share);
            for (var i = 0; i < inCollection; i++, made++)
            {
                var at = createdAt.AddSeconds(made);
                var actor = $"user-{faker.Random.Number(1, 40)}";
                yield return new Record(Guid.CreateVersion7(at).ToString("N"), collection, faker.Random.Number(1, 6), Document(collection, faker), at, actor, at.AddDays(faker.Random.Number(0, 300)), actor);
            }
        }
    }

    private static JsonElement Document(string collection, Faker faker)
    {
        var document = new JsonObject
        {
            ["owner"] = faker.Internet.Email(),
            ["status"] = faker.PickRandom(Collections.Find(collection)!.Status.Values!.ToArray()),
        };
        foreach (var (name, value) in Fields(collection, faker))
        {
            document[name] = value;
        }
        return JsonSerializer.SerializeToElement(document);
    }

    private static IEnumerable<(string, JsonNode?)> Fields(string collection, Faker faker) => collection switch
    {
        Collections.People =>
        [
            ("fullName", faker.Name.FullName()), ("email", faker.Internet.Email()), ("phone", faker.Phone.PhoneNumber("+49 ### #######")),
            ("employeeId", $"E{faker.Random.Number(10000, 99999)}"), ("department", faker.Commerce.Department()), ("jobTitle", faker.Name.JobTitle()),
            ("country", faker.PickRandom("DE", "FR", "NL", "IE", "ES", "US", "GB")), ("startDate", Date(faker.Date.Past(10))),
            ("homeAddress", faker.Address.FullAddress()),
        ],
        Collections.Evidence =>
        [
            ("title", faker.Lorem.Sentence(6)), ("collectedOn", Date(faker.Date.Past(2))), ("expiresOn", Date(faker.Date.Future(1))),
            ("fileName", faker.System.FileName("pdf")), ("contentType", "application/pdf"), ("sizeBytes", faker.Random.Number(18_000, 4_500_000)),
            ("sha256", faker.Random.Hexadecimal(64, "")), ("controlIds", new JsonArray(faker.Random.Guid().ToString("N"))),
        ],
        Collections.Assessments =>
        [
            ("title", faker.Lorem.Sentence(5)), ("controlId", faker.Random.Guid().ToString("N")), ("assessor", faker.Company.CompanyName()),
            ("performedOn", Date(faker.Date.Past(1))), ("score", faker.Random.Number(0, 100)), ("findings", faker.Lorem.Paragraph(3)),
        ],
        Collections.Controls =>
        [
            ("code", $"CTL-{faker.Random.Number(1, 999):000}"), ("title", faker.Lorem.Sentence(6)), ("description", faker.Lorem.Paragraph(2)),
            ("frequency", faker.PickRandom("continuous", "daily", "weekly", "monthly", "quarterly", "annually")), ("automated", faker.Random.Bool()),
        ],
        Collections.Risks =>
        [
            ("title", faker.Lorem.Sentence(5)), ("description", faker.Lorem.Paragraph(2)), ("likelihood", faker.Random.Number(1, 5)),
            ("impact", faker.Random.Number(1, 5)), ("treatment", faker.PickRandom("mitigate", "accept", "transfer", "avoid")),
        ],
        Collections.Requirements =>
        [
            ("framework", faker.PickRandom(Collections.Frameworks.ToArray())), ("reference", $"{faker.Random.Number(1, 20)}.{faker.Random.Number(1, 9)}"),
            ("title", faker.Lorem.Sentence(7)), ("description", faker.Lorem.Paragraph(2)), ("tags", new JsonArray(faker.Lorem.Word(), faker.Lorem.Word())),
        ],
        Collections.Vendors =>
        [
            ("name", faker.Company.CompanyName()), ("country", faker.PickRandom("DE", "FR", "US", "IE")), ("criticality", faker.PickRandom("low", "medium", "high", "critical")),
            ("website", faker.Internet.Url()), ("contactEmail", faker.Internet.Email()),
        ],
        _ => [("title", faker.Lorem.Sentence(4)), ("policyVersion", $"{faker.Random.Number(1, 5)}.{faker.Random.Number(0, 9)}"), ("reviewDue", Date(faker.Date.Future(1)))],
    };

    private static string Date(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
