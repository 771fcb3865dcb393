namespace DataGovernance.Records;

/// <summary>Writes the record rows and change rows of a generation being built, in full transactions, several at a time.</summary>
public sealed class GenerationWriter(GenerationStore generations, string tenantId, int generation, CancellationToken cancellationToken)
{
    /// <summary>Batches of rows written concurrently while a generation is built.</summary>
    public const int ConcurrentBatches = 8;

    private readonly List<Record> _rows = new(GenerationStore.MaxRowsPerBatch);
    private readonly List<ChangeLogEntry> _changes = new(GenerationStore.MaxRowsPerBatch);
    private readonly List<Task> _writes = [];

    public int Generation => generation;

    public async Task AddRecordAsync(Record record)
    {
        _rows.Add(record);
        if (_rows.Count == GenerationStore.MaxRowsPerBatch)
        {
            await StartAsync(generations.PutRecordsAsync(tenantId, generation, [.. _rows], cancellationToken));
            _rows.Clear();
        }
    }

    public async Task AddChangeAsync(ChangeLogEntry change)
    {
        _changes.Add(change);
        if (_changes.Count == GenerationStore.MaxRowsPerBatch)
        {
            await StartAsync(generations.PutPendingChangesAsync(tenantId, [.. _changes], cancellationToken));
            _changes.Clear();
        }
    }

    public async Task FlushAsync()
    {
        if (_rows.Count > 0)
        {
            _writes.Add(generations.PutRecordsAsync(tenantId, generation, [.. _rows], cancellationToken));
            _rows.Clear();
        }
        if (_changes.Count > 0)
        {
            _writes.Add(generations.PutPendingChangesAsync(tenantId, [.. _changes], cancellationToken));
            _changes.Clear();
        }
        await Task.WhenAll(_writes);
        _writes.Clear();
    }

    private async Task StartAsync(Task write)
    {
        _writes.Add(write);
        while (_writes.Count >= ConcurrentBatches)
        {
            var done = await Task.WhenAny(_writes);
            _writes.Remove(done);
            await done;
        }
    }
}
