namespace DataGovernance.Demo;

/// <summary>Local runs only: when <see cref="TenantId"/> is set, the host seeds that tenant with demo data at start.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Hub:Demo";

    public string? TenantId { get; set; }
}
