namespace DataGovernance.Privacy;

/// <summary>Why the hub opened a DPIA by itself.</summary>
public enum DpiaTrigger
{
    /// <summary>Classification found GDPR Art. 9 special-category data in the tenant for the first time.</summary>
    SpecialCategoryData,

    /// <summary>A transfer to a third country has no legal mechanism (GDPR Chapter V).</summary>
    TransferWithoutMechanism,
}

/// <summary>Data protection impact assessments (GDPR Art. 35).</summary>
public sealed class DpiaService
{
#pragma warning disable CA1822 // replaced by the DPIA store

    /// <summary>
    /// Opens a DPIA for <paramref name="trigger"/> about <paramref name="subject"/> (for example a category or a vendor id),
    /// unless one for the same trigger and subject is already open; safe to call again.
    /// </summary>
    public Task OpenAutomaticallyAsync(string tenantId, DpiaTrigger trigger, string subject, string reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;
#pragma warning restore CA1822
}
