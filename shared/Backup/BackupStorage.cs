using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Backup;

/// <summary>The snapshot stores of both regions.</summary>
public sealed class BackupStorage(HubStorage storage, IOptions<BackupOptions> options)
{
    public ChunkStore Primary { get; } = new(storage.Primary, options.Value.PrimaryRegion);

    public ChunkStore Secondary { get; } = new(storage.Secondary, options.Value.SecondaryRegion);
}
