namespace DataGovernance.Exports;

/// <summary>
/// A write-only stream that collects what a synchronous writer (the ZIP and XML writers of an XLSX file) writes, so the
/// export can pass it on to the blob asynchronously between rows. It holds what was written since the last
/// <see cref="DrainToAsync"/> and reuses its buffer, so its memory is bounded by how often it is drained.
/// </summary>
internal sealed class WriteBehindBuffer : Stream
{
    private readonly MemoryStream _pending = new();
    private long _drained;

    /// <summary>Bytes written and not yet drained.</summary>
    public long Pending => _pending.Length;

    public async Task DrainToAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_pending.Length == 0)
        {
            return;
        }
        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _drained += _pending.Length;
        _pending.SetLength(0);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _drained + _pending.Length;

    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
