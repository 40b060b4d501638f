using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    /// <summary>Trackers and enforcers of several service instances, each with its own connection, on one Redis.</summary>
    [Collection(RedisCollection.Name)]
    public sealed class TrackerFleetTests : IAsyncLifetime
    {
        private const int Instances = 3;
        private const int WorkersPerInstance = 4;
        private const int CallsPerWorker = 250;
        private const string Model = "gpt-4o-mini";

        private readonly RedisServerFixture _redis;
        private readonly string _prefix = RedisServerFixture.UniquePrefix("fleet");
        private readonly List<ConnectionMultiplexer> _connections = new List<ConnectionMultiplexer>();

        // Windows follow this clock; Redis expiry follows the server's, so the clock stays near the real time.
        private readonly FixedClock _clock = new FixedClock(DateTimeOffset.UtcNow);

        public TrackerFleetTests(RedisServerFixture redis)
        {
            _redis = redis;
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (ConnectionMultiplexer connection in _connections)
            {
                connection.Dispose();
            }

            await _redis.DeleteKeysAsync(_prefix);
        }

        [Fact]
        public async Task Trackers_of_several_instances_add_up_to_one_set_of_totals()
        {
            UsageTracker[] trackers = Enumerable.Range(0, Instances).Select(_ => new UsageTracker(NewStore(), timeProvider: _clock)).ToArray();
            UsageKey alice = UsageKey.User("alice");
            UsageKey bob = UsageKey.User("bob");
            UsageKey checkout = UsageKey.Project("checkout");
            var usage = new TokenUsage(inputTokens: 1_200, outputTokens: 300, cachedInputTokens: 1_000);
            var records = new ConcurrentBag<UsageRecord>();

            await Task.WhenAll(trackers.SelectMany(tracker => Enumerable.Range(0, WorkersPerInstance).Select(worker => Task.Run(async () =>
            {
                for (int n = 0; n < CallsPerWorker; n++)
                {
                    UsageKey user = (n % 2 == 0) ? alice : bob;
                    records.Add(await tracker.RecordAsync(Model, usage, new[] { user, checkout }));
                }
            }))));

            const int total = Instances * WorkersPerInstance * CallsPerWorker;
            UsageTotals one = records.First().Totals;
            Assert.True(records.First().IsPriced);
            Assert.True(one.Cost > 0);
            Assert.All(records, r => Assert.Equal(one, r.Totals));
            UsageTotals Times(long count) => new UsageTotals(count * one.Calls, count * one.InputTokens, count * one.CachedInputTokens, count * one.OutputTokens, count * one.Cost);

            UsageTracker reader = new UsageTracker(NewStore(), timeProvider: _clock);
            foreach (UsageWindow window in new[] { UsageWindow.Minute, UsageWindow.Hour, UsageWindow.Day, UsageWindow.Month })
            {
                Assert.Equal(Times(total), await reader.GetTotalsAsync(null, null, window));
                Assert.Equal(Times(total), await reader.GetTotalsAsync(checkout, Model, window));
                Assert.Equal(Times(total / 2), await reader.GetTotalsAsync(alice, null, window));
                Assert.Equal(Times(total / 2), await reader.GetTotalsAsync(bob, Model, window));
            }

            UsageReport report = await reader.GetReportAsync(UsageWindow.Day);
            Assert.Equal(Times(total), report.Total);
            Assert.Equal(Times(total / 2), report.ForKey(alice));
            Assert.Equal(Times(total), report.ForModel(Model));
        }

        [Fact]
        public async Task Enforcers_of_several_instances_raise_each_alert_exactly_once_for_the_fleet()
        {
            var usage = new TokenUsage(inputTokens: 80, outputTokens: 20);
            const int charges = Instances * WorkersPerInstance * CallsPerWorker;
            var alerts = new ConcurrentQueue<BudgetAlert>();
            BudgetEnforcer[] enforcers = Enumerable.Range(0, Instances).Select(_ =>
            {
                var enforcer = new BudgetEnforcer(new UsageTracker(NewStore(), timeProvider: _clock), new[]
                {
                    // Every charge is 100 tokens: the fleet reaches the limit with its last charge.
                    new BudgetPolicy("fleet-daily-tokens") { Window = UsageWindow.Day, MaxTokens = 100L * charges },
                });
                enforcer.AlertRaised += (_, alert) => alerts.Enqueue(alert);
                return enforcer;
            }).ToArray();

            await Task.WhenAll(enforcers.SelectMany(enforcer => Enumerable.Range(0, WorkersPerInstance).Select(_ => Task.Run(async () =>
            {
                for (int n = 0; n < CallsPerWorker; n++)
                {
                    await enforcer.ChargeAsync(Model, usage);
                }
            }))));

            Assert.Equal(new[] { 0.5, 0.8, 1.0 }, alerts.Select(a => a.Threshold).OrderBy(t => t));
            Assert.All(alerts, a => Assert.Equal(UsageCounter.AllScopes, a.Scope));
            Assert.Equal(100L * charges, (await enforcers[0].Tracker.GetTotalsAsync(null, null, UsageWindow.Day)).TotalTokens);
        }

        private RedisUsageStore NewStore()
        {
            ConnectionMultiplexer connection = _redis.Connect();
            _connections.Add(connection);
            return new RedisUsageStore(connection, new RedisUsageStoreOptions { KeyPrefix = _prefix });
        }
    }
}
