using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace PromptAnalyzers.Redis
{
    /// <summary>
    /// An <see cref="IUsageStore"/> in Redis, shared by every instance of a scaled-out service: each add is one Lua
    /// script, atomic on the server, so the totals of all instances add up exactly and every add sees its own totals
    /// after it. Counters expire with their windows' retention; costs are kept as whole 10⁻¹² dollars.
    /// </summary>
    /// <remarks>
    /// Keys, after <see cref="RedisUsageStoreOptions.KeyPrefix"/>: <c>counter:{id}</c>, a hash per counter
    /// (<c>calls</c>, <c>input</c>, <c>cached</c>, <c>output</c>, <c>cost</c> in pico-dollars, <c>scope</c>,
    /// <c>model</c>), where <c>{id}</c> is <see cref="UsageCounter.Id"/>; <c>index:{window}</c>, a sorted set per window
    /// kind of the counters' ids by window start (Unix milliseconds); <c>expiry:{window}</c>, the same ids by expiry.
    /// Needs Redis 5 or later. The store does not own the connection.
    /// </remarks>
    public sealed class RedisUsageStore : IUsageStore
    {
        private const string CounterSegment = "counter:";
        private const int PruneChunk = 256;
        private const long UnixEpochTicks = 621_355_968_000_000_000L;

        private static readonly UsageWindow[] s_windows = { UsageWindow.Minute, UsageWindow.Hour, UsageWindow.Day, UsageWindow.Month };
        private static readonly RedisValue[] s_totalFields = { "calls", "input", "cached", "output", "cost" };
        private static readonly RedisValue[] s_listFields = { "calls", "input", "cached", "output", "cost", "scope", "model" };

        private readonly IDatabase _database;
        private readonly string _keyPrefix;
        private readonly string _counterPrefix;
        private readonly RedisValue _counterPrefixValue;
        private readonly RedisValue _pruneBatchSize;
        private readonly RedisKey[] _indexKeys;
        private readonly RedisKey[] _expiryKeys;

        /// <summary>A store on <paramref name="connection"/>, which the caller keeps open for the store's life and disposes.</summary>
        /// <param name="connection">The connection, usually the application's one <see cref="ConnectionMultiplexer"/>.</param>
        /// <param name="options">Key prefix, database and pruning; the defaults when null. Read once, here.</param>
        /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
        public RedisUsageStore(IConnectionMultiplexer connection, RedisUsageStoreOptions? options = null)
        {
            if (connection is null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            options ??= new RedisUsageStoreOptions();
            _database = connection.GetDatabase(options.Database);
            _keyPrefix = options.KeyPrefix;
            _counterPrefix = _keyPrefix + CounterSegment;
            _counterPrefixValue = _counterPrefix;
            _pruneBatchSize = options.PruneBatchSize;
            _indexKeys = new RedisKey[s_windows.Length];
            _expiryKeys = new RedisKey[s_windows.Length];
            foreach (UsageWindow window in s_windows)
            {
                _indexKeys[(int)window] = _keyPrefix + "index:" + UsageCounter.WindowName(window);
                _expiryKeys[(int)window] = _keyPrefix + "expiry:" + UsageCounter.WindowName(window);
            }
        }

        /// <summary>The most cost one counter can hold: 2⁶³ − 1 pico-dollars, $9,223,372.036854775807.</summary>
        public const decimal MaxCost = PicoDollars.MaxDollars;

        /// <summary>The start of every key the store writes.</summary>
        public string KeyPrefix => _keyPrefix;

        /// <summary>The Redis key of a counter's hash: the prefix, <c>counter:</c> and <see cref="UsageCounter.Id"/>.</summary>
        /// <exception cref="ArgumentException">The counter is <c>default</c>.</exception>
        public RedisKey GetCounterKey(UsageCounter counter)
        {
            if (counter.Scope is null)
            {
                throw new ArgumentException("A default UsageCounter is not a counter.", nameof(counter));
            }

            return _counterPrefix + counter.Id;
        }

        /// <inheritdoc/>
        /// <exception cref="OverflowException">
        /// An add would take a total past 2⁶³ − 1 (or a cost past <see cref="MaxCost"/>); nothing of the call is added.
        /// </exception>
        /// <remarks>
        /// One round trip and one script for all the increments. Costs are rounded to whole 10⁻¹² dollars (midpoints away
        /// from zero); costs with at most 12 decimal places are kept exactly. An expiry already past makes Redis forget a
        /// counter that has no later one. A cancelled token stops the wait, not an add already sent.
        /// </remarks>
        public async Task<IReadOnlyList<UsageTotals>> AddAsync(IReadOnlyList<UsageIncrement> increments, CancellationToken cancellationToken = default)
        {
            if (increments is null)
            {
                throw new ArgumentNullException(nameof(increments));
            }

            cancellationToken.ThrowIfCancellationRequested();
            int count = increments.Count;
            if (count == 0)
            {
                return Array.Empty<UsageTotals>();
            }

            var keys = new RedisKey[count * RedisScripts.KeysPerIncrement];
            var values = new RedisValue[2 + (count * RedisScripts.ArgumentsPerIncrement)];
            values[0] = _counterPrefixValue;
            values[1] = _pruneBatchSize;
            for (int i = 0; i < count; i++)
            {
                UsageIncrement increment = increments[i];
                UsageCounter counter = increment.Counter;
                string id = GetCounterId(counter, i);
                int window = (int)counter.Window;
                keys[(i * 3) + 0] = _counterPrefix + id;
                keys[(i * 3) + 1] = _indexKeys[window];
                keys[(i * 3) + 2] = _expiryKeys[window];

                int v = 2 + (i * RedisScripts.ArgumentsPerIncrement);
                values[v++] = id;
                values[v++] = counter.Scope;
                values[v++] = counter.Model;
                values[v++] = counter.WindowStart.ToUnixTimeMilliseconds();
                values[v++] = increment.ExpiresAt.ToUnixTimeMilliseconds();
                UsageTotals amount = increment.Amount;
                long cost;
                try
                {
                    cost = PicoDollars.FromDollars(amount.Cost);
                }
                catch (OverflowException ex)
                {
                    throw new OverflowException($"The cost to add to the usage counter '{id}' is too large. {ex.Message}", ex);
                }

                foreach (long part in new[] { amount.Calls, amount.InputTokens, amount.CachedInputTokens, amount.OutputTokens, cost })
                {
                    values[v++] = part.ToString(CultureInfo.InvariantCulture);
                    values[v++] = (long.MaxValue - part).ToString(CultureInfo.InvariantCulture);
                }
            }

            RedisResult result;
            try
            {
                result = await WaitAsync(_database.ScriptEvaluateAsync(RedisScripts.Add, keys, values), cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.IndexOf(RedisScripts.OverflowMarker, StringComparison.Ordinal) >= 0)
            {
                throw Overflow(ex, increments);
            }

            RedisResult[] totals = (RedisResult[])result!;
            if (totals.Length != count * 5)
            {
                throw new InvalidOperationException($"The Redis usage script returned {totals.Length} values for {count} counters; expected {count * 5}.");
            }

            var after = new UsageTotals[count];
            for (int i = 0; i < count; i++)
            {
                after[i] = ReadTotals(_counterPrefix + increments[i].Counter.Id,
                    (RedisValue)totals[i * 5], (RedisValue)totals[(i * 5) + 1], (RedisValue)totals[(i * 5) + 2],
                    (RedisValue)totals[(i * 5) + 3], (RedisValue)totals[(i * 5) + 4]);
            }

            return after;
        }

        /// <inheritdoc/>
        public async Task<IReadOnlyList<UsageTotals>> GetAsync(IReadOnlyList<UsageCounter> counters, CancellationToken cancellationToken = default)
        {
            if (counters is null)
            {
                throw new ArgumentNullException(nameof(counters));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var reads = new Task<RedisValue[]>[counters.Count];
            var keys = new string[counters.Count];
            for (int i = 0; i < reads.Length; i++)
            {
                keys[i] = _counterPrefix + GetCounterId(counters[i], i);
                reads[i] = _database.HashGetAsync(keys[i], s_totalFields);
            }

            await WaitAsync(Task.WhenAll(reads), cancellationToken).ConfigureAwait(false);
            var totals = new UsageTotals[reads.Length];
            for (int i = 0; i < reads.Length; i++)
            {
                RedisValue[] fields = reads[i].Result;
                totals[i] = ReadTotals(keys[i], fields[0], fields[1], fields[2], fields[3], fields[4]);
            }

            return totals;
        }

        /// <inheritdoc/>
        /// <remarks>
        /// Reads the window kind's index, then every listed counter; index entries whose counter has expired are
        /// removed on the way (checked again on the server, so a counter re-created meanwhile keeps its entry).
        /// </remarks>
        public async Task<IReadOnlyList<UsageCounterTotals>> ListAsync(UsageWindow window, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            string windowName = UsageCounter.WindowName(window);
            cancellationToken.ThrowIfCancellationRequested();
            var found = new List<UsageCounterTotals>();
            if (from >= to)
            {
                return found;
            }

            RedisKey indexKey = _indexKeys[(int)window];
            RedisKey expiryKey = _expiryKeys[(int)window];

            // A window start (whole milliseconds) is >= from, and < to, exactly when it is >= and < their ceilings.
            SortedSetEntry[] entries = await WaitAsync(
                _database.SortedSetRangeByScoreWithScoresAsync(indexKey, CeilingMilliseconds(from), CeilingMilliseconds(to), Exclude.Stop),
                cancellationToken).ConfigureAwait(false);

            var reads = new Task<RedisValue[]>[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                reads[i] = _database.HashGetAsync(_counterPrefix + (string)entries[i].Element!, s_listFields);
            }

            await WaitAsync(Task.WhenAll(reads), cancellationToken).ConfigureAwait(false);
            var gone = new List<RedisValue>();
            for (int i = 0; i < entries.Length; i++)
            {
                RedisValue[] fields = reads[i].Result;
                string key = _counterPrefix + (string)entries[i].Element!;
                if (fields[0].IsNull && fields[5].IsNull)
                {
                    gone.Add(entries[i].Element);
                    continue;
                }

                if (fields[5].IsNull || fields[6].IsNull)
                {
                    throw new InvalidOperationException($"The Redis hash '{key}' has no scope or model: it was not written by a RedisUsageStore.");
                }

                DateTimeOffset start = DateTimeOffset.FromUnixTimeMilliseconds((long)entries[i].Score);
                var counter = new UsageCounter((string)fields[5]!, (string)fields[6]!, window, start);
                if (counter.WindowStart != start || counter.WindowStart < from || counter.WindowStart >= to)
                {
                    throw new InvalidOperationException(
                        $"The Redis index '{indexKey}' lists '{entries[i].Element}' at {start:O}, which is not the start of a {windowName} window.");
                }

                found.Add(new UsageCounterTotals(counter, ReadTotals(key, fields[0], fields[1], fields[2], fields[3], fields[4])));
            }

            for (int offset = 0; offset < gone.Count; offset += PruneChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int chunk = Math.Min(PruneChunk, gone.Count - offset);
                var keys = new RedisKey[2 + chunk];
                var ids = new RedisValue[chunk];
                keys[0] = indexKey;
                keys[1] = expiryKey;
                for (int i = 0; i < chunk; i++)
                {
                    ids[i] = gone[offset + i];
                    keys[2 + i] = _counterPrefix + (string)ids[i]!;
                }

                await WaitAsync(_database.ScriptEvaluateAsync(RedisScripts.Prune, keys, ids), cancellationToken).ConfigureAwait(false);
            }

            return found;
        }

        private static string GetCounterId(UsageCounter counter, int index)
        {
            if (counter.Scope is null)
            {
                throw new ArgumentException($"Item {index} is a default UsageCounter, which is not a counter.");
            }

            return counter.Id;
        }

        private static double CeilingMilliseconds(DateTimeOffset instant)
        {
            long ticks = instant.UtcTicks - UnixEpochTicks;
            long milliseconds = ticks / TimeSpan.TicksPerMillisecond;
            if (ticks % TimeSpan.TicksPerMillisecond > 0)
            {
                milliseconds++;
            }

            return milliseconds;
        }

        private static UsageTotals ReadTotals(string key, RedisValue calls, RedisValue input, RedisValue cached, RedisValue output, RedisValue cost)
        {
            try
            {
                return new UsageTotals(ReadLong(calls), ReadLong(input), ReadLong(cached), ReadLong(output), PicoDollars.ToDollars(ReadLong(cost)));
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is ArgumentOutOfRangeException)
            {
                throw new InvalidOperationException(
                    $"The Redis hash '{key}' does not hold usage totals (calls {calls}, input {input}, cached {cached}, output {output}, cost {cost}).", ex);
            }
        }

        private static long ReadLong(RedisValue value) =>
            value.IsNull ? 0L : long.Parse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        private static Exception Overflow(RedisServerException error, IReadOnlyList<UsageIncrement> increments)
        {
            // "PROMPTANALYZERS_OVERFLOW <1-based increment> <field>"
            string message = error.Message;
            string[] words = message.Substring(message.IndexOf(RedisScripts.OverflowMarker, StringComparison.Ordinal)).Split(' ');
            string counter = "?";
            string field = words.Length > 2 ? words[2] : "?";
            if (words.Length > 1 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && index >= 1 && index <= increments.Count)
            {
                counter = increments[index - 1].Counter.Id;
            }

            string limit = field == "cost" ? $"${MaxCost.ToString(CultureInfo.InvariantCulture)}" : long.MaxValue.ToString(CultureInfo.InvariantCulture);
            return new OverflowException(
                $"Adding to the usage counter '{counter}' would take its {field} past the most a Redis counter holds ({limit}); nothing of this add was made.",
                error);
        }

        private static Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
        {
#if NET8_0_OR_GREATER
            return task.WaitAsync(cancellationToken);
#else
            return !cancellationToken.CanBeCanceled || task.IsCompleted ? task : WaitSlowAsync(task, cancellationToken);
#endif
        }

        private static async Task WaitAsync(Task task, CancellationToken cancellationToken)
        {
#if NET8_0_OR_GREATER
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
            await WaitAsync(WrapAsync(task), cancellationToken).ConfigureAwait(false);
#endif
        }

#if !NET8_0_OR_GREATER
        private static async Task<bool> WrapAsync(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        private static async Task<T> WaitSlowAsync<T>(Task<T> task, CancellationToken cancellationToken)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    // The command goes on; observe its outcome so a late failure is not an unobserved exception.
                    _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            return await task.ConfigureAwait(false);
        }
#endif
    }
}
