using Xunit;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes (then the test fails with the message).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure);
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
