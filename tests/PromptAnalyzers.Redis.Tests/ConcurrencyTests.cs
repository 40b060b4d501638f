using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace PromptAnalyzers.Redis.Tests
{
    [Collection(RedisCollection.Name)]
    public sealed class ConcurrencyTests : IAsyncLifetime
    {
        private const int Instances = 4;
        private const int WorkersPerInstance = 8;
        private const int AddsPerWorker = 2_500;

        private readonly RedisServerFixture _redis;
        private readonly ITestOutputHelper _output;
        private readonly string _prefix = RedisServerFixture.UniquePrefix("hammer");

        public ConcurrencyTests(RedisServerFixture redis, ITestOutputHelper output)
        {
            _redis = redis;
            _output = output;
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _redis.DeleteKeysAsync(_prefix);

        [Fact]
        public async Task Instances_with_their_own_connections_hammering_one_counter_add_up_exactly_and_each_add_sees_its_own_totals()
        {
            const int total = Instances * WorkersPerInstance * AddsPerWorker;
            var start = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
            var hot = new UsageCounter(UsageCounter.AllScopes, UsageCounter.AllModels, UsageWindow.Hour, start);
            DateTimeOffset expires = DateTimeOffset.UtcNow.AddDays(1);
            var amount = new UsageTotals(1, 3, 1, 2, 0.000001234567m);
            var connections = new List<ConnectionMultiplexer>();
            try
            {
                var stores = new RedisUsageStore[Instances];
                var own = new UsageCounter[Instances];
                for (int i = 0; i < Instances; i++)
                {
                    ConnectionMultiplexer connection = _redis.Connect();
                    connections.Add(connection);
                    stores[i] = new RedisUsageStore(connection, new RedisUsageStoreOptions { KeyPrefix = _prefix });
                    own[i] = new UsageCounter("instance:" + i.ToString(CultureInfo.InvariantCulture), UsageCounter.AllModels, UsageWindow.Hour, start);
                }

                var seen = new UsageTotals[Instances][][];
                var clock = Stopwatch.StartNew();
                var workers = new List<Task>();
                for (int i = 0; i < Instances; i++)
                {
                    seen[i] = new UsageTotals[WorkersPerInstance][];
                    for (int w = 0; w < WorkersPerInstance; w++)
                    {
                        int instance = i;
                        int worker = w;
                        workers.Add(Task.Run(async () =>
                        {
                            var mine = new UsageTotals[AddsPerWorker * 2];
                            var increments = new[] { new UsageIncrement(hot, amount, expires), new UsageIncrement(own[instance], amount, expires) };
                            for (int n = 0; n < AddsPerWorker; n++)
                            {
                                IReadOnlyList<UsageTotals> after = await stores[instance].AddAsync(increments).ConfigureAwait(false);
                                mine[2 * n] = after[0];
                                mine[(2 * n) + 1] = after[1];
                            }

                            seen[instance][worker] = mine;
                        }));
                    }
                }

                await Task.WhenAll(workers);
                clock.Stop();

                UsageTotals final = (await stores[0].GetAsync(new[] { hot }))[0];
                var expected = new UsageTotals(total, 3L * total, total, 2L * total, 0.000001234567m * total);
                _output.WriteLine(
                    $"{Instances} instances x {WorkersPerInstance} workers x {AddsPerWorker} adds = {total} adds (2 counters each) in {clock.Elapsed.TotalSeconds:F1} s; totals {final}");
                Assert.Equal(expected, final);

                // Every add saw the counter right after itself: the hot counter's after-totals are exactly 1..N calls,
                // each one consistent in itself; each instance's own counter saw 1..N/instances.
                long[] hotCalls = seen.SelectMany(i => i).SelectMany(m => m.Where((_, k) => k % 2 == 0)).Select(t => t.Calls).OrderBy(c => c).ToArray();
                Assert.Equal(Enumerable.Range(1, total).Select(c => (long)c), hotCalls);
                Assert.All(seen.SelectMany(i => i).SelectMany(m => m), t => Assert.Equal(new UsageTotals(t.Calls, 3 * t.Calls, t.Calls, 2 * t.Calls, 0.000001234567m * t.Calls), t));
                for (int i = 0; i < Instances; i++)
                {
                    long[] ownCalls = seen[i].SelectMany(m => m.Where((_, k) => k % 2 == 1)).Select(t => t.Calls).OrderBy(c => c).ToArray();
                    Assert.Equal(Enumerable.Range(1, WorkersPerInstance * AddsPerWorker).Select(c => (long)c), ownCalls);
                }

                // And within one worker, its adds came one after another.
                Assert.All(seen.SelectMany(i => i), m => Assert.True(IsIncreasing(m.Where((_, k) => k % 2 == 0).Select(t => t.Calls))));
            }
            finally
            {
                foreach (ConnectionMultiplexer connection in connections)
                {
                    connection.Dispose();
                }
            }
        }

        private static bool IsIncreasing(IEnumerable<long> values)
        {
            long previous = 0;
            foreach (long value in values)
            {
                if (value <= previous)
                {
                    return false;
                }

                previous = value;
            }

            return true;
        }
    }
}
