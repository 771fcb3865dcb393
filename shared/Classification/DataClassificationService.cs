using Azure;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Classification;

/// <summary>What bringing one record's classification in step did.</summary>
public enum ClassificationOutcome
{
    /// <summary>The record was (re)classified and its index rows replaced.</summary>
    Classified,

    /// <summary>The stored result was already of this version (or a newer one) under the current recognizers.</summary>
    Unchanged,

    /// <summary>The record no longer exists: its result and index rows were removed.</summary>
    Removed,

    /// <summary>The record does not exist and had no result.</summary>
    Absent,
}

/// <summary>
/// Keeps each record's classification (DataClassifications) and its subject index rows in step with the record, and
/// reads them. Every step is idempotent: a result is written under an ETag, a version already classified is skipped,
/// and the index rows of an earlier classification are listed on the result until they are gone.
/// </summary>
public sealed class DataClassificationService(
    RecordStore records, DataClassificationStore store, SubjectIndexStore subjectIndex, TenantRecognizerService recognizers, SubjectKeys keys, DpiaService dpias, TimeProvider clock,
    ILogger<DataClassificationService> logger)
{
    private const int MaxAttempts = 10;

    private static readonly TimeSpan BaseBackOff = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(1);

    /// <summary>Classifies the record as it is now, or removes its results when it is gone.</summary>
    public async Task<ClassificationOutcome> ReclassifyAsync(string tenantId, string collection, string recordId, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var stored = await records.GetAsync(tenantId, generation, collection, recordId, cancellationToken);
        return stored is null
            ? await RemoveAsync(tenantId, collection, recordId, cancellationToken)
            : await ClassifyAsync(tenantId, generation, stored.Record, cancellationToken);
    }

    /// <summary>Classifies <paramref name="record"/>, read from <paramref name="generation"/>, unless that version is already classified.</summary>
    /// <param name="mapRecountedAfter">
    /// The caller recounts the sensitivity map when done (a re-scan): the result is written alone, without the counts row
    /// every classification of the collection would otherwise contend for.
    /// </param>
    public async Task<ClassificationOutcome> ClassifyAsync(
        string tenantId, int generation, Record record, CancellationToken cancellationToken, bool mapRecountedAfter = false)
    {
        var tenantRecognizers = await recognizers.GetAsync(tenantId, cancellationToken);
        var indexKey = keys.Fingerprint(tenantId);
        (RecordClassification Result, IReadOnlyList<SubjectIndexEntry> Index)? classified = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(tenantId, record.Collection, record.Id, cancellationToken);
            if (current is not null && IsUpToDate(current, generation, record.Version, tenantRecognizers.Version, indexKey))
            {
                // A repeated message finishes what a failed attempt left undone after committing the result.
                await ApplyIndexAsync(tenantId, current, cancellationToken);
                await NoteSpecialCategoriesAsync(tenantId, current.Classification, cancellationToken);
                return ClassificationOutcome.Unchanged;
            }
            var (classification, index) = classified ??= Classify(tenantId, record, tenantRecognizers);
            var owned = index.Select(SubjectIndexStore.RowKey).ToHashSet(StringComparer.Ordinal);
            var stale = current is null
                ? []
                : current.Index.Select(SubjectIndexStore.RowKey).Concat(current.Stale).Where(key => !owned.Contains(key)).Distinct().ToList();
            var next = new StoredClassification(classification, generation, index, stale, indexKey, Classifier.BuiltInVersion);
            var (saved, etag) = mapRecountedAfter
                ? await store.SaveAsync(tenantId, next, current?.ETag, cancellationToken)
                : await CommitWithCountsAsync(tenantId, current, next, cancellationToken);
            if (saved)
            {
                await ApplyIndexAsync(tenantId, next with { ETag = etag }, cancellationToken);
                await NoteSpecialCategoriesAsync(tenantId, classification, cancellationToken);
                return ClassificationOutcome.Classified;
            }
            await BackOffAsync(attempt, cancellationToken);
        }
        throw new ConcurrencyConflictException($"The classification of {record.Collection}/{record.Id} kept changing; try again.");
    }

    /// <summary>Removes a record's result and index rows.</summary>
    public async Task<ClassificationOutcome> RemoveAsync(string tenantId, string collection, string recordId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await store.GetAsync(tenantId, collection, recordId, cancellationToken) is not { } current)
            {
                return ClassificationOutcome.Absent;
            }
            await subjectIndex.DeleteAsync(tenantId, current.Index.Select(SubjectIndexStore.RowKey).Concat(current.Stale), cancellationToken);
            var (tally, tallyETag) = await store.GetTallyAsync(tenantId, collection, cancellationToken);
            if (await store.DeleteAsync(tenantId, current, tally.Apply(current.Classification, -1), tallyETag, cancellationToken))
            {
                return ClassificationOutcome.Removed;
            }
            await BackOffAsync(attempt, cancellationToken);
        }
        throw new ConcurrencyConflictException($"The classification of {collection}/{recordId} kept changing; try again.");
    }

    public async Task<Result<RecordClassification>> GetAsync(string tenantId, string collection, string recordId, CancellationToken cancellationToken)
    {
        if (RecordService.FindTarget(collection, recordId) is { } failure)
        {
            return failure;
        }
        return await store.GetAsync(tenantId, collection, recordId, cancellationToken) is { } stored
            ? stored.Classification
            : Failure.NotFound($"Record '{recordId}' in {collection} has no classification: it does not exist or is not classified yet.");
    }

    /// <summary>The tenant's sensitivity map, read from the counts kept per collection (one row each, whatever the tenant's size).</summary>
    public async Task<SensitivityMap> GetMapAsync(string tenantId, CancellationToken cancellationToken)
    {
        var collections = (await store.ListTalliesAsync(tenantId, cancellationToken))
            .Where(tally => tally.Tally.Records > 0)
            .OrderBy(tally => tally.Collection, StringComparer.Ordinal)
            .Select(tally => tally.Tally.ToSensitivity(tally.Collection))
            .ToList();
        var specialCategories = (await store.ListSpecialCategoriesAsync(tenantId, cancellationToken)).OrderBy(finding => finding.FirstFoundAt).ToList();
        return new SensitivityMap(tenantId, clock.GetUtcNowForStorage(), collections.Sum(collection => collection.RecordsClassified), collections, specialCategories);
    }

    /// <summary>
    /// Counts the map again from every result, replacing the kept counts if no classification changed them meanwhile
    /// (then it tries again, a few times); false when writes kept getting in between.
    /// </summary>
    public async Task<bool> RecountMapAsync(string tenantId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var kept = await store.ListTalliesAsync(tenantId, cancellationToken);
            var counted = kept.ToDictionary(tally => tally.Collection, _ => new CollectionTally(), StringComparer.Ordinal);
            await foreach (var result in store.ScanResultsAsync(tenantId, cancellationToken))
            {
                (counted.TryGetValue(result.Collection, out var tally) ? tally : counted[result.Collection] = new CollectionTally()).Apply(result, 1);
            }
            if (await store.ReplaceTalliesAsync(tenantId, counted, kept.ToDictionary(tally => tally.Collection, tally => tally.ETag, StringComparer.Ordinal), cancellationToken))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the stored result stands: it is of a newer record (version or generation), or of this one under the current
    /// recognizers (the tenant's and the built-in ones) with index rows keyed by the current key. A result of a newer
    /// built-in version, written by a newer host during a rollout, is left alone rather than downgraded.
    /// </summary>
    private async Task<(bool Saved, ETag ETag)> CommitWithCountsAsync(
        string tenantId, StoredClassification? current, StoredClassification next, CancellationToken cancellationToken)
    {
        var (tally, tallyETag) = await store.GetTallyAsync(tenantId, next.Classification.Collection, cancellationToken);
        if (current is not null)
        {
            tally.Apply(current.Classification, -1);
        }
        return await store.CommitAsync(tenantId, next, current?.ETag, tally.Apply(next.Classification, 1), tallyETag, cancellationToken);
    }

    /// <summary>
    /// Every classification of a collection changes its one counts row: writers that collided wait a random while, growing
    /// with each attempt, so that they do not collide again at once.
    /// </summary>
    private Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(MaxBackOff.TotalMilliseconds, BaseBackOff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
    }

    private static bool IsUpToDate(StoredClassification current, int generation, long version, long recognizersVersion, string indexKey) =>
        current.Generation > generation
        || (current.Generation == generation && (current.Classification.RecordVersion > version
            || (current.Classification.RecordVersion == version && current.Classification.RecognizersVersion >= recognizersVersion
                && current.BuiltInVersion >= Classifier.BuiltInVersion && string.Equals(current.IndexKey, indexKey, StringComparison.Ordinal))));

    private (RecordClassification, IReadOnlyList<SubjectIndexEntry>) Classify(string tenantId, Record record, TenantRecognizers tenantRecognizers)
    {
        var classifier = new Classifier([.. tenantRecognizers.Recognizers.Select(definition => new CustomRecognizer(definition))]);
        var matches = new List<ClassificationMatch>();
        var index = new Dictionary<string, SubjectIndexEntry>(StringComparer.Ordinal);
        foreach (var (path, fieldName, value) in RecordFields.Walk(record.Data))
        {
            var found = classifier.Classify(value, path, fieldName);
            matches.AddRange(found.Matches);
            foreach (var recognizer in found.Timeouts.Select(timeout => timeout.Recognizer).Distinct())
            {
                logger.RecognizerTimedOut(tenantId, recognizer);
            }
            foreach (var match in found.Matches)
            {
                if (SubjectKeys.KindOf(match.Entity) is not { } kind)
                {
                    continue;
                }
                var forms = SubjectKeys.NormalFormsOf(kind, value.Substring(match.Start, match.Length));
                foreach (var form in forms)
                {
                    var entry = new SubjectIndexEntry(keys.For(tenantId, kind, form), record.Collection, record.Id, path, match.Entity, match.Confidence,
                        kind == SubjectIdentifierKind.NameToken ? forms.Count : 0);
                    var rowKey = SubjectIndexStore.RowKey(entry);
                    if (!index.TryGetValue(rowKey, out var seen) || seen.Confidence < entry.Confidence)
                    {
                        index[rowKey] = entry;
                    }
                }
            }
        }
        if (index.Count > DataClassificationStore.MaxIndexEntriesPerRecord)
        {
            logger.IndexTruncated(tenantId, record.Collection, record.Id, index.Count);
        }
        var classification = RecordClassification.From(record.Collection, record.Id, record.Version, tenantRecognizers.Version, clock.GetUtcNowForStorage(), matches);
        return (classification, [.. index.Values.OrderByDescending(entry => entry.Confidence).Take(DataClassificationStore.MaxIndexEntriesPerRecord)]);
    }

    /// <summary>
    /// Writes the rows the result owns and removes those it lists as stale, then clears that list. A newer classification
    /// (or the record's removal) may have got in between the result's commit and these writes, having already removed
    /// rows of this one: so the result is checked again afterwards, and rows it wrote that the current result does not
    /// own are removed again.
    /// </summary>
    internal async Task ApplyIndexAsync(string tenantId, StoredClassification stored, CancellationToken cancellationToken)
    {
        if (stored.Stale.Count == 0 && stored.Index.Count == 0)
        {
            return;
        }
        await subjectIndex.UpsertAsync(tenantId, stored.Index, cancellationToken);
        await subjectIndex.DeleteAsync(tenantId, stored.Stale, cancellationToken);
        var (collection, recordId) = (stored.Classification.Collection, stored.Classification.RecordId);
        var stillCurrent = stored.Stale.Count > 0
            ? (await store.SaveAsync(tenantId, stored with { Stale = [] }, stored.ETag, cancellationToken)).Saved
            : await store.GetAsync(tenantId, collection, recordId, cancellationToken) is { } now && now.ETag == stored.ETag && stored.ETag != default;
        if (stillCurrent || stored.Index.Count == 0)
        {
            return;
        }
        var newer = await store.GetAsync(tenantId, collection, recordId, cancellationToken);
        var owned = newer?.Index.Select(SubjectIndexStore.RowKey).ToHashSet(StringComparer.Ordinal) ?? [];
        await subjectIndex.DeleteAsync(tenantId, stored.Index.Select(SubjectIndexStore.RowKey).Where(key => !owned.Contains(key)), cancellationToken);
    }

    /// <summary>The first finding of each GDPR Art. 9 category in the tenant opens a DPIA, then is remembered (opening is idempotent).</summary>
    private async Task NoteSpecialCategoriesAsync(string tenantId, RecordClassification classification, CancellationToken cancellationToken)
    {
        if (!classification.SpecialCategoryData)
        {
            return;
        }
        var known = (await store.ListSpecialCategoriesAsync(tenantId, cancellationToken)).Select(finding => finding.Category).ToHashSet();
        foreach (var category in classification.SpecialCategories.Where(category => !known.Contains(category)))
        {
            var fields = string.Join(", ", classification.Fields.Where(field => field.Categories.Contains(category)).Select(field => field.FieldPath));
            await dpias.OpenAutomaticallyAsync(tenantId, DpiaTrigger.SpecialCategoryData, category.ToString(),
                $"Classification found {category} data, a special category of GDPR Art. 9, for the first time in this tenant: " +
                $"{classification.Collection} record {classification.RecordId}, field(s) {fields}.", cancellationToken);
            var finding = new SpecialCategoryFinding(category, classification.ClassifiedAt, classification.Collection, classification.RecordId);
            if (await store.AddSpecialCategoryAsync(tenantId, finding, cancellationToken))
            {
                logger.SpecialCategoryFirstFound(tenantId, category);
            }
        }
    }
}
