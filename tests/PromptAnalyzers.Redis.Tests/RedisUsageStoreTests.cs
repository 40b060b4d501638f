using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    [Collection(RedisCollection.Name)]
    public sealed class RedisUsageStoreTests : IAsyncLifetime
    {
        private static readonly DateTimeOffset s_start = new DateTimeOffset(2025, 3, 14, 10, 5, 0, TimeSpan.Zero);

        private readonly RedisServerFixture _redis;
        private readonly List<string> _prefixes = new List<string>();

        public RedisUsageStoreTests(RedisServerFixture redis)
        {
            _redis = redis;
        }

        private static DateTimeOffset Tomorrow => DateTimeOffset.UtcNow.AddDays(1);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (string prefix in _prefixes)
            {
                await _redis.DeleteKeysAsync(prefix);
            }
        }

        [Fact]
        public async Task AddAsync_returns_each_counters_totals_right_after_its_add_in_the_order_given()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter alice = Counter("user:alice", "gpt-4o");
            UsageCounter all = Counter(UsageCounter.AllScopes, UsageCounter.AllModels);

            IReadOnlyList<UsageTotals> first = await store.AddAsync(new[]
            {
                new UsageIncrement(alice, new UsageTotals(1, 100, 40, 20, 0.001m), Tomorrow),
                new UsageIncrement(all, new UsageTotals(1, 100, 40, 20, 0.001m), Tomorrow),
            });
            IReadOnlyList<UsageTotals> second = await store.AddAsync(new[]
            {
                new UsageIncrement(all, new UsageTotals(2, 50, 0, 5, 0.0005m), Tomorrow),
                new UsageIncrement(alice, new UsageTotals(1, 10, 10, 1, 0.00001m), Tomorrow),
            });

            Assert.Equal(new[] { new UsageTotals(1, 100, 40, 20, 0.001m), new UsageTotals(1, 100, 40, 20, 0.001m) }, first);
            Assert.Equal(new[] { new UsageTotals(3, 150, 40, 25, 0.0015m), new UsageTotals(2, 110, 50, 21, 0.00101m) }, second);
        }

        [Fact]
        public async Task AddAsync_with_no_increments_returns_no_totals()
        {
            RedisUsageStore store = NewStore(out _);

            Assert.Empty(await store.AddAsync(Array.Empty<UsageIncrement>()));
        }

        [Fact]
        public async Task GetAsync_returns_totals_in_the_order_asked_and_zero_for_a_counter_not_held()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter held = Counter("project:checkout", "gpt-4o-mini");
            UsageCounter other = Counter("project:checkout", "gpt-4o-mini", UsageWindow.Day);
            await store.AddAsync(new[] { new UsageIncrement(held, new UsageTotals(2, 300, 0, 70, 0.25m), Tomorrow) });

            IReadOnlyList<UsageTotals> totals = await store.GetAsync(new[] { other, held, other });

            Assert.Equal(new[] { UsageTotals.Zero, new UsageTotals(2, 300, 0, 70, 0.25m), UsageTotals.Zero }, totals);
        }

        [Fact]
        public async Task ListAsync_returns_the_counters_of_one_window_kind_starting_at_or_after_from_and_before_to()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter atFrom = Counter("user:a|b\\c", "gpt-4o|mini", UsageWindow.Minute, s_start);
            UsageCounter inside = Counter(UsageCounter.AllScopes, "gpt-4o", UsageWindow.Minute, s_start.AddMinutes(3));
            UsageCounter atTo = Counter("user:zoë 🙂", "gpt-4o", UsageWindow.Minute, s_start.AddMinutes(10));
            UsageCounter before = Counter("user:x", "gpt-4o", UsageWindow.Minute, s_start.AddMinutes(-1));
            UsageCounter otherKind = Counter("user:x", "gpt-4o", UsageWindow.Hour, s_start);
            var increments = new List<UsageIncrement>();
            long calls = 1;
            foreach (UsageCounter counter in new[] { atFrom, inside, atTo, before, otherKind })
            {
                increments.Add(new UsageIncrement(counter, new UsageTotals(calls, calls * 10, calls, calls * 2, calls * 0.01m), Tomorrow));
                calls++;
            }

            await store.AddAsync(increments);
            IReadOnlyList<UsageCounterTotals> listed = await store.ListAsync(UsageWindow.Minute, s_start, s_start.AddMinutes(10));
            IReadOnlyList<UsageCounterTotals> fromJustAfter = await store.ListAsync(UsageWindow.Minute, s_start.AddTicks(1), s_start.AddMinutes(10).AddTicks(1));

            Assert.Equal(
                new[] { (atFrom, new UsageTotals(1, 10, 1, 2, 0.01m)), (inside, new UsageTotals(2, 20, 2, 4, 0.02m)) },
                listed.Select(c => (c.Counter, c.Totals)).OrderBy(c => c.Counter.WindowStart));
            Assert.Equal(new[] { inside, atTo }, fromJustAfter.Select(c => c.Counter).OrderBy(c => c.WindowStart));
            Assert.Empty(await store.ListAsync(UsageWindow.Minute, s_start, s_start));
            Assert.Equal(new[] { otherKind }, (await store.ListAsync(UsageWindow.Hour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Select(c => c.Counter));
        }

        [Fact]
        public async Task AddAsync_keeps_the_later_of_the_held_and_the_given_expiry_on_the_counter_and_its_indexes()
        {
            RedisUsageStore store = NewStore(out string prefix);
            IDatabase db = _redis.Connection.GetDatabase();
            UsageCounter counter = Counter("user:alice", "gpt-4o", UsageWindow.Hour);
            DateTimeOffset later = WholeMilliseconds(DateTimeOffset.UtcNow.AddDays(3));
            DateTimeOffset earlier = later.AddDays(-2);
            DateTimeOffset latest = later.AddHours(5);
            var one = new UsageTotals(1, 1, 0, 1, 0m);

            await store.AddAsync(new[] { new UsageIncrement(counter, one, later) });
            long afterFirst = await ExpiryOf(db, store.GetCounterKey(counter));
            await store.AddAsync(new[] { new UsageIncrement(counter, one, earlier) });
            long afterEarlier = await ExpiryOf(db, store.GetCounterKey(counter));
            await store.AddAsync(new[] { new UsageIncrement(counter, one, latest) });
            long afterLatest = await ExpiryOf(db, store.GetCounterKey(counter));

            Assert.Equal(later.ToUnixTimeMilliseconds(), afterFirst);
            Assert.Equal(later.ToUnixTimeMilliseconds(), afterEarlier);
            Assert.Equal(latest.ToUnixTimeMilliseconds(), afterLatest);
            Assert.Equal(latest.ToUnixTimeMilliseconds(), await ExpiryOf(db, prefix + "index:hour"));
            Assert.Equal(latest.ToUnixTimeMilliseconds(), await ExpiryOf(db, prefix + "expiry:hour"));
            Assert.Equal(latest.ToUnixTimeMilliseconds(), (long)(await db.SortedSetScoreAsync(prefix + "expiry:hour", counter.Id))!.Value);
            Assert.Equal(counter.WindowStart.ToUnixTimeMilliseconds(), (long)(await db.SortedSetScoreAsync(prefix + "index:hour", counter.Id))!.Value);
        }

        [Fact]
        public async Task A_counter_whose_expiry_has_passed_is_forgotten_and_not_listed()
        {
            RedisUsageStore store = NewStore(out string prefix);
            IDatabase db = _redis.Connection.GetDatabase();
            UsageCounter counter = Counter("user:bob", "gpt-4o", UsageWindow.Day);

            IReadOnlyList<UsageTotals> after = await store.AddAsync(new[]
            {
                new UsageIncrement(counter, new UsageTotals(1, 5, 0, 5, 0.5m), DateTimeOffset.UtcNow.AddMinutes(-1)),
            });

            Assert.Equal(new UsageTotals(1, 5, 0, 5, 0.5m), after[0]);
            Assert.False(await db.KeyExistsAsync(store.GetCounterKey(counter)));
            Assert.Equal(UsageTotals.Zero, (await store.GetAsync(new[] { counter }))[0]);
            Assert.Empty(await store.ListAsync(UsageWindow.Day, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
            Assert.Null(await db.SortedSetScoreAsync(prefix + "index:day", counter.Id));
        }

        [Fact]
        public async Task ListAsync_leaves_out_and_prunes_counters_that_expired()
        {
            RedisUsageStore store = NewStore(out string prefix, new RedisUsageStoreOptions { PruneBatchSize = 0 });
            IDatabase db = _redis.Connection.GetDatabase();
            UsageCounter kept = Counter("user:kept", "gpt-4o");
            UsageCounter expired = Counter("user:expired", "gpt-4o");
            await store.AddAsync(new[]
            {
                new UsageIncrement(kept, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow),
                new UsageIncrement(expired, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow),
            });

            // Redis expires the hash the way it would at the end of its retention.
            Assert.True(await db.KeyExpireAsync(store.GetCounterKey(expired), DateTime.UtcNow.AddSeconds(-1)));
            Assert.NotNull(await db.SortedSetScoreAsync(prefix + "index:minute", expired.Id));
            IReadOnlyList<UsageCounterTotals> listed = await store.ListAsync(UsageWindow.Minute, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

            Assert.Equal(new[] { kept }, listed.Select(c => c.Counter));
            Assert.Null(await db.SortedSetScoreAsync(prefix + "index:minute", expired.Id));
            Assert.Null(await db.SortedSetScoreAsync(prefix + "expiry:minute", expired.Id));
            Assert.NotNull(await db.SortedSetScoreAsync(prefix + "index:minute", kept.Id));
        }

        [Theory]
        [InlineData(16, false)]
        [InlineData(0, true)]
        public async Task AddAsync_prunes_index_entries_whose_expiry_passed_unless_pruning_is_off(int pruneBatchSize, bool entryStays)
        {
            RedisUsageStore store = NewStore(out string prefix, new RedisUsageStoreOptions { PruneBatchSize = pruneBatchSize });
            IDatabase db = _redis.Connection.GetDatabase();
            UsageCounter old = Counter("user:old", "gpt-4o", UsageWindow.Minute, s_start.AddDays(-1));
            UsageCounter alive = Counter("user:alive", "gpt-4o", UsageWindow.Minute, s_start.AddDays(-1).AddMinutes(1));
            UsageCounter fresh = Counter("user:fresh", "gpt-4o", UsageWindow.Minute, s_start);
            await store.AddAsync(new[]
            {
                new UsageIncrement(old, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow),
                new UsageIncrement(alive, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow),
            });

            // As if the old counter's retention had run out: its hash is gone and its expiry lies in the past; the
            // alive one's expiry entry lags behind its hash's (it must be moved, not pruned).
            await db.KeyDeleteAsync(store.GetCounterKey(old));
            await db.SortedSetAddAsync(prefix + "expiry:minute", old.Id, 1);
            await db.SortedSetAddAsync(prefix + "expiry:minute", alive.Id, 2);
            await store.AddAsync(new[] { new UsageIncrement(fresh, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow) });

            Assert.Equal(entryStays, (await db.SortedSetScoreAsync(prefix + "index:minute", old.Id)).HasValue);
            Assert.Equal(entryStays, (await db.SortedSetScoreAsync(prefix + "expiry:minute", old.Id)).HasValue);
            Assert.NotNull(await db.SortedSetScoreAsync(prefix + "index:minute", alive.Id));
            double aliveExpiry = (await db.SortedSetScoreAsync(prefix + "expiry:minute", alive.Id))!.Value;
            Assert.Equal(!entryStays, aliveExpiry > DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        }

        [Theory]
        [InlineData("0")]
        [InlineData("0.000000000001")]
        [InlineData("0.00000015")]
        [InlineData("1.5")]
        [InlineData("9007.199254740993")] // 2^53 + 1 pico-dollars: a Lua number would lose the last digit
        [InlineData("123456.789012345678")]
        [InlineData("9223372.036854775807")] // the most a counter holds
        public async Task A_cost_with_at_most_12_decimal_places_round_trips_exactly(string text)
        {
            decimal cost = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            RedisUsageStore store = NewStore(out _);
            UsageCounter counter = Counter("user:cost", "gpt-4o");

            IReadOnlyList<UsageTotals> after = await store.AddAsync(new[] { new UsageIncrement(counter, new UsageTotals(1, 0, 0, 0, cost), Tomorrow) });
            UsageTotals read = (await store.GetAsync(new[] { counter }))[0];
            UsageCounterTotals listed = Assert.Single(await store.ListAsync(UsageWindow.Minute, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

            Assert.Equal(cost, after[0].Cost);
            Assert.Equal(cost, read.Cost);
            Assert.Equal(cost, listed.Totals.Cost);
            Assert.Equal(text, read.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture)); // no trailing zeros
        }

        [Fact]
        public async Task Many_small_costs_add_up_exactly()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter counter = Counter("user:cents", "gpt-4o");
            decimal expected = 0m;
            for (int i = 1; i <= 50; i++)
            {
                decimal cost = 0.000000123457m * i;
                expected += cost;
                await store.AddAsync(new[] { new UsageIncrement(counter, new UsageTotals(1, 0, 0, 0, cost), Tomorrow) });
            }

            Assert.Equal(expected, (await store.GetAsync(new[] { counter }))[0].Cost);
        }

        [Fact]
        public async Task A_cost_finer_than_a_pico_dollar_is_rounded_to_the_nearest_one()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter counter = Counter("user:fine", "gpt-4o");

            IReadOnlyList<UsageTotals> after = await store.AddAsync(new[]
            {
                new UsageIncrement(counter, new UsageTotals(1, 0, 0, 0, 0.0000000000015m), Tomorrow),
            });
            after = await store.AddAsync(new[] { new UsageIncrement(counter, new UsageTotals(1, 0, 0, 0, 0.00000000000049m), Tomorrow) });

            Assert.Equal(0.000000000002m, after[0].Cost);
        }

        [Fact]
        public async Task An_add_that_would_overflow_a_counter_throws_and_adds_nothing_of_the_call()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter full = Counter("user:full", "gpt-4o");
            UsageCounter bystander = Counter("user:bystander", "gpt-4o");
            await store.AddAsync(new[] { new UsageIncrement(full, new UsageTotals(long.MaxValue - 1, 0, 0, 0, RedisUsageStore.MaxCost), Tomorrow) });

            OverflowException cost = await Assert.ThrowsAsync<OverflowException>(() => store.AddAsync(new[]
            {
                new UsageIncrement(bystander, new UsageTotals(1, 1, 0, 1, 0.1m), Tomorrow),
                new UsageIncrement(full, new UsageTotals(0, 0, 0, 0, 0.000000000001m), Tomorrow),
            }));
            OverflowException calls = await Assert.ThrowsAsync<OverflowException>(() => store.AddAsync(new[]
            {
                new UsageIncrement(bystander, new UsageTotals(1, 1, 0, 1, 0.1m), Tomorrow),
                new UsageIncrement(full, new UsageTotals(2, 0, 0, 0, 0m), Tomorrow),
            }));
            IReadOnlyList<UsageTotals> totals = await store.GetAsync(new[] { full, bystander });

            Assert.Contains(full.Id, cost.Message);
            Assert.Contains("cost", cost.Message);
            Assert.Contains("9223372.036854775807", cost.Message);
            Assert.Contains("calls", calls.Message);
            Assert.Equal(new UsageTotals(long.MaxValue - 1, 0, 0, 0, RedisUsageStore.MaxCost), totals[0]);
            Assert.Equal(UsageTotals.Zero, totals[1]);

            IReadOnlyList<UsageTotals> upToTheTop = await store.AddAsync(new[] { new UsageIncrement(full, new UsageTotals(1, 0, 0, 0, 0m), Tomorrow) });
            Assert.Equal(long.MaxValue, upToTheTop[0].Calls);
        }

        [Fact]
        public async Task An_increment_costing_more_than_a_counter_holds_throws_before_anything_is_sent()
        {
            RedisUsageStore store = NewStore(out string prefix);
            UsageCounter counter = Counter("user:rich", "gpt-4o");

            OverflowException error = await Assert.ThrowsAsync<OverflowException>(() => store.AddAsync(new[]
            {
                new UsageIncrement(counter, new UsageTotals(1, 0, 0, 0, RedisUsageStore.MaxCost + 0.000000000001m), Tomorrow),
            }));

            Assert.Contains(counter.Id, error.Message);
            Assert.False(await _redis.Connection.GetDatabase().KeyExistsAsync(store.GetCounterKey(counter)));
            Assert.False(await _redis.Connection.GetDatabase().KeyExistsAsync(prefix + "index:minute"));
        }

        [Fact]
        public async Task A_cancelled_token_throws_and_adds_nothing()
        {
            RedisUsageStore store = NewStore(out _);
            UsageCounter counter = Counter("user:cancel", "gpt-4o");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                store.AddAsync(new[] { new UsageIncrement(counter, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow) }, cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync(new[] { counter }, cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                store.ListAsync(UsageWindow.Minute, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancelled.Token));

            Assert.Equal(UsageTotals.Zero, (await store.GetAsync(new[] { counter }))[0]);
        }

        [Fact]
        public async Task Adds_go_on_after_the_server_forgets_its_scripts()
        {
            using ConnectionMultiplexer admin = _redis.ConnectAdmin();
            string prefix = Track(RedisServerFixture.UniquePrefix("flush"));
            var store = new RedisUsageStore(admin, new RedisUsageStoreOptions { KeyPrefix = prefix });
            UsageCounter counter = Counter("user:flush", "gpt-4o");
            var one = new UsageTotals(1, 2, 0, 3, 0.5m);
            await store.AddAsync(new[] { new UsageIncrement(counter, one, Tomorrow) });

            // A restart or a failover empties the server's script cache; the client must send the script again.
            await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();
            IReadOnlyList<UsageTotals> after = await store.AddAsync(new[] { new UsageIncrement(counter, one, Tomorrow) });

            Assert.Equal(one + one, after[0]);
        }

        [Fact]
        public async Task Stores_with_one_prefix_share_counters_and_stores_with_another_do_not()
        {
            string prefix = Track(RedisServerFixture.UniquePrefix("share"));
            string otherPrefix = Track(RedisServerFixture.UniquePrefix("share-other"));
            using ConnectionMultiplexer second = _redis.Connect();
            var first = new RedisUsageStore(_redis.Connection, new RedisUsageStoreOptions { KeyPrefix = prefix });
            var sameFleet = new RedisUsageStore(second, new RedisUsageStoreOptions { KeyPrefix = prefix });
            var otherService = new RedisUsageStore(_redis.Connection, new RedisUsageStoreOptions { KeyPrefix = otherPrefix });
            UsageCounter counter = Counter("user:alice", "gpt-4o");
            var one = new UsageTotals(1, 10, 0, 5, 0.01m);

            await first.AddAsync(new[] { new UsageIncrement(counter, one, Tomorrow) });
            IReadOnlyList<UsageTotals> fleet = await sameFleet.AddAsync(new[] { new UsageIncrement(counter, one, Tomorrow) });
            IReadOnlyList<UsageTotals> other = await otherService.AddAsync(new[] { new UsageIncrement(counter, one, Tomorrow) });

            Assert.Equal(one + one, fleet[0]);
            Assert.Equal(one, other[0]);
            Assert.Equal(one + one, (await first.GetAsync(new[] { counter }))[0]);
            Assert.StartsWith(prefix, (string)first.GetCounterKey(counter)!);
        }

        [Fact]
        public async Task The_database_option_selects_the_database_written()
        {
            RedisUsageStore store = NewStore(out string prefix, new RedisUsageStoreOptions { Database = 3 });
            UsageCounter counter = Counter("user:db", "gpt-4o");

            await store.AddAsync(new[] { new UsageIncrement(counter, new UsageTotals(1, 1, 0, 1, 0m), Tomorrow) });

            Assert.True(await _redis.Connection.GetDatabase(3).KeyExistsAsync(store.GetCounterKey(counter)));
            Assert.False(await _redis.Connection.GetDatabase(0).KeyExistsAsync(store.GetCounterKey(counter)));
            await _redis.DeleteKeysAsync(prefix, 3);
        }

        [Fact]
        public async Task Bad_arguments_are_rejected_with_clear_exceptions()
        {
            Assert.Throws<ArgumentNullException>("connection", () => new RedisUsageStore(null!));
            Assert.Throws<ArgumentNullException>(() => new RedisUsageStoreOptions { KeyPrefix = null! });
            Assert.Throws<ArgumentOutOfRangeException>(() => new RedisUsageStoreOptions { Database = -2 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new RedisUsageStoreOptions { PruneBatchSize = -1 });
            RedisUsageStore store = NewStore(out _);
            Assert.Throws<ArgumentException>(() => store.GetCounterKey(default));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.AddAsync(null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetAsync(null!));
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(new[] { default(UsageCounter) }));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync((UsageWindow)42, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        }

        [Fact]
        public void The_default_key_prefix_is_promptanalyzers_and_a_counters_key_ends_with_its_id()
        {
            var store = new RedisUsageStore(_redis.Connection);

            Assert.Equal("promptanalyzers:", store.KeyPrefix);
            Assert.Equal("promptanalyzers:counter:*|*|day|20250314T0000", (string)store.GetCounterKey(Counter("*", "*", UsageWindow.Day))!);
        }

        private RedisUsageStore NewStore(out string prefix, RedisUsageStoreOptions? options = null)
        {
            prefix = Track(RedisServerFixture.UniquePrefix("store"));
            options ??= new RedisUsageStoreOptions();
            options.KeyPrefix = prefix;
            return new RedisUsageStore(_redis.Connection, options);
        }

        private string Track(string prefix)
        {
            _prefixes.Add(prefix);
            return prefix;
        }

        private static UsageCounter Counter(string scope, string model, UsageWindow window = UsageWindow.Minute, DateTimeOffset? start = null) =>
            new UsageCounter(scope, model, window, start ?? s_start);

        private static DateTimeOffset WholeMilliseconds(DateTimeOffset instant) =>
            DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

        private static async Task<long> ExpiryOf(IDatabase db, RedisKey key) => (long)await db.ExecuteAsync("PEXPIRETIME", key);
    }
}
