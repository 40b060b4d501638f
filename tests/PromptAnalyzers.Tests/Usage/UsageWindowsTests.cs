using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class UsageWindowsTests
{
    [Fact]
    public void Window_starts_and_ends_are_the_UTC_calendar_boundaries_for_any_offset()
    {
        var random = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            var utc = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(365 * 40).Ticks));
            var instant = new DateTimeOffset(utc).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));

            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero), UsageWindows.StartOf(UsageWindow.Minute, instant));
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero), UsageWindows.StartOf(UsageWindow.Hour, instant));
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero), UsageWindows.StartOf(UsageWindow.Day, instant));
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero), UsageWindows.StartOf(UsageWindow.Month, instant));
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1), UsageWindows.EndOf(UsageWindow.Month, instant));
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1), UsageWindows.EndOf(UsageWindow.Day, instant));
            Assert.Equal(TimeSpan.Zero, UsageWindows.StartOf(UsageWindow.Hour, instant).Offset);
        }
    }

    [Fact]
    public async Task Counters_built_by_the_tracker_equal_and_hash_like_counters_built_by_hand()
    {
        var at = new DateTimeOffset(2025, 4, 30, 23, 59, 59, TimeSpan.Zero);
        var clock = new TestClock(at);
        var tracker = new UsageTracker(timeProvider: clock);
        await tracker.RecordAsync("gpt-4o", new TokenUsage(5, 5), new[] { UsageKey.User("a") });

        var byHand = new UsageCounter("user:a", "gpt-4o", UsageWindow.Month, at.ToOffset(TimeSpan.FromHours(2)));
        IReadOnlyList<UsageTotals> totals = await tracker.Store.GetAsync(new[] { byHand });
        IReadOnlyList<UsageCounterTotals> listed = await tracker.Store.ListAsync(UsageWindow.Month, at.AddMonths(-1), at);

        Assert.Equal(10, totals[0].TotalTokens);
        Assert.Contains(listed, c => c.Counter == byHand && c.Counter.GetHashCode() == byHand.GetHashCode() && c.Counter.Id == byHand.Id);
    }
}
