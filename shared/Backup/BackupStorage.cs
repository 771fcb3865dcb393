using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>The snapshot stores of both regions.</summary>
public sealed class BackupStorage(HubStorage storage)
{
    public ChunkStore Primary { get; } = new(storage.Primary);

    public ChunkStore Secondary { get; } = new(storage.Secondary);
}
