using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Privacy;

/// <summary>Settings of retention enforcement (Privacy › retention).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Hub:Retention";

    /// <summary>When every tenant's retention policies are enforced (six-field NCRONTAB, UTC).</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>How many records of a collection one step of a run reads, judges and treats.</summary>
    public int BatchSize { get; set; } = 200;

    public bool IsValid() => BatchSize is >= 10 and <= 1000 && !string.IsNullOrWhiteSpace(Schedule);
}

public static class RetentionRegistration
{
    /// <summary>Legal holds, retention policies and the services retention runs use.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(options => options.IsValid(), "Hub:Retention: Schedule required, BatchSize 10–1000.")
            .ValidateOnStart();
        services.AddSingleton<LegalHoldStore>();
        services.AddSingleton<RetentionPolicyStore>();
        services.AddSingleton<RetentionPolicyService>();
        services.AddSingleton<RetentionRunStore>();
        services.AddSingleton<RetentionEvidenceStore>();
        services.AddSingleton<RetentionEnforcement>();
        services.AddSingleton<RetentionCertificates>();
        services.AddSingleton<RetentionRunService>();
        return services;
    }
}
