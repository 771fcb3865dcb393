using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Reads a tenant's state through the API as the platform admin, to prove that refused requests changed nothing.</summary>
public static class TenantProbe
{
    public static readonly object Control = new { code = "AC-01", title = "Quarterly access review", status = "implemented", owner = "owner-1" };

    public static IReadOnlyList<string> TenantScopes { get; } =
        Enum.GetValues<Permission>().Where(permission => permission.IsGrantableToApiKeys()).Select(permission => permission.ToScope()).ToArray();

    public static async Task<TenantState> StateAsync(this HubFixture hub, string tenantId)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = hub.PlatformAdmin();
        var settings = await (await admin.GetAsync($"/api/tenants/{tenantId}/settings/general", ct)).ExpectAsync(HttpStatusCode.OK);
        var records = await (await admin.GetAsync($"/api/tenants/{tenantId}/records/controls?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var keys = await (await admin.GetAsync($"/api/tenants/{tenantId}/settings/api-keys", ct)).ExpectAsync(HttpStatusCode.OK);
        var team = await (await admin.GetAsync($"/api/tenants/{tenantId}/team/role-assignments", ct)).ExpectAsync(HttpStatusCode.OK);
        var departments = await (await admin.GetAsync($"/api/tenants/{tenantId}/team/departments", ct)).ExpectAsync(HttpStatusCode.OK);
        var delegations = await (await admin.GetAsync($"/api/tenants/{tenantId}/team/delegations", ct)).ExpectAsync(HttpStatusCode.OK);
        var activities = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/processing-activities?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var consents = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/consents?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var privacyRequests = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/requests?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var dpias = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/dpias?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var crossBorder = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/cross-border", ct)).ExpectAsync(HttpStatusCode.OK);
        var classificationMap = await (await admin.GetAsync($"/api/tenants/{tenantId}/classification/map", ct)).ExpectAsync(HttpStatusCode.OK);
        var legalHolds = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/legal-holds?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var retentionPolicies = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/retention-policies?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var retentionRuns = await (await admin.GetAsync($"/api/tenants/{tenantId}/privacy/retention-runs?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var reportSchedules = await (await admin.GetAsync($"/api/tenants/{tenantId}/reports/schedules?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var evidencePackages = await (await admin.GetAsync($"/api/tenants/{tenantId}/evidence-packages?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var evidence = await (await admin.GetAsync($"/api/tenants/{tenantId}/records/evidence?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var views = await (await admin.GetAsync($"/api/tenants/{tenantId}/views?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var exports = await (await admin.GetAsync($"/api/tenants/{tenantId}/exports?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var imports = await (await admin.GetAsync($"/api/tenants/{tenantId}/imports?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        var mappingTemplates = await (await admin.GetAsync($"/api/tenants/{tenantId}/imports/mapping-templates?pageSize=200", ct)).ExpectAsync(HttpStatusCode.OK);
        return new TenantState(
            settings.GetProperty("version").GetInt64(),
            settings.GetProperty("status").GetString()!,
            Ids(records.GetProperty("items")),
            Ids(keys),
            string.Join(",", team.EnumerateArray().Select(assignment => assignment.GetRawText())),
            departments.GetRawText(),
            delegations.GetRawText(),
            activities.GetProperty("items").GetRawText(),
            consents.GetProperty("items").GetRawText(),
            PrivacyRequestVersions(privacyRequests.GetProperty("items")),
            Versions(dpias.GetProperty("items")),
            crossBorder.GetProperty("version").GetInt64(),
            classificationMap.GetProperty("collections").GetRawText() + classificationMap.GetProperty("specialCategoriesFound").GetRawText(),
            legalHolds.GetProperty("items").GetRawText(),
            retentionPolicies.GetProperty("items").GetRawText(),
            retentionRuns.GetProperty("items").GetRawText(),
            Versions(reportSchedules.GetProperty("items")),
            evidencePackages.GetProperty("items").GetRawText(),
            Versions(evidence.GetProperty("items")),
            Versions(views.GetProperty("items")),
            exports.GetProperty("items").GetRawText(),
            imports.GetProperty("items").GetRawText(),
            mappingTemplates.GetProperty("items").GetRawText());
    }

    /// <summary>Creates an API key as the tenant's Owner and returns its id and full secret.</summary>
    public static async Task<(string Id, string Secret)> CreateApiKeyAsync(this HubFixture hub, string tenantId, params string[] scopes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = hub.TenantClient(tenantId, Role.Owner);
        var response = await owner.PostAsJsonAsync($"/api/tenants/{tenantId}/settings/api-keys", new { name = "automation", scopes }, ct);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        return (created.GetProperty("key").GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>Each request's id, status and number of steps: any change appends a step.</summary>
    private static string PrivacyRequestVersions(JsonElement items) =>
        string.Join(",", items.EnumerateArray().Select(item => $"{item.GetProperty("id").GetString()}:{item.GetProperty("status").GetString()}:{item.GetProperty("steps").GetInt32()}"));

    /// <summary>Each item's id and version: any change raises the version.</summary>
    private static string Versions(JsonElement items) =>
        string.Join(",", items.EnumerateArray().Select(item => $"{item.GetProperty("id").GetString()}:{item.GetProperty("version").GetInt64()}"));

    private static string Ids(JsonElement items) =>
        string.Join(",", items.EnumerateArray().Select(item => item.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
}

public sealed record TenantState(
    long SettingsVersion, string Status, string RecordIds, string ApiKeyIds, string RoleAssignments, string Departments, string Delegations,
    string ProcessingActivities, string Consents, string PrivacyRequests, string Dpias, long CrossBorderRulesVersion, string ClassificationMap,
    string LegalHolds, string RetentionPolicies, string RetentionRuns, string ReportSchedules, string EvidencePackages, string EvidenceRecords,
    string DataViews, string DataExports, string ImportBatches, string ImportMappingTemplates);
