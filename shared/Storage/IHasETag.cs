namespace DataGovernance.Storage;

/// <summary>A stored document whose version the API hands out as an ETag (and takes back as If-Match).</summary>
public interface IHasETag
{
    string ETag { get; }
}
