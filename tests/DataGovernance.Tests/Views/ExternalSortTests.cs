using System.Text.Json;
using DataGovernance.Records;
using Record = DataGovernance.Records.Record;
using DataGovernance.Views;
using Xunit;

namespace DataGovernance.Tests.Views;

/// <summary>The external merge sort behind sorted exports: the order of an in-memory sort, in runs spilled to files that do not stay.</summary>
public sealed class ExternalSortTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sort-tests-").FullName;

    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1000, 7)]
    [InlineData(50, 1000)]
    [InlineData(0, 10)]
    public async Task SortAsync_MatchesAnInMemorySort_WhateverTheRunSize(int count, int runSize)
    {
        var schema = Collections.Find(Collections.Risks)!;
        var query = new ViewQuery(schema, [], [], [new ViewSort("impact", Descending: true), new ViewSort("title")]);
        var random = new Random(count);
        var records = Enumerable.Range(0, count).Select(i => Risk($"{i:D5}", random.Next(1, 6), random.Next(0, 4) == 0 ? null : $"T{random.Next(0, 20)}")).ToList();
        var before = TempFiles();

        var sorted = new List<string>();
        await foreach (var record in ExternalSort.SortAsync(records.ToAsyncEnumerable(), query, runSize, _directory, TestContext.Current.CancellationToken))
        {
            sorted.Add(record.Id);
            Assert.True(TempFiles().Length - before.Length <= (count + runSize - 1) / runSize);
        }

        var expected = records.OrderBy(record => query.PositionOf(record), query).Select(record => record.Id);
        Assert.Equal(expected, sorted);
        Assert.Equal(before, TempFiles());
    }

    [Fact]
    public async Task SortAsync_DeletesItsRuns_WhenTheReaderStopsEarly()
    {
        var query = new ViewQuery(Collections.Find(Collections.Risks)!, [], [], [new ViewSort("impact")]);
        var records = Enumerable.Range(0, 100).Select(i => Risk($"{i:D3}", i % 5 + 1, "T")).ToAsyncEnumerable();
        var before = TempFiles();
        await foreach (var _ in ExternalSort.SortAsync(records, query, 10, _directory, TestContext.Current.CancellationToken))
        {
            break;
        }
        Assert.Equal(before, TempFiles());
    }

    [Fact]
    public async Task Runs_HoldOnlyTheShapedRecords_AndHaveNoNameOnDiskWhileOpen()
    {
        var query = new ViewQuery(Collections.Find(Collections.Risks)!, [], [], [new ViewSort("impact")]);
        var records = Enumerable.Range(0, 100).Select(i => Risk($"{i:D3}", i % 5 + 1, "Secret title")).ToAsyncEnumerable();
        var shape = (Record record) => record with { Data = JsonSerializer.SerializeToElement(new { impact = record.Data.GetProperty("impact").GetInt32() }) };
        var seen = 0;

        await foreach (var record in ExternalSort.SortAsync(records, query, 10, _directory, TestContext.Current.CancellationToken, shape))
        {
            Assert.False(record.Data.TryGetProperty("title", out _), record.Data.GetRawText());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Empty(TempFiles());
            }
            seen++;
        }

        Assert.Equal(100, seen);
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Runs_AreClosed_WhenTheSourceFailsAfterASpill()
    {
        var query = new ViewQuery(Collections.Find(Collections.Risks)!, [], [], [new ViewSort("impact")]);
        var before = TempFiles();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in ExternalSort.SortAsync(FailingAfter(25), query, 10, _directory, TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal(before, TempFiles());
    }

    private static async IAsyncEnumerable<Record> FailingAfter(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Risk($"{i:D3}", i % 5 + 1, "T");
        }
        throw new InvalidOperationException("The source failed.");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] TempFiles() => [.. Directory.GetFiles(_directory, "dg-sort-*.jsonl").Order(StringComparer.Ordinal)];

    private static Record Risk(string id, int impact, string? title) =>
        new(id, Collections.Risks, 1, JsonSerializer.SerializeToElement(new { title, impact, likelihood = 1, status = "identified" }), At, "u", At, "u");
}
