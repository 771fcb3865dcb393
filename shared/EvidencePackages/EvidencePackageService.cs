using DataGovernance.Downloads;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.EvidencePackages;

/// <summary>Starts the workflow that builds a package (the orchestrations layer implements it).</summary>
public interface IEvidencePackageStarter
{
    Task StartAsync(string tenantId, string packageId, CancellationToken cancellationToken);
}

/// <summary>
/// Evidence packages for auditors: opened on request (the orchestration then writes them, see
/// <see cref="EvidencePackageWriter"/>), listed, described with an expiring download link, and verified from their bytes.
/// </summary>
public sealed partial class EvidencePackageService(
    EvidencePackageStore store, EvidencePackageWriter writer, EvidenceSigner signer, DownloadLinks links, IEvidencePackageStarter starter,
    IOptions<EvidencePackageOptions> options, TimeProvider clock, ILogger<EvidencePackageService> logger)
{
    public const int MaxRequirementReferences = 200;

    /// <summary>The actor of the steps the hub takes on its own.</summary>
    public const string Builder = "system:evidence-packages";

    /// <summary>Opens a package and starts the workflow that builds it (see <see cref="IEvidencePackageStarter"/>).</summary>
    public async Task<Result<EvidencePackage>> StartAsync(string tenantId, EvidencePackageRequest request, Actor requester, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(tenantId, request, requester, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened;
        }
        try
        {
            await starter.StartAsync(tenantId, opened.Value.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A package whose workflow never started must not stay "Building" for ever.
            await FinishAsync(tenantId, opened.Value.Id, new EvidencePackageOutcome(null, "The package could not be started."), clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        return opened;
    }

    public async Task<Result<EvidencePackage>> OpenAsync(string tenantId, EvidencePackageRequest request, Actor requester, CancellationToken cancellationToken)
    {
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }
        var now = clock.GetUtcNowForStorage();
        var scope = new EvidencePackageScope(request.Framework!, [.. (request.RequirementReferences ?? []).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            request.CollectedFrom, request.CollectedTo);
        var package = new EvidencePackage(Guid.CreateVersion7(now).ToString("N"), scope, EvidencePackageStatus.Building, requester.Id, now,
            [new EvidencePackageStep("Requested", now, requester.Id, Describe(scope))]);
        return await store.AddAsync(tenantId, package, cancellationToken);
    }

    public async Task<Result<EvidencePackageView>> GetAsync(string tenantId, string id, Actor viewer, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } package ? View(tenantId, package, viewer) : NotFound(id);

    public async Task<Result<Page<EvidencePackageView>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("evidence-packages", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        return new Page<EvidencePackageView>([.. items.Select(package => View(tenantId, package, viewer: null))], ContinuationToken.Encode(next, scope));
    }

    public async Task RecordStepAsync(string tenantId, string id, string step, string actor, DateTimeOffset at, CancellationToken cancellationToken) =>
        await store.ChangeAsync(tenantId, id, package => package.Steps.Any(s => s.Step == step)
            ? package
            : package with { Steps = [.. package.Steps, new EvidencePackageStep(step, at, actor)] }, cancellationToken);

    /// <summary>Writes the package's ZIP (again, if a retry repeats it).</summary>
    public async Task<EvidencePackageOutcome> WriteAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) is { } package
            ? await writer.WriteAsync(tenantId, package, cancellationToken)
            : new EvidencePackageOutcome(null, $"Evidence package {id} no longer exists.");

    public async Task<EvidencePackageStatus> FinishAsync(
        string tenantId, string id, EvidencePackageOutcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (status, step, note) = outcome.Contents is { } contents
            ? (EvidencePackageStatus.Completed, "Completed", $"{contents.Evidence} evidence record(s), {contents.Files} file(s); ZIP SHA-256 {contents.Sha256}")
            : (EvidencePackageStatus.Failed, "Failed", outcome.FailureReason);
        var saved = await store.ChangeAsync(tenantId, id, package => package.Status != EvidencePackageStatus.Building
            ? package
            : package with
            {
                Status = status,
                Contents = outcome.Contents,
                Blob = outcome.Contents is null ? null : outcome.Blob,
                FailureReason = outcome.FailureReason,
                FinishedAt = at,
                Steps = [.. package.Steps, new EvidencePackageStep(step, at, Builder, note)],
            }, cancellationToken);
        if (outcome.FailureReason is { } reason)
        {
            LogFailed(tenantId, id, reason);
        }
        // Whatever failed or crashed attempts left behind goes; a failed package has no file at all.
        var keep = saved?.Status == EvidencePackageStatus.Completed ? saved.Blob ?? EvidencePackageStore.ZipBlob(tenantId, id) : null;
        await store.DeleteZipsExceptAsync(tenantId, id, keep, cancellationToken);
        return saved?.Status ?? status;
    }

    /// <summary>Verifies an uploaded package against this hub's signing key; the upload is spooled to a temporary file, never held in memory.</summary>
    public async Task<Result<PackageVerification>> VerifyAsync(Stream upload, long? declaredLength, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxVerifyBytes;
        if (declaredLength > limit)
        {
            return TooLarge(limit);
        }
        var path = Path.GetTempFileName();
        await using var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - spool.Length)), cancellationToken)) > 0)
        {
            if (spool.Length + read > limit)
            {
                return TooLarge(limit);
            }
            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        spool.Position = 0;
        var hubKey = await signer.PublicKeyPemAsync(cancellationToken);
        return EvidencePackageVerifier.Verify(spool, hubKey, options.Value.Limits());
    }

    private EvidencePackageView View(string tenantId, EvidencePackage package, Actor? viewer)
    {
        var link = package.Status == EvidencePackageStatus.Completed && viewer is { } who
            ? links.Create(new DownloadTarget(tenantId, StorageNames.EvidencePackagesContainer,
                package.Blob ?? EvidencePackageStore.ZipBlob(tenantId, package.Id),
                $"evidence-package-{package.Scope.Framework}-{package.Id}.zip", "application/zip", "evidence-package"), who)
            : null;
        return new EvidencePackageView(package.Id, package.Scope.Framework, package.Scope, package.Status, package.RequestedBy, package.RequestedAt,
            package.FinishedAt, package.Steps, package.Contents, package.FailureReason, link?.Url, link?.ExpiresAt);
    }

    private async Task<EvidencePackage?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await store.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure? Validate(EvidencePackageRequest request)
    {
        var errors = new FieldErrors();
        if (request.Framework is not { } framework || !Collections.Frameworks.Contains(framework))
        {
            errors.Add("framework", $"Required; one of: {string.Join(", ", Collections.Frameworks)}.");
        }
        var references = request.RequirementReferences ?? [];
        if (references.Count > MaxRequirementReferences || references.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 32))
        {
            errors.Add("requirementReferences", $"At most {MaxRequirementReferences} requirement references of 1–32 characters.");
        }
        if (request.CollectedFrom > request.CollectedTo)
        {
            errors.Add("collectedTo", "Must not be before collectedFrom.");
        }
        return errors.Any ? Failure.Validation(errors) : null;
    }

    private static string Describe(EvidencePackageScope scope) =>
        $"{scope.Framework}; requirements: {(scope.RequirementReferences.Count == 0 ? "all" : string.Join(", ", scope.RequirementReferences))}; "
        + $"collected: {scope.CollectedFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "any"}"
        + $" to {scope.CollectedTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "any"}";

    private static Failure NotFound(string id) => Failure.NotFound($"There is no evidence package '{id}'.");

    private static Failure TooLarge(long limit) => new(FailureKind.TooLarge, "package-too-large", $"A package to verify may hold at most {limit} bytes.");

    [LoggerMessage(EventId = 6401, Level = LogLevel.Warning, Message = "Tenant {TenantId}: evidence package {PackageId} failed: {Reason}")]
    private partial void LogFailed(string tenantId, string packageId, string reason);
}
