using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class UsageReportTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 30, 22, 0, 0, TimeSpan.Zero);
    private static readonly UsageKey[] Users = { UsageKey.User("alice"), UsageKey.User("bob"), UsageKey.Role("analyst") };
    private static readonly string[] Models = { "gpt-4o", "gpt-4o-mini", "llama-3" };

    private static UsageTrackerOptions KeepEverything() => new()
    {
        MinuteRetention = TimeSpan.FromDays(3_650),
        HourRetention = TimeSpan.FromDays(3_650),
    };

    [Fact]
    public void A_range_is_decomposed_into_the_fewest_aligned_windows_in_at_most_seven_runs()
    {
        var from = new DateTimeOffset(2025, 1, 30, 22, 57, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2025, 3, 2, 1, 3, 0, TimeSpan.Zero);

        var runs = UsageTracker.Decompose(from, to);

        Assert.Equal(new (UsageWindow, DateTimeOffset, DateTimeOffset)[]
        {
            (UsageWindow.Minute, from, new DateTimeOffset(2025, 1, 30, 23, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Hour, new DateTimeOffset(2025, 1, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Day, new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Month, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Day, new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Hour, new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 2, 1, 0, 0, TimeSpan.Zero)),
            (UsageWindow.Minute, new DateTimeOffset(2025, 3, 2, 1, 0, 0, TimeSpan.Zero), to),
        }, runs.Select(r => (r.Window, r.From, r.To)).ToArray());
    }

    [Fact]
    public void Decomposition_tiles_every_range_exactly_with_aligned_windows_and_no_mergeable_run()
    {
        var random = new Random(81);
        for (int trial = 0; trial < 2_000; trial++)
        {
            DateTimeOffset a = Start.AddMinutes(random.Next(0, 120_000));
            DateTimeOffset b = a.AddMinutes(random.Next(0, 3) == 0 ? random.Next(0, 200) : random.Next(0, 120_000));

            var runs = UsageTracker.Decompose(a, b);

            DateTimeOffset cursor = a;
            foreach ((UsageWindow window, DateTimeOffset from, DateTimeOffset to) in runs)
            {
                Assert.Equal(cursor, from);
                for (DateTimeOffset w = from; w < to; w = UsageWindows.EndOf(window, w))
                {
                    Assert.True(UsageWindows.IsStart(window, w));
                    Assert.True(UsageWindows.EndOf(window, w) <= to);
                }

                cursor = to;
            }

            Assert.Equal(b, cursor);
            Assert.True(runs.Count <= 7);
            for (int i = 1; i < runs.Count; i++)
            {
                Assert.NotEqual(runs[i - 1].Window, runs[i].Window);
            }

            // Fewest: no run of a kind holds a whole window of the next larger kind.
            foreach ((UsageWindow window, DateTimeOffset from, DateTimeOffset to) in runs.Where(r => r.Window != UsageWindow.Month))
            {
                UsageWindow larger = window + 1;
                for (DateTimeOffset w = from; w < to; w = UsageWindows.EndOf(window, w))
                {
                    Assert.False(UsageWindows.IsStart(larger, w) && UsageWindows.EndOf(larger, w) <= to, $"{window} run {from:O}-{to:O} holds a whole {larger} at {w:O}");
                }
            }
        }
    }

    [Fact]
    public async Task A_report_across_month_day_hour_and_minute_edges_equals_the_per_minute_sum_of_what_was_recorded()
    {
        var clock = new TestClock(Start);
        var store = new SpyUsageStore(clock);
        var tracker = new UsageTracker(store, options: KeepEverything(), timeProvider: clock);
        var random = new Random(2025);
        var calls = new List<(DateTimeOffset At, string Model, UsageKey[] Keys, UsageTotals Totals)>();

        // 600 calls at increasing random instants from 30 January 22:00 to early March.
        DateTimeOffset at = Start;
        for (int i = 0; i < 600; i++)
        {
            at = at.AddSeconds(random.Next(1, 9_000));
            clock.Now = at;
            string model = Models[random.Next(Models.Length)];
            UsageKey[] keys = Users.Where(_ => random.Next(2) == 0).ToArray();
            UsageRecord record = await tracker.RecordAsync(model, new TokenUsage(random.Next(0, 5_000), random.Next(0, 800), 0), keys);
            calls.Add((at, model, keys, record.Totals));
        }

        var ranges = new List<(DateTimeOffset From, DateTimeOffset To)>
        {
            (new DateTimeOffset(2025, 1, 30, 22, 57, 13, TimeSpan.Zero), new DateTimeOffset(2025, 3, 2, 1, 3, 1, TimeSpan.Zero)),
            (Start, at.AddDays(1)),
        };
        for (int i = 0; i < 40; i++)
        {
            DateTimeOffset from = Start.AddSeconds(random.Next(0, 3_000_000));
            ranges.Add((from, from.AddSeconds(random.Next(0, 2_000_000))));
        }

        foreach ((DateTimeOffset from, DateTimeOffset to) in ranges)
        {
            store.Lists.Clear();
            UsageReport report = await tracker.GetReportAsync(from, to);

            DateTimeOffset start = UsageWindows.StartOf(UsageWindow.Minute, from);
            DateTimeOffset end = UsageWindows.StartOf(UsageWindow.Minute, to) == to ? to : UsageWindows.StartOf(UsageWindow.Minute, to).AddMinutes(1);
            Assert.Equal(start, report.From);
            Assert.Equal(end, report.To);
            Assert.InRange(store.Lists.Count, 0, 7);

            // Brute force 1: the calls whose minute lies in the range. Brute force 2: every minute counter of the range.
            var expected = new Dictionary<(string, string), UsageTotals>();
            foreach (var call in calls.Where(c => c.At >= start && c.At < end))
            {
                foreach (string scope in call.Keys.Select(k => k.ToString()).Append("*"))
                {
                    foreach (string model in new[] { call.Model, "*" })
                    {
                        expected[(scope, model)] = expected.GetValueOrDefault((scope, model)) + call.Totals;
                    }
                }
            }

            var perMinute = new Dictionary<(string, string), UsageTotals>();
            foreach (UsageCounterTotals counter in await store.ListAsync(UsageWindow.Minute, start, end))
            {
                perMinute[(counter.Counter.Scope, counter.Counter.Model)] = perMinute.GetValueOrDefault((counter.Counter.Scope, counter.Counter.Model)) + counter.Totals;
            }

            Assert.Equal(expected.OrderBy(p => p.Key).ToArray(), report.Entries.Select(e => new KeyValuePair<(string, string), UsageTotals>((e.Scope, e.Model), e.Totals)).OrderBy(p => p.Key).ToArray());
            Assert.Equal(perMinute.OrderBy(p => p.Key).ToArray(), expected.OrderBy(p => p.Key).ToArray());
            Assert.Equal(expected.GetValueOrDefault(("*", "*")), report.Total);
        }
    }

    [Fact]
    public async Task A_report_reads_whole_months_through_month_counters_not_minutes()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 2, 10, 8, 0, 0, TimeSpan.Zero));
        var store = new SpyUsageStore(clock);
        var tracker = new UsageTracker(store, timeProvider: clock);
        await tracker.RecordAsync("gpt-4o", new TokenUsage(100, 10));

        UsageReport report = await tracker.GetReportAsync(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new[] { (UsageWindow.Month, new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)) }, store.Lists);
        Assert.Equal(110, report.Total.TotalTokens);
    }

    [Fact]
    public async Task Report_rows_are_sorted_ordinally_and_readable_by_key_and_model()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 5, 5, 5, 5, 5, TimeSpan.Zero));
        var tracker = new UsageTracker(timeProvider: clock);
        await tracker.RecordAsync("gpt-4o-mini", new TokenUsage(100, 10), new[] { UsageKey.User("bob"), UsageKey.Project("x") });
        await tracker.RecordAsync("gpt-4o", new TokenUsage(200, 20), new[] { UsageKey.User("alice") });
        await tracker.RecordAsync("gpt-4o", new TokenUsage(300, 30), new[] { UsageKey.User("bob") });

        UsageReport report = await tracker.GetReportAsync(UsageWindow.Day);

        Assert.Equal(new DateTimeOffset(2025, 5, 5, 0, 0, 0, TimeSpan.Zero), report.From);
        Assert.Equal(new DateTimeOffset(2025, 5, 6, 0, 0, 0, TimeSpan.Zero), report.To);
        string[] rows = report.Entries.Select(e => e.Scope + "|" + e.Model).ToArray();
        Assert.Equal(rows.OrderBy(r => r, StringComparer.Ordinal).ToArray(), rows);
        Assert.Equal("*|*", rows[0]);
        Assert.Equal(660, report.Total.TotalTokens);
        Assert.Equal(3, report.Total.Calls);
        Assert.Equal(440, report.ForKey(UsageKey.User("bob")).TotalTokens);
        Assert.Equal(330, report.For(UsageKey.User("bob"), "gpt-4o").TotalTokens);
        Assert.Equal(550, report.ForModel("gpt-4o").TotalTokens);
        Assert.Equal(UsageTotals.Zero, report.For(UsageKey.User("carol"), null));
        Assert.Equal(new[] { "gpt-4o", "gpt-4o-mini" }, report.ByModel.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(110, report.ByModel["gpt-4o-mini"].TotalTokens);
        Assert.Equal(3, report.ByKey.Count);
        Assert.Equal(110, report.ByKey[UsageKey.Project("x")].TotalTokens);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused_and_an_empty_one_is_empty()
    {
        var clock = new TestClock(Start);
        var tracker = new UsageTracker(timeProvider: clock);
        await tracker.RecordAsync("gpt-4o", new TokenUsage(1, 1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tracker.GetReportAsync(Start, Start.AddTicks(-1)));
        UsageReport empty = await tracker.GetReportAsync(Start, Start);

        Assert.Empty(empty.Entries);
        Assert.Equal(UsageTotals.Zero, empty.Total);
    }
}
