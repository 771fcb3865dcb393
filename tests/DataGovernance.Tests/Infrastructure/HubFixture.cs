using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using DataGovernance.Functions.Identity;
using DataGovernance.Security;
using Xunit;

[assembly: AssemblyFixture(typeof(DataGovernance.Tests.Infrastructure.HubFixture))]

namespace DataGovernance.Tests.Infrastructure;

/// <summary>
/// Shared by the whole test assembly: two Azurite processes (primary and secondary region), the local Entra
/// issuer, and the hub on Kestrel wired to them. Tests isolate themselves by creating their own tenants.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    public const string PlatformDirectoryId = "00000000-0000-4000-8000-00000000beef";

    public static readonly string DevSigningKey = Convert.ToBase64String("test-only-dev-signing-key-of-32-bytes+"u8.ToArray());

    public static readonly string AccountSigningKey = Convert.ToBase64String("test-only-account-token-key-of-32-bytes"u8.ToArray());

    public static readonly string MfaEncryptionKey = Convert.ToBase64String("test-only-mfa-encryption-key-32b"u8.ToArray());

    public static readonly string PseudonymKey = Convert.ToBase64String("test-only-erasure-pseudonym-key-32b"u8.ToArray());

    public static readonly string DownloadSigningKey = Convert.ToBase64String("test-only-download-link-signing-key"u8.ToArray());
    public static readonly string SubjectIndexKey = Convert.ToBase64String("test-only-subject-index-key-32by"u8.ToArray());

    public AzuriteProcess Primary { get; private set; } = null!;

    public AzuriteProcess Secondary { get; private set; } = null!;

    public FakeEntraIssuer Entra { get; private set; } = null!;

    public HubApplication App { get; private set; } = null!;

    public Uri BaseAddress => App.ClientOptions.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        var primary = AzuriteProcess.StartAsync("primary");
        var secondary = AzuriteProcess.StartAsync("secondary");
        var entra = FakeEntraIssuer.StartAsync();
        (Primary, Secondary, Entra) = (await primary, await secondary, await entra);
        App = new HubApplication(Settings(Primary.ConnectionString, Secondary.ConnectionString));
        App.StartServer();
    }

    /// <summary>Settings the hub reads, under the names of local.settings.sample.json.</summary>
    public Dictionary<string, string?> Settings(string primary, string secondary) => new()
    {
        ["AzureWebJobsStorage"] = primary,
        ["Hub:SecondaryStorage"] = secondary,
        ["Hub:DevAuth:Enabled"] = "true",
        ["Hub:DevAuth:SigningKey"] = DevSigningKey,
        ["Hub:Accounts:TokenSigningKey"] = AccountSigningKey,
        ["Hub:Entra:Authority"] = Entra.Authority,
        ["Hub:Entra:Audience"] = FakeEntraIssuer.Audience,
        ["Hub:Entra:PlatformDirectoryId"] = PlatformDirectoryId,
        ["Hub:Backup:ApprovalTimeout"] = "00:00:20",
        ["Hub:Backup:ReplacedGenerationGrace"] = "00:00:02",
        ["Hub:Signing:GenerateDevelopmentKey"] = "true",
        ["Hub:Mfa:SecretEncryptionKey"] = MfaEncryptionKey,
        ["Hub:Erasure:PseudonymKey"] = PseudonymKey,
        // Small, so that the evidence file tests reach the limit with a small upload.
        ["Hub:EvidenceFiles:MaxFileBytes"] = "1048576",
        ["Hub:Downloads:SigningKey"] = DownloadSigningKey,
        ["Hub:Classification:SubjectIndexKey"] = SubjectIndexKey,
        // Often, so that the delegation tests see expired delegations ended within seconds.
        ["Hub:Team:DelegationExpirySchedule"] = "*/2 * * * * *",
        // Often, so that the privacy request tests see deadline alerts within seconds.
        ["Hub:PrivacyRequests:DeadlineCheckSchedule"] = "*/2 * * * * *",
        // Once a year, so that no scheduled run deletes what a test looks at; the retention tests start runs themselves.
        // Small batches, so that their runs page through collections.
        ["Hub:Retention:Schedule"] = "0 0 0 1 1 *",
        ["Hub:Retention:BatchSize"] = "10",
        // Small, so that the import tests meet the size and row limits with small files; a short grace, so that import
        // orchestrations end soon after they switched generations.
        ["Hub:Imports:MaxUploadBytes"] = "4194304",
        ["Hub:Imports:MaxRows"] = "5000",
        ["Hub:Imports:ReplacedGenerationGrace"] = "00:00:02",
        // Generous, so that no test other than the rate limit tests meets a limit; those set small ones per tenant.
        ["Hub:RateLimits:MaxRequestsPerSecond"] = "100000",
        ["Hub:RateLimits:MaxBurst"] = "100000",
        ["Hub:RateLimits:DefaultRequestsPerSecond"] = "100000",
        ["Hub:RateLimits:DefaultBurst"] = "100000",
        ["Hub:RateLimits:MaxApiKeyRequestsPerSecond"] = "100000",
        ["Hub:RateLimits:MaxApiKeyBurst"] = "100000",
        ["Hub:RateLimits:DefaultApiKeyRequestsPerSecond"] = "100000",
        ["Hub:RateLimits:DefaultApiKeyBurst"] = "100000",
        // Every test signs in from 127.0.0.1: per-IP lockout is proved with other addresses at the service level.
        ["Hub:SignInProtection:IpFailureThreshold"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public HttpClient Anonymous() => App.CreateClient();

    public HttpClient WithBearer(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient WithApiKey(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static string DevToken(string? tenantId, string userId, params Role[] roles) =>
        DevTokens.Create(new DevAuthOptions { Enabled = true, SigningKey = DevSigningKey }, userId, tenantId, roles, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>A development token whose sign-in did not use a second factor (no <c>mfa</c> in <c>amr</c>).</summary>
    public static string DevTokenWithoutMfa(string? tenantId, string userId, params Role[] roles) =>
        DevTokens.Create(new DevAuthOptions { Enabled = true, SigningKey = DevSigningKey }, userId, tenantId, roles, DateTimeOffset.UtcNow,
            TimeSpan.FromHours(1), mfa: false);

    public HttpClient TenantClient(string tenantId, params Role[] roles) =>
        WithBearer(DevToken(tenantId, $"user-{string.Join("-", roles)}".ToLowerInvariant(), roles));

    public HttpClient PlatformAdmin() => WithBearer(DevToken(null, "platform-admin", Role.PlatformAdmin));

    public TableClient PrimaryTable(string name) => new TableServiceClient(Primary.ConnectionString).GetTableClient(name);

    /// <summary>Creates a fresh tenant through the admin API and returns its id.</summary>
    public Task<string> CreateTenantAsync(string? entraDirectoryId = null, string dataResidency = "eu") =>
        CreateTenantThroughAsync(PlatformAdmin(), entraDirectoryId, dataResidency);

    /// <summary>Creates a fresh tenant through the admin API of the hub <paramref name="admin"/> talks to (and disposes it).</summary>
    public static async Task<string> CreateTenantThroughAsync(HttpClient admin, string? entraDirectoryId = null, string dataResidency = "eu")
    {
        var tenantId = $"t-{Guid.NewGuid():N}"[..20];
        using var _ = admin;
        var response = await admin.PostAsJsonAsync("/api/admin/tenants", new
        {
            id = tenantId,
            name = "Contoso Compliance",
            dataResidency,
            timeZone = "Europe/Berlin",
            locale = "de-DE",
            entraDirectoryId,
        });
        response.EnsureSuccessStatusCode();
        return tenantId;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        foreach (var disposable in new IAsyncDisposable?[] { Entra, Secondary, Primary })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
