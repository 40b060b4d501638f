using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class InMemoryUsageStoreSweepTests
{
    private const long Old = 1_000_000_000;

    [Fact]
    public async Task No_add_is_lost_while_the_expiry_sweep_removes_the_counter_it_adds_to()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryUsageStore(clock);
        const int Rounds = 100;
        const int CountersPerRound = 100;
        const int Writers = 4;
        var oldAmount = new UsageTotals(Old, 0, 0, 0, 0m);
        var one = new UsageTotals(1, 1, 0, 0, 0.000001m);
        DateTimeOffset never = DateTimeOffset.MaxValue;
        var all = new List<UsageCounter>();

        for (int round = 0; round < Rounds; round++)
        {
            UsageCounter[] counters = Enumerable.Range(0, CountersPerRound)
                .Select(i => new UsageCounter($"round{round}:c{i}", "*", UsageWindow.Minute, clock.Now)).ToArray();
            all.AddRange(counters);

            // Old usage that expires in a second; then the clock moves past it and past the next sweep.
            await store.AddAsync(counters.Select(c => new UsageIncrement(c, oldAmount, clock.Now.AddSeconds(1))).ToArray());
            clock.Advance(TimeSpan.FromSeconds(61));

            // The writers' first adds start the sweep, while the others add to the counters it is removing.
            using var start = new Barrier(Writers);
            Thread[] threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
            {
                UsageCounter[] order = counters.OrderBy(c => (c.Scope.GetHashCode() * (w + 7)) & 0xffff).ToArray();
                start.SignalAndWait();
                foreach (UsageCounter counter in order)
                {
                    store.AddAsync(new[] { new UsageIncrement(counter, one, never) }).GetAwaiter().GetResult();
                }
            })).ToArray();
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        IReadOnlyList<UsageTotals> totals = await store.GetAsync(all);

        // Each counter holds every new add, with or without the old usage (depending on whether the sweep got to it first).
        Assert.All(totals, t => Assert.Equal(Writers, t.Calls % Old));
        Assert.All(totals, t => Assert.Equal(Writers, t.InputTokens));
        Assert.All(totals, t => Assert.Equal(Writers * 0.000001m, t.Cost));
        Assert.Contains(totals, t => t.Calls == Writers); // the sweep did remove expired counters
        Assert.Equal(all.Count, store.Count);
    }
}
