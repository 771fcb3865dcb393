using Azure;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>Which inbox events an episode takes: the rules that keep redelivered and stray events harmless.</summary>
public sealed class EpisodeSelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StartDeliveredAgain_AfterTheExecutionFinished_IsStale_NotARestart()
    {
        var state = State(OrchestrationRuntimeStatus.Completed, "exec-1", hasHistory: true, Entry("i:start:exec-1", Started("exec-1"), "exec-1"));

        var selection = EpisodeSelection.Select(state, Now, 90);

        Assert.Empty(selection.Consumed);
        Assert.Single(selection.Stale);
    }

    [Fact]
    public void NewStart_ForAFinishedInstance_BeginsANewExecution()
    {
        var state = State(OrchestrationRuntimeStatus.Completed, "exec-1", hasHistory: true, Entry("i:start:exec-2", Started("exec-2"), "exec-2"));

        var selection = EpisodeSelection.Select(state, Now, 90);

        Assert.Equal("exec-2", selection.Start?.ExecutionId);
    }

    [Fact]
    public void EventsOfAnotherExecution_AreStale_AndEventsForLater_StayInTheInbox()
    {
        var state = State(OrchestrationRuntimeStatus.Running, "exec-2", hasHistory: true,
            Entry("i:task:exec-1:00000000", new TaskCompleted(Now, 0, "1"), "exec-1"),
            Entry("i:timer:exec-2:00000001", new TimerFired(Now.AddHours(1), 1, Now.AddHours(1)), "exec-2", visibleAt: Now.AddHours(1)),
            Entry("i:task:exec-2:00000002", new TaskCompleted(Now, 2, "2"), "exec-2"));

        var selection = EpisodeSelection.Select(state, Now, 90);

        Assert.Equal(["i:task:exec-2:00000002"], selection.Consumed.Select(entry => entry.RowKey));
        Assert.Equal(["i:task:exec-1:00000000"], selection.Stale.Select(entry => entry.RowKey));
    }

    [Fact]
    public void SuspendedExecution_TakesControlOperationsOnly()
    {
        var state = State(OrchestrationRuntimeStatus.Suspended, "exec-1", hasHistory: true,
            Entry("i:event:a", new EventRaised(Now, "Go", null), null, arrivedAt: Now.AddSeconds(-2)),
            Entry("i:resume:b", new ExecutionResumed(Now, null), null, arrivedAt: Now.AddSeconds(-1)));

        var selection = EpisodeSelection.Select(state, Now, 90);

        Assert.Equal(["i:resume:b"], selection.Consumed.Select(entry => entry.RowKey));
        Assert.False(selection.Suspended);
    }

    [Fact]
    public void AnEpisodeTakesAtMostItsLimit_AndSaysThereIsMore()
    {
        var entries = Enumerable.Range(0, 5).Select(n => Entry($"i:event:{n}", new EventRaised(Now, "Go", null), null, arrivedAt: Now.AddSeconds(n - 10))).ToArray();

        var selection = EpisodeSelection.Select(State(OrchestrationRuntimeStatus.Running, "exec-1", hasHistory: true, entries), Now, 3);

        Assert.Equal(3, selection.Consumed.Count);
        Assert.True(selection.More);
    }

    private static ExecutionStarted Started(string executionId) => new(Now, "Flow", executionId, null, null, null);

    private static InboxEntry Entry(string rowKey, HistoryEvent inboxEvent, string? executionId, DateTimeOffset? visibleAt = null, DateTimeOffset? arrivedAt = null) =>
        new(rowKey, inboxEvent, executionId, visibleAt ?? Now.AddSeconds(-1), arrivedAt ?? Now.AddSeconds(-1), new ETag("*"));

    private static InstanceState State(OrchestrationRuntimeStatus status, string executionId, bool hasHistory, params InboxEntry[] inbox)
    {
        var sentinel = new Sentinel("Flow", executionId, status, 1, 1, Now, Now, null, null, null, null, null, null);
        HistoryEvent[] history = hasHistory ? [new OrchestratorStarted(Now), Started(executionId)] : [];
        return new InstanceState("instance", sentinel, new ETag("\"1\""), history, inbox, []);
    }
}
