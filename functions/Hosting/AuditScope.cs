using DataGovernance.Tenancy;

namespace DataGovernance.Functions.Hosting;

/// <summary>What the pipeline learns about a request for its audit entry, filled in as the request passes through.</summary>
public sealed class AuditScope
{
    /// <summary>
    /// The chain the entry goes to: the route's tenant when it exists, else the admitted caller's own tenant (account
    /// routes), otherwise the platform chain.
    /// </summary>
    public string ChainId { get; set; } = TenantIds.Platform;

    public string Actor { get; set; } = "anonymous";

    /// <summary>The endpoint's name; null when no endpoint matched (such requests are not audited).</summary>
    public string? Action { get; set; }

    /// <summary>The problem code of a failed request.</summary>
    public string? Reason { get; set; }

    /// <summary>Set for denials, including the 404 answered to another tenant's credentials.</summary>
    public bool Denied { get; set; }

    /// <summary>Set when the request must be audited even though it changes nothing (platform access to a tenant).</summary>
    public bool AlwaysRecord { get; set; }
}
