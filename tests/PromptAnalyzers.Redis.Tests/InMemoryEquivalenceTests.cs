using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    /// <summary>The Redis store answers every call as the in-memory store does, on a random run of adds.</summary>
    [Collection(RedisCollection.Name)]
    public sealed class InMemoryEquivalenceTests : IAsyncLifetime
    {
        private readonly RedisServerFixture _redis;
        private readonly string _prefix = RedisServerFixture.UniquePrefix("equivalence");

        public InMemoryEquivalenceTests(RedisServerFixture redis)
        {
            _redis = redis;
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _redis.DeleteKeysAsync(_prefix);

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public async Task A_random_run_of_adds_gives_the_same_totals_gets_and_lists_as_the_in_memory_store(int seed)
        {
            var random = new Random(seed);
            var redis = new RedisUsageStore(_redis.Connection, new RedisUsageStoreOptions { KeyPrefix = _prefix + seed + ":" });
            var memory = new InMemoryUsageStore();
            string[] scopes = { UsageCounter.AllScopes, "user:alice", "user:b|o\\b", "project:checkout", "role:ünïcode ✓" };
            string[] models = { UsageCounter.AllModels, "gpt-4o", "claude|sonnet" };
            var origin = new DateTimeOffset(2025, 1, 31, 23, 58, 0, TimeSpan.Zero);
            DateTimeOffset expires = DateTimeOffset.UtcNow.AddDays(1);
            var all = new HashSet<UsageCounter>();

            for (int call = 0; call < 200; call++)
            {
                DateTimeOffset at = origin.AddMinutes(random.Next(0, 6));
                var increments = new List<UsageIncrement>();
                var used = new HashSet<UsageCounter>();
                int count = random.Next(1, 6);
                for (int k = 0; k < count; k++)
                {
                    var counter = new UsageCounter(scopes[random.Next(scopes.Length)], models[random.Next(models.Length)], (UsageWindow)random.Next(4), at);
                    if (!used.Add(counter))
                    {
                        continue;
                    }

                    long input = random.Next(0, 5000);
                    var amount = new UsageTotals(1, input, random.Next(0, (int)input + 1), random.Next(0, 2000), random.Next(0, 1_000_000) / 1_000_000_000m);
                    increments.Add(new UsageIncrement(counter, amount, expires));
                }

                all.UnionWith(used);
                Assert.Equal(await memory.AddAsync(increments), await redis.AddAsync(increments));
            }

            UsageCounter[] counters = all.ToArray();
            Assert.Equal(await memory.GetAsync(counters), await redis.GetAsync(counters));
            foreach (UsageWindow window in new[] { UsageWindow.Minute, UsageWindow.Hour, UsageWindow.Day, UsageWindow.Month })
            {
                foreach ((DateTimeOffset from, DateTimeOffset to) in new[]
                {
                    (DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
                    (origin.AddMinutes(1), origin.AddMinutes(4)),
                    (origin.AddMinutes(2).AddSeconds(30), origin.AddDays(40)),
                })
                {
                    Assert.Equal(Sorted(await memory.ListAsync(window, from, to)), Sorted(await redis.ListAsync(window, from, to)));
                }
            }
        }

        private static List<(string, UsageTotals)> Sorted(IReadOnlyList<UsageCounterTotals> listed) =>
            listed.Select(c => (c.Counter.Id, c.Totals)).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }
}
