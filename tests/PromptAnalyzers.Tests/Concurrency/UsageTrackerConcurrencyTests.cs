using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PromptAnalyzers.Tests.Usage;
using Xunit;
using Xunit.Abstractions;

namespace PromptAnalyzers.Tests.Concurrency;

/// <summary>
/// Issue 7, point 5 (the tracker's part): one <see cref="UsageTracker"/> over one <see cref="InMemoryUsageStore"/>,
/// shared by 8 threads for 1,000,000 <see cref="UsageTracker.RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/> calls with several keys and models, while the
/// clock crosses a minute, hour, day and month boundary. Every total (calls, tokens, cost) must be exact.
/// </summary>
public class UsageTrackerConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private const int CallsPerThread = 125_000;

    private static readonly string[] Models = { "gpt-4o-mini", "claude-3-5-sonnet", "llama-3" };

    [Fact]
    public async Task Eight_threads_one_million_records_give_exact_totals_per_key_model_and_window()
    {
        // 23:59 on 31 January; the clock moves 1 ms at every read (two per record), ending about 33 minutes later, in February.
        var start = new DateTimeOffset(2025, 1, 31, 23, 59, 0, TimeSpan.Zero);
        var clock = new TestClock(start, TimeSpan.FromMilliseconds(1));
        var store = new InMemoryUsageStore(clock);
        var tracker = new UsageTracker(store, timeProvider: clock);
        UsageKey[] users = Enumerable.Range(0, 5).Select(u => UsageKey.User("u" + u)).ToArray();
        UsageKey[] projects = { UsageKey.Project("checkout"), UsageKey.Project("search") };

        // 64 usage patterns; a call's pattern, model and keys follow from its number.
        var random = new Random(7);
        TokenUsage[] patterns = Enumerable.Range(0, 64).Select(_ =>
        {
            long cached = random.Next(0, 500);
            return new TokenUsage(random.Next(500, 4_000), random.Next(0, 1_000), cached, random.Next(0, 2) * random.Next(0, 300));
        }).ToArray();
        UsageTotals Expected(int pattern, string model)
        {
            TokenUsage u = patterns[pattern];
            bool anthropic = model.StartsWith("claude", StringComparison.Ordinal);
            decimal cost = model == "llama-3" ? 0m : CostEstimator.Default.Price(model, u).Total;
            return new UsageTotals(1, anthropic ? u.InputTokens + u.CachedInputTokens + u.CacheWriteTokens : u.InputTokens, u.CachedInputTokens, u.OutputTokens, cost);
        }

        (int Pattern, int Model, int User, int Project) Call(int thread, int i) =>
            ((thread * 31 + i) % patterns.Length, (i + thread) % Models.Length, i % users.Length, thread % 2);

        // The expected totals, added up on one thread: how often each (pattern, model, user, project) occurs, times its totals.
        var occurrences = new long[patterns.Length, Models.Length, users.Length, projects.Length];
        for (int t = 0; t < Threads; t++)
        {
            for (int i = 0; i < CallsPerThread; i++)
            {
                (int pattern, int model, int user, int project) = Call(t, i);
                occurrences[pattern, model, user, project]++;
            }
        }

        var expected = new Dictionary<(string Scope, string Model), UsageTotals>();
        for (int p = 0; p < patterns.Length; p++)
        {
            for (int m = 0; m < Models.Length; m++)
            {
                UsageTotals one = Expected(p, Models[m]);
                for (int u = 0; u < users.Length; u++)
                {
                    for (int j = 0; j < projects.Length; j++)
                    {
                        long n = occurrences[p, m, u, j];
                        var amount = new UsageTotals(n * one.Calls, n * one.InputTokens, n * one.CachedInputTokens, n * one.OutputTokens, n * one.Cost);
                        foreach (string scope in new[] { "*", users[u].ToString(), projects[j].ToString() })
                        {
                            foreach (string model in new[] { Models[m], "*" })
                            {
                                expected[(scope, model)] = expected.GetValueOrDefault((scope, model)) + amount;
                            }
                        }
                    }
                }
            }
        }

        var failures = new List<Exception>();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        using (var go = new Barrier(Threads))
        {
            Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    go.SignalAndWait();
                    for (int i = 0; i < CallsPerThread; i++)
                    {
                        (int pattern, int model, int user, int project) = Call(t, i);
                        tracker.RecordAsync(Models[model], patterns[pattern], new[] { users[user], projects[project] }).GetAwaiter().GetResult();
                    }
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
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

        stopwatch.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Assert.Empty(failures);
        DateTimeOffset end = clock.Now;
        Assert.True(end > new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), "the run crossed into February");

        // A report over the whole run (hour counters), the minute counters, and the two month counters all agree.
        UsageReport report = await tracker.GetReportAsync(start, end);
        var minutes = new Dictionary<(string, string), UsageTotals>();
        foreach (UsageCounterTotals counter in await store.ListAsync(UsageWindow.Minute, start, end.AddMinutes(1)))
        {
            minutes[(counter.Counter.Scope, counter.Counter.Model)] = minutes.GetValueOrDefault((counter.Counter.Scope, counter.Counter.Model)) + counter.Totals;
        }

        IReadOnlyList<UsageTotals> months = await store.GetAsync(new[]
        {
            new UsageCounter("*", "*", UsageWindow.Month, start),
            new UsageCounter("*", "*", UsageWindow.Month, end),
        });

        UsageTotals total = expected[("*", "*")];
        Assert.Equal(Threads * CallsPerThread, total.Calls);
        Assert.Equal(total, report.Total);
        Assert.Equal(total, months[0] + months[1]);
        Assert.True(months[0].Calls > 0 && months[1].Calls > 0);
        Assert.Equal(expected.OrderBy(e => e.Key).ToArray(), report.Entries.Select(e => new KeyValuePair<(string, string), UsageTotals>((e.Scope, e.Model), e.Totals)).OrderBy(e => e.Key).ToArray());
        Assert.Equal(expected.OrderBy(e => e.Key).ToArray(), minutes.OrderBy(e => e.Key).ToArray());

        output.WriteLine($"{Threads} threads x {CallsPerThread:N0} RecordAsync = {total.Calls:N0} calls, {(1 + 2) * 2 * 4} counters each, in {stopwatch.Elapsed.TotalSeconds:F1} s ({cpu.TotalSeconds:F1} s of CPU, {Environment.ProcessorCount} cores)");
        output.WriteLine($"totals: {total.InputTokens:N0} input ({total.CachedInputTokens:N0} cached), {total.OutputTokens:N0} output, ${total.Cost}; {report.Entries.Count} (scope, model) rows; clock {start:HH:mm:ss} -> {end:yyyy-MM-dd HH:mm:ss}");
    }
}
