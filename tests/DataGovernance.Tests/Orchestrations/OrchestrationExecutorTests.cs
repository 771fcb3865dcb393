using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>Replay semantics, checked on hand-written histories (no storage involved).</summary>
public sealed class OrchestrationExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SequentialCalls_ReplayToTheNextCall_AndCompleteWithTheLastResult()
    {
        var started = Start("Sequence", "5");
        var first = Run(new Sequence(), [], [new OrchestratorStarted(T0), started]);
        var scheduled = Assert.IsType<TaskScheduled>(Assert.Single(first.NewActions));
        Assert.Equal(("Double", 0), (scheduled.Name.Name, scheduled.TaskId));
        Assert.Null(first.Outcome);

        HistoryEvent[] past = [new OrchestratorStarted(T0), started, scheduled];
        var second = Run(new Sequence(), past, [new OrchestratorStarted(T0.AddSeconds(1)), new TaskCompleted(T0, 0, "10")]);
        var next = Assert.IsType<TaskScheduled>(Assert.Single(second.NewActions));
        Assert.Equal(("Increment", 1, "10"), (next.Name.Name, next.TaskId, next.Input));

        HistoryEvent[] later = [.. past, new OrchestratorStarted(T0.AddSeconds(1)), new TaskCompleted(T0, 0, "10"), next];
        var third = Run(new Sequence(), later, [new OrchestratorStarted(T0.AddSeconds(2)), new TaskCompleted(T0, 1, "11")]);
        Assert.Empty(third.NewActions);
        Assert.Equal("11", Assert.IsType<OrchestrationOutcome.Completed>(third.Outcome).Output);
    }

    [Fact]
    public void ChangedCode_ReplayedAgainstRecordedHistory_FailsWithADeterminismErrorNamingBothCalls()
    {
        HistoryEvent[] recorded = [new OrchestratorStarted(T0), Start("Sequence", "5"), new TaskScheduled(T0, 0, "Double", "5")];

        var step = Run(new ChangedSequence(), recorded, [new OrchestratorStarted(T0.AddSeconds(1)), new TaskCompleted(T0, 0, "10")]);

        var failure = Assert.IsType<OrchestrationOutcome.Failed>(step.Outcome).Failure;
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("activity 'Double' (#0)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'Triple' (#0)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(step.NewActions);
    }

    [Fact]
    public void FanOut_SchedulesEveryCallInOneEpisode_AndFansInWhateverTheOrderOfResults()
    {
        var started = Start("FanOut", "4");
        var first = Run(new FanOut(), [], [new OrchestratorStarted(T0), started]);
        Assert.Equal([0, 1, 2, 3], first.NewActions.Select(action => action.TaskId));

        HistoryEvent[] past = [new OrchestratorStarted(T0), started, .. first.NewActions];
        var partial = Run(new FanOut(), past, [new OrchestratorStarted(T0), new TaskCompleted(T0, 3, "8"), new TaskCompleted(T0, 0, "2")]);
        Assert.Null(partial.Outcome);

        HistoryEvent[] more = [.. past, new OrchestratorStarted(T0), new TaskCompleted(T0, 3, "8"), new TaskCompleted(T0, 0, "2")];
        var done = Run(new FanOut(), more, [new OrchestratorStarted(T0), new TaskCompleted(T0, 2, "6"), new TaskCompleted(T0, 1, "4")]);
        Assert.Equal("20", Assert.IsType<OrchestrationOutcome.Completed>(done.Outcome).Output);
    }

    [Fact]
    public void ExternalEvent_ThatArrivesBeforeTheWait_IsBuffered_AndDeliveredWhenAsked()
    {
        var started = Start("WaitAfterTimer", null);
        var first = Run(new WaitAfterTimer(), [], [new OrchestratorStarted(T0), started]);
        var timer = Assert.IsType<TimerCreated>(Assert.Single(first.NewActions));
        Assert.Equal(T0.AddMinutes(5), timer.FireAt);

        HistoryEvent[] past = [new OrchestratorStarted(T0), started, timer];
        var early = Run(new WaitAfterTimer(), past, [new OrchestratorStarted(T0.AddMinutes(1)), new EventRaised(T0, "Go", "\"early bird\"")]);
        Assert.Null(early.Outcome);

        HistoryEvent[] buffered = [.. past, new OrchestratorStarted(T0.AddMinutes(1)), new EventRaised(T0, "Go", "\"early bird\"")];
        var done = Run(new WaitAfterTimer(), buffered, [new OrchestratorStarted(T0.AddMinutes(5)), new TimerFired(T0.AddMinutes(5), 0, T0.AddMinutes(5))]);
        Assert.Equal("\"early bird\"", Assert.IsType<OrchestrationOutcome.Completed>(done.Outcome).Output);
    }

    [Theory]
    [InlineData(true, "\"approved by alice\"")]
    [InlineData(false, "\"timed out\"")]
    public void WaitForExternalEventWithTimeout_EndsWithTheEventOrTheTimer(bool eventFirst, string expected)
    {
        var started = Start("WaitForApproval", "60");
        var first = Run(new WaitForApproval(), [], [new OrchestratorStarted(T0), started]);
        var timer = Assert.IsType<TimerCreated>(Assert.Single(first.NewActions));
        Assert.Equal(T0.AddMinutes(60), timer.FireAt);

        HistoryEvent arrival = eventFirst ? new EventRaised(T0, "Approval", "\"alice\"") : new TimerFired(timer.FireAt, timer.TaskId, timer.FireAt);
        var done = Run(new WaitForApproval(), [new OrchestratorStarted(T0), started, timer], [new OrchestratorStarted(T0.AddMinutes(1)), arrival]);

        Assert.Equal(expected, Assert.IsType<OrchestrationOutcome.Completed>(done.Outcome).Output);
    }

    [Fact]
    public void RetryPolicy_WaitsWithBackoffBetweenAttempts_AndGivesUpAfterTheLast()
    {
        var started = Start("RetryingCall", null);
        var history = new List<HistoryEvent> { new OrchestratorStarted(T0), started };
        var step = Run(new RetryingCall(), [], [.. history]);
        var expectedDelays = new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var call = Assert.IsType<TaskScheduled>(Assert.Single(step.NewActions));
            history.Add(call);
            var now = T0.AddMinutes(attempt + 1);
            HistoryEvent[] failed = [new OrchestratorStarted(now), new TaskFailed(now, call.TaskId, new TaskFailureDetails("IOException", "storage busy"))];
            step = Run(new RetryingCall(), [.. history], failed);
            history.AddRange(failed);
            if (attempt == 2)
            {
                break;
            }
            var backoff = Assert.IsType<TimerCreated>(Assert.Single(step.NewActions));
            Assert.Equal(now + expectedDelays[attempt], backoff.FireAt);
            history.Add(backoff);
            HistoryEvent[] fired = [new OrchestratorStarted(backoff.FireAt), new TimerFired(backoff.FireAt, backoff.TaskId, backoff.FireAt)];
            step = Run(new RetryingCall(), [.. history], fired);
            history.AddRange(fired);
        }
        var failure = Assert.IsType<OrchestrationOutcome.Failed>(step.Outcome).Failure;
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        Assert.Equal("IOException", failure.InnerFailure?.ErrorType);
    }

    [Fact]
    public void ContinueAsNew_CarriesUnprocessedEvents_AndKeepsTheCustomStatus()
    {
        var started = Start("CountingLoop", "1");
        var first = Run(new CountingLoop(), [], [new OrchestratorStarted(T0), started]);
        var timer = Assert.IsType<TimerCreated>(Assert.Single(first.NewActions));
        Assert.Equal("{\"count\":1}", first.CustomStatus);

        var step = Run(new CountingLoop(), [new OrchestratorStarted(T0), started, timer],
            [new OrchestratorStarted(T0.AddSeconds(1)), new EventRaised(T0, "Ping", "1"), new TimerFired(timer.FireAt, timer.TaskId, timer.FireAt)]);

        Assert.Equal("2", Assert.IsType<OrchestrationOutcome.ContinuedAsNew>(step.Outcome).Input);
        Assert.Equal(("Ping", "1"), (Assert.Single(step.UnconsumedEvents).Name, step.UnconsumedEvents[0].Input));
    }

    [Fact]
    public void NewGuid_IsUuidV5OverInstanceTimeAndCounter_AndRepeatsOnReplay()
    {
        HistoryEvent[] episode = [new OrchestratorStarted(T0), Start("Guids", null)];

        var first = Run(new Guids(), [], episode, "order-42");
        var replayed = Run(new Guids(), [], episode, "order-42");

        var output = Assert.IsType<OrchestrationOutcome.Completed>(first.Outcome).Output;
        Assert.Equal("[\"e94ea84a-18b9-59e5-87d3-7c4381ccfb6d\",\"7ed1aa76-29fe-58f7-8213-5c3cdba4a3f6\"]", output);
        Assert.Equal(output, Assert.IsType<OrchestrationOutcome.Completed>(replayed.Outcome).Output);
    }

    [Fact]
    public void AwaitingANonDurableTask_FailsTheInstance_InsteadOfHangingForever()
    {
        var step = Run(new AwaitsRealDelay(), [], [new OrchestratorStarted(T0), Start("AwaitsRealDelay", null)]);

        var failure = Assert.IsType<OrchestrationOutcome.Failed>(step.Outcome).Failure;
        Assert.Contains("only await durable calls", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedCustomStatus_FailsTheInstanceWithAClearMessage()
    {
        var step = Run(new OversizedStatus(), [], [new OrchestratorStarted(T0), Start("OversizedStatus", null)]);

        var failure = Assert.IsType<OrchestrationOutcome.Failed>(step.Outcome).Failure;
        Assert.Equal(typeof(ArgumentException).FullName, failure.ErrorType);
        Assert.Contains("custom status may be at most", failure.ErrorMessage, StringComparison.Ordinal);
    }

    private static ExecutionStarted Start(string name, string? input) => new(T0, name, "exec-1", input, null, null);

    private static OrchestrationStep Run(ITaskOrchestrator orchestrator, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> fresh, string instanceId = "instance-1") =>
        OrchestrationExecutor.Execute(orchestrator, instanceId, past, fresh);
}
