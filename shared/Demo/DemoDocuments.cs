using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bogus;
using DataGovernance.Records;

namespace DataGovernance.Demo;

/// <summary>Builds the demo documents deterministically; only the ids of records created earlier are passed in.</summary>
internal sealed partial class DemoDocuments(DateOnly today)
{
    private const int Seed = 20261124;
    private const int AssessmentCount = 50;
    private const int EvidenceCount = 60;
    private const int PeopleCount = 110;
    private const int VendorCount = 30;
    private static readonly string[] EeaCountries = ["AT", "DE", "ES", "FR", "IE", "NL"];
    private static readonly float[] CountryWeights = [.. DemoCatalog.Countries.Select(country => country.Weight)];
    private static readonly string[] DataCategories = [.. Collections.Find(Collections.Vendors)!.Find("dataCategories")!.Values!];

    public IReadOnlyList<JsonElement> Requirements()
    {
        var random = new Randomizer(Seed + 1);
        return [.. DemoCatalog.Requirements.Select(entry =>
        {
            var status = random.WeightedRandom(["implemented", "in-progress", "not-started", "not-applicable"], [0.45f, 0.3f, 0.17f, 0.08f]);
            return ToElement(new JsonObject
            {
                ["framework"] = entry.Framework,
                ["reference"] = entry.Reference,
                ["title"] = entry.Title,
                ["status"] = status,
                ["owner"] = random.ArrayElement(DemoCatalog.Owners),
                ["tags"] = List([entry.Framework, entry.Theme]),
                ["dueDate"] = status is "in-progress" or "not-started" ? Date(today.AddDays(random.Number(-30, 240))) : null,
            });
        })];
    }

    public static IReadOnlyList<JsonElement> Controls(IReadOnlyList<string> requirementIds)
    {
        var byReference = Index(DemoCatalog.Requirements.Select(entry => entry.Reference), requirementIds);
        var random = new Randomizer(Seed + 2);
        return [.. DemoCatalog.Controls.Select(entry => ToElement(new JsonObject
        {
            ["code"] = entry.Code,
            ["title"] = entry.Title,
            ["status"] = random.WeightedRandom(["operating", "implemented", "designed", "draft", "retired"], [0.55f, 0.2f, 0.13f, 0.08f, 0.04f]),
            ["frequency"] = entry.Frequency,
            ["automated"] = entry.Automated,
            ["owner"] = random.ArrayElement(DemoCatalog.Owners),
            ["requirementIds"] = List(entry.Requirements.Select(reference => byReference[reference])),
        }))];
    }

    public IReadOnlyList<(string Collection, IReadOnlyList<JsonElement> Documents)> Linked(
        IReadOnlyList<string> requirementIds, IReadOnlyList<string> controlIds) =>
    [
        (Collections.Assessments, Assessments(controlIds)),
        (Collections.Evidence, Evidence(requirementIds, controlIds)),
        (Collections.Risks, Risks(controlIds)),
        (Collections.Policies, Policies()),
        (Collections.People, People()),
        (Collections.Vendors, Vendors()),
    ];

    private List<JsonElement> Assessments(IReadOnlyList<string> controlIds)
    {
        var random = new Randomizer(Seed + 3);
        return [.. random.Shuffle(Enumerable.Range(0, controlIds.Count)).Take(AssessmentCount)
            .Select(index => Assessment(DemoCatalog.Controls[index], controlIds[index], random))];
    }

    private JsonElement Assessment(ControlEntry control, string controlId, Randomizer random)
    {
        var status = random.WeightedRandom(["planned", "in-progress", "passed", "failed", "not-applicable"], [0.08f, 0.1f, 0.6f, 0.18f, 0.04f]);
        (int? PerformedAgo, int? Score, string? Findings) outcome = status switch
        {
            "passed" => (random.Number(7, 330), random.Number(80, 100), random.ArrayElement(DemoCatalog.PassedFindings)),
            "failed" => (random.Number(7, 330), random.Number(35, 69), random.ArrayElement(DemoCatalog.FailedFindings)),
            "in-progress" => (random.Number(1, 14), null, "Fieldwork in progress; sample selected."),
            "not-applicable" => (random.Number(30, 200), null, "Control is out of scope for the current audit period."),
            _ => (null, null, null),
        };
        return ToElement(new JsonObject
        {
            ["title"] = $"{control.Code} {control.Title}: effectiveness test",
            ["controlId"] = controlId,
            ["assessor"] = random.ArrayElement(DemoCatalog.Assessors),
            ["status"] = status,
            ["owner"] = random.ArrayElement(DemoCatalog.Owners),
            ["performedOn"] = outcome.PerformedAgo is { } days ? Date(today.AddDays(-days)) : null,
            ["score"] = outcome.Score,
            ["findings"] = outcome.Findings,
        });
    }

    private List<JsonElement> Evidence(IReadOnlyList<string> requirementIds, IReadOnlyList<string> controlIds)
    {
        var byReference = Index(DemoCatalog.Requirements.Select(entry => entry.Reference), requirementIds);
        var random = new Randomizer(Seed + 4);
        return [.. Enumerable.Range(1, EvidenceCount)
            .Select(number => EvidenceItem(number, random.Number(0, controlIds.Count - 1), controlIds, byReference, random))];
    }

    private JsonElement EvidenceItem(
        int number, int index, IReadOnlyList<string> controlIds, Dictionary<string, string> requirementIds, Randomizer random)
    {
        var control = DemoCatalog.Controls[index];
        var artifact = random.ArrayElement(DemoCatalog.Artifacts);
        var collected = today.AddDays(-random.Number(3, 480));
        var expires = collected.AddYears(1);
        return ToElement(new JsonObject
        {
            ["title"] = $"{control.Title}: {artifact.Label.ToLowerInvariant()}",
            ["status"] = expires < today ? "expired" : random.WeightedRandom(["accepted", "pending", "rejected"], [0.75f, 0.18f, 0.07f]),
            ["owner"] = random.ArrayElement(DemoCatalog.Owners),
            ["controlIds"] = List([controlIds[index]]),
            ["requirementIds"] = List(control.Requirements.Select(reference => requirementIds[reference])),
            ["collectedOn"] = Date(collected),
            ["effectiveFrom"] = Date(collected),
            ["expiresOn"] = Date(expires),
            ["fileName"] = $"{Slug(control.Code)}-{Slug(artifact.Label)}-{collected.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.{artifact.Extension}",
            ["contentType"] = artifact.ContentType,
            ["sizeBytes"] = random.Number(18_000, 4_500_000),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"northwind-health-demo/evidence/{number}/{control.Code}"))),
        });
    }

    private static List<JsonElement> Risks(IReadOnlyList<string> controlIds)
    {
        var byCode = Index(DemoCatalog.Controls.Select(entry => entry.Code), controlIds);
        var random = new Randomizer(Seed + 5);
        return [.. DemoCatalog.Risks.Select(entry =>
        {
            var status = random.WeightedRandom(["identified", "assessed", "mitigating", "accepted", "closed"], [0.1f, 0.25f, 0.4f, 0.15f, 0.1f]);
            return ToElement(new JsonObject
            {
                ["title"] = entry.Title,
                ["status"] = status,
                ["likelihood"] = random.Number(1, 5),
                ["impact"] = random.Number(2, 5),
                ["treatment"] = status == "accepted" ? "accept" : random.WeightedRandom(["mitigate", "transfer", "avoid"], [0.8f, 0.12f, 0.08f]),
                ["owner"] = random.ArrayElement(DemoCatalog.Owners),
                ["controlIds"] = List(entry.Controls.Select(code => byCode[code])),
            });
        })];
    }

    private List<JsonElement> Policies()
    {
        var random = new Randomizer(Seed + 6);
        return [.. DemoCatalog.Policies.Select(title =>
        {
            var status = random.WeightedRandom(["approved", "in-review", "draft", "retired"], [0.74f, 0.13f, 0.08f, 0.05f]);
            var approved = today.AddDays(-random.Number(20, 420));
            return ToElement(new JsonObject
            {
                ["title"] = title,
                ["policyVersion"] = string.Create(CultureInfo.InvariantCulture, $"{random.Number(1, 4)}.{random.Number(0, 5)}"),
                ["status"] = status,
                ["owner"] = random.ArrayElement(DemoCatalog.Owners),
                ["approvedOn"] = status == "draft" ? null : Date(approved),
                ["reviewDue"] = status == "draft" ? null : Date(approved.AddYears(1)),
                ["documentUrl"] = $"https://intranet.{DemoCatalog.Domain}/policies/{Slug(title)}",
            });
        })];
    }

    private List<JsonElement> People()
    {
        var random = new Randomizer(Seed + 7);
        var fakers = Fakers(Seed + 100);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        return [.. Enumerable.Range(1, PeopleCount)
            .Select(number => Person(number, random.WeightedRandom(DemoCatalog.Countries, CountryWeights), fakers, emails))];
    }

    private JsonElement Person(int number, CountryProfile country, Dictionary<string, Faker> fakers, HashSet<string> emails)
    {
        var faker = fakers[country.Code];
        var (first, last) = (faker.Name.FirstName(), faker.Name.LastName());
        var contractor = number % 9 == 0;
        var department = faker.Random.ArrayElement(DemoCatalog.Departments);
        return ToElement(new JsonObject
        {
            ["fullName"] = $"{first} {last}",
            ["email"] = $"{Unique($"{Slug(first, "")}.{Slug(last, "")}", emails)}@{(contractor ? "ext." : "")}{DemoCatalog.Domain}",
            ["phone"] = faker.Random.Replace(country.PhoneFormat),
            ["employeeId"] = (contractor ? "EXT-" : "NWH-") + number.ToString("00000", CultureInfo.InvariantCulture),
            ["department"] = department.Name,
            ["jobTitle"] = faker.Random.ArrayElement(department.JobTitles),
            ["country"] = country.Code,
            ["status"] = contractor ? "contractor" : faker.Random.WeightedRandom(["active", "on-leave", "former"], [0.87f, 0.05f, 0.08f]),
            ["dateOfBirth"] = Date(today.AddDays(-faker.Random.Number(24 * 365, 63 * 365))),
            ["startDate"] = Date(today.AddDays(-faker.Random.Number(20, 6 * 365))),
            ["nationalId"] = faker.Random.Replace(country.NationalIdFormat),
            ["homeAddress"] = country.Address(faker),
            ["owner"] = DemoCatalog.Owners[^1],
        });
    }

    private static List<JsonElement> Vendors()
    {
        var random = new Randomizer(Seed + 8);
        var fakers = Fakers(Seed + 200);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, VendorCount).Select(_ => Vendor(random.WeightedRandom(DemoCatalog.Countries, CountryWeights).Code, fakers, slugs))];
    }

    private static JsonElement Vendor(string country, Dictionary<string, Faker> fakers, HashSet<string> slugs)
    {
        var faker = fakers[country];
        var name = faker.Company.CompanyName();
        var domain = $"{Unique(Slug(name), slugs)}.example";
        return ToElement(new JsonObject
        {
            ["name"] = name,
            ["country"] = country,
            ["status"] = faker.Random.WeightedRandom(["active", "onboarding", "under-review", "offboarded"], [0.7f, 0.1f, 0.12f, 0.08f]),
            ["criticality"] = faker.Random.WeightedRandom(["low", "medium", "high", "critical"], [0.25f, 0.4f, 0.25f, 0.1f]),
            ["dataCategories"] = List(faker.Random.ArrayElements(DataCategories, faker.Random.Number(1, 4))),
            ["transferMechanism"] = EeaCountries.Contains(country) ? "none"
                : country is "CH" or "GB" ? "adequacy"
                : faker.Random.ArrayElement(["adequacy", "scc"]),
            ["website"] = $"https://www.{domain}",
            ["contactEmail"] = $"privacy@{domain}",
            ["owner"] = DemoCatalog.Owners[0],
        });
    }

    private static Dictionary<string, Faker> Fakers(int seed) =>
        DemoCatalog.Countries.Select((country, index) => KeyValuePair.Create(country.Code, country.Faker(seed + index))).ToDictionary(StringComparer.Ordinal);

    private static string Unique(string candidate, HashSet<string> taken)
    {
        var unique = candidate;
        for (var suffix = 2; !taken.Add(unique); suffix++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{candidate}{suffix}");
        }
        return unique;
    }

    /// <summary>Lower-case ASCII letters and digits; every other run of characters becomes <paramref name="separator"/>.</summary>
    private static string Slug(string text, string separator = "-")
    {
        var folded = text.ToLowerInvariant()
            .Replace("ä", "ae", StringComparison.Ordinal).Replace("ö", "oe", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);
        var ascii = new string([.. folded.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]);
        var slug = NonAlphanumeric().Replace(ascii, separator).Trim('-');
        return slug.Length > 0 ? slug : "x";
    }

    private static Dictionary<string, string> Index(IEnumerable<string> keys, IReadOnlyList<string> ids) =>
        keys.Zip(ids).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

    private static JsonArray List(IEnumerable<string> items) => [.. items.Distinct(StringComparer.Ordinal).Select(item => JsonValue.Create(item))];

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Drops null-valued fields so that a document holds only the fields it uses.</summary>
    private static JsonElement ToElement(JsonObject document)
    {
        foreach (var name in document.Where(property => property.Value is null).Select(property => property.Key).ToList())
        {
            document.Remove(name);
        }
        return JsonSerializer.SerializeToElement(document);
    }

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonAlphanumeric();
}
