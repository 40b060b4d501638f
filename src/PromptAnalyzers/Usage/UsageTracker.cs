using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PromptAnalyzers
{
    /// <summary>
    /// Records the usage of LLM calls into an <see cref="IUsageStore"/> and reads it back: per key (user, role,
    /// project, ...), per model, per minute, hour, day and month, in tokens and list-price dollars.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each <see cref="RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/> adds the call to the counters of scope <see cref="UsageCounter.AllScopes"/> and of
    /// each of its keys, each for the call's model and for <see cref="UsageCounter.AllModels"/>, in the current window of
    /// every <see cref="UsageWindow"/> kind: (1 + keys) × 2 × 4 counters, in one <see cref="IUsageStore.AddAsync"/> call.
    /// Totals are exact under concurrent use as far as the store's adds are atomic per counter (both stores shipped are).
    /// </para>
    /// <para>Thread-safe. The tracker keeps a copy of its options.</para>
    /// </remarks>
    public sealed class UsageTracker
    {
        private static readonly int s_allHash = StringComparer.Ordinal.GetHashCode(UsageCounter.AllScopes);
        private static readonly UsageWindow[] s_windows = { UsageWindow.Minute, UsageWindow.Hour, UsageWindow.Day, UsageWindow.Month };

        private readonly PromptBudgetMetrics? _metrics;
        private readonly CachedTokensConvention? _convention;
        private readonly CostOptions _includedOptions;
        private readonly CostOptions _separateOptions;

        /// <summary>Creates a tracker.</summary>
        /// <param name="store">Where totals are kept; null for a new <see cref="InMemoryUsageStore"/> on <paramref name="timeProvider"/>.</param>
        /// <param name="costEstimator">Prices the calls; null for <see cref="CostEstimator.Default"/>.</param>
        /// <param name="options">Retention and pricing options; null for the defaults.</param>
        /// <param name="timeProvider">The clock that decides each call's windows; null for <see cref="TimeProvider.System"/>.</param>
        /// <param name="metrics">Where each recorded call is reported as metrics; null for none.</param>
        public UsageTracker(
            IUsageStore? store = null,
            CostEstimator? costEstimator = null,
            UsageTrackerOptions? options = null,
            TimeProvider? timeProvider = null,
            PromptBudgetMetrics? metrics = null)
        {
            TimeProvider = timeProvider ?? TimeProvider.System;
            Store = store ?? new InMemoryUsageStore(TimeProvider);
            CostEstimator = costEstimator ?? CostEstimator.Default;
            Options = (options ?? new UsageTrackerOptions()).Clone();
            _metrics = metrics;
            _convention = Options.CostOptions?.CachedTokens;
            bool batch = Options.CostOptions?.Batch ?? false;
            _includedOptions = new CostOptions { Batch = batch, CachedTokens = CachedTokensConvention.IncludedInInput };
            _separateOptions = new CostOptions { Batch = batch, CachedTokens = CachedTokensConvention.SeparateFromInput };
        }

        /// <summary>Where totals are kept.</summary>
        public IUsageStore Store { get; }

        /// <summary>Prices the calls.</summary>
        public CostEstimator CostEstimator { get; }

        /// <summary>The clock that decides each call's windows.</summary>
        public TimeProvider TimeProvider { get; }

        internal UsageTrackerOptions Options { get; }

        internal PromptBudgetMetrics? Metrics => _metrics;

        /// <summary>
        /// Records one call: prices its usage, then adds it to the counters of scope <see cref="UsageCounter.AllScopes"/>
        /// and of every key, for the model and for <see cref="UsageCounter.AllModels"/>, in the current window of every kind.
        /// </summary>
        /// <param name="model">The model as you name it in policies and reports (a catalog name, alias or snapshot prices it).</param>
        /// <param name="usage">The usage the provider reported.</param>
        /// <param name="keys">Who the call is attributed to (duplicates count once); null or empty for the application only.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>
        /// What was recorded. A model the catalog does not know, or one without list prices, is recorded with a cost of 0
        /// and <see cref="UsageRecord.IsPriced"/> false: pricing never makes a record fail.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// <paramref name="model"/> is empty or <c>*</c>; a key is <c>default</c>; or, read as
        /// <see cref="CachedTokensConvention.IncludedInInput"/>, the usage's cache reads and writes exceed its input tokens
        /// (Anthropic-style usage for a model the catalog does not know: set <see cref="UsageTrackerOptions.CostOptions"/>'
        /// <see cref="CostOptions.CachedTokens"/>); or batch pricing was asked for a model without a batch price.
        /// </exception>
        public async Task<UsageRecord> RecordAsync(string model, TokenUsage usage, IEnumerable<UsageKey>? keys = null, CancellationToken cancellationToken = default) =>
            (await RecordCoreAsync(model, usage, keys, options: null, cancellationToken).ConfigureAwait(false)).Record;

        /// <summary>
        /// Records one call as <see cref="RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/> does,
        /// with the response's model for the metrics and whether its token usage is reported there.
        /// </summary>
        /// <param name="model">The model the call asked for.</param>
        /// <param name="usage">The usage the provider reported.</param>
        /// <param name="keys">Who the call is attributed to; null or empty for the application only.</param>
        /// <param name="options">The response model and the metrics switch; null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>What was recorded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        /// <exception cref="ArgumentException">As for <see cref="RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/>.</exception>
        public async Task<UsageRecord> RecordAsync(string model, TokenUsage usage, IEnumerable<UsageKey>? keys, UsageRecordOptions? options, CancellationToken cancellationToken = default) =>
            (await RecordCoreAsync(model, usage, keys, options, cancellationToken).ConfigureAwait(false)).Record;

        /// <summary>The totals of one scope and model in the current window of a kind.</summary>
        /// <param name="key">The key; null for every call.</param>
        /// <param name="model">The model as recorded; null for every model.</param>
        /// <param name="window">The kind of window: the one that contains the tracker's current time is read.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <exception cref="ArgumentException"><paramref name="key"/> is <c>default</c>, or <paramref name="model"/> is empty.</exception>
        public async Task<UsageTotals> GetTotalsAsync(UsageKey? key, string? model, UsageWindow window, CancellationToken cancellationToken = default)
        {
            string scope = key is { } k ? UsageReport.RequireKey(k) : UsageCounter.AllScopes;
            var counter = new UsageCounter(scope, model ?? UsageCounter.AllModels, window, TimeProvider.GetUtcNow());
            IReadOnlyList<UsageTotals> totals = await Store.GetAsync(new[] { counter }, cancellationToken).ConfigureAwait(false);
            return totals[0];
        }

        /// <summary>
        /// The totals per scope and model over [<paramref name="from"/>, <paramref name="to"/>): <paramref name="from"/> is
        /// rounded down and <paramref name="to"/> up to whole minutes, and the range is read as the fewest aligned month,
        /// day, hour and minute counters that cover it exactly (at most seven <see cref="IUsageStore.ListAsync"/> calls).
        /// </summary>
        /// <remarks>
        /// A range reads the finest counters only at its uneven edges, and those must still be kept: with the default
        /// retention, minute counters last 2 hours and hour counters 3 days after they end, so reports on older
        /// usage should start and end on whole hours (older than 2 hours) or whole days (older than 3 days).
        /// </remarks>
        /// <param name="from">The start (inclusive).</param>
        /// <param name="to">The end (exclusive); not before <paramref name="from"/>.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
        public async Task<UsageReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            if (to < from)
            {
                throw new ArgumentOutOfRangeException(nameof(to), to, $"The end of a report's range cannot be before its start ({from:O}).");
            }

            DateTimeOffset start = UsageWindows.StartOf(UsageWindow.Minute, from);
            DateTimeOffset end = UsageWindows.StartOf(UsageWindow.Minute, to);
            if (end < to)
            {
                end = end.AddMinutes(1);
            }

            var totals = new Dictionary<(string Scope, string Model), UsageTotals>();
            foreach ((UsageWindow window, DateTimeOffset runStart, DateTimeOffset runEnd) in Decompose(start, end))
            {
                IReadOnlyList<UsageCounterTotals> found = await Store.ListAsync(window, runStart, runEnd, cancellationToken).ConfigureAwait(false);
                foreach (UsageCounterTotals item in found)
                {
                    (string Scope, string Model) id = (item.Counter.Scope, item.Counter.Model);
                    totals[id] = totals.TryGetValue(id, out UsageTotals sum) ? sum + item.Totals : item.Totals;
                }
            }

            return new UsageReport(start, end, totals);
        }

        /// <summary>The totals per scope and model in the current window of a kind (this minute, hour, day or month so far).</summary>
        /// <param name="currentWindow">The kind of window that contains the tracker's current time.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="currentWindow"/> is not a defined value.</exception>
        public Task<UsageReport> GetReportAsync(UsageWindow currentWindow, CancellationToken cancellationToken = default)
        {
            DateTimeOffset start = UsageWindows.StartOf(currentWindow, TimeProvider.GetUtcNow());
            return GetReportAsync(start, UsageWindows.EndOf(currentWindow, start), cancellationToken);
        }

        /// <summary>
        /// The fewest aligned windows that tile [start, end) (both minute-aligned), as runs of one kind each: the greedy
        /// choice of the largest window that starts at the cursor and fits is optimal because the kinds nest.
        /// </summary>
        internal static List<(UsageWindow Window, DateTimeOffset From, DateTimeOffset To)> Decompose(DateTimeOffset start, DateTimeOffset end)
        {
            var runs = new List<(UsageWindow Window, DateTimeOffset From, DateTimeOffset To)>();
            DateTimeOffset cursor = start;
            while (cursor < end)
            {
                UsageWindow kind = UsageWindow.Minute;
                for (int i = s_windows.Length - 1; i > 0; i--)
                {
                    if (UsageWindows.IsStart(s_windows[i], cursor) && UsageWindows.EndOf(s_windows[i], cursor) <= end)
                    {
                        kind = s_windows[i];
                        break;
                    }
                }

                DateTimeOffset next = UsageWindows.EndOf(kind, cursor);
                if (runs.Count > 0 && runs[runs.Count - 1].Window == kind)
                {
                    runs[runs.Count - 1] = (kind, runs[runs.Count - 1].From, next);
                }
                else
                {
                    runs.Add((kind, cursor, next));
                }

                cursor = next;
            }

            return runs;
        }

        internal async Task<RecordedUsage> RecordCoreAsync(string model, TokenUsage usage, IEnumerable<UsageKey>? keys, UsageRecordOptions? options, CancellationToken cancellationToken)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (usage is null)
            {
                throw new ArgumentNullException(nameof(usage));
            }

            if (model.Length == 0 || model == UsageCounter.AllModels)
            {
                throw new ArgumentException($"A model name cannot be empty or '{UsageCounter.AllModels}' (which stands for every model).", nameof(model));
            }

            IReadOnlyList<UsageKey> distinctKeys = DistinctKeys(keys);
            ModelInfo? info = CostEstimator.Catalog.Find(model);
            UsageTotals totals = Normalize(model, info, usage, out CostBreakdown? cost);
            DateTimeOffset now = TimeProvider.GetUtcNow();

            var scopes = new string[1 + distinctKeys.Count];
            var scopeHashes = new int[scopes.Length];
            scopes[0] = UsageCounter.AllScopes;
            scopeHashes[0] = s_allHash;
            for (int k = 0; k < distinctKeys.Count; k++)
            {
                scopes[k + 1] = distinctKeys[k].ToString();
                scopeHashes[k + 1] = StringComparer.Ordinal.GetHashCode(scopes[k + 1]);
            }

            int modelHash = StringComparer.Ordinal.GetHashCode(model);

            var increments = new UsageIncrement[scopes.Length * 2 * s_windows.Length];
            int n = 0;
            foreach (UsageWindow window in s_windows)
            {
                DateTimeOffset windowStart = UsageWindows.StartOf(window, now);
                DateTimeOffset expiresAt = Add(UsageWindows.EndOf(window, windowStart), Options.RetentionOf(window));
                for (int s = 0; s < scopes.Length; s++)
                {
                    increments[n++] = new UsageIncrement(new UsageCounter(window, windowStart, scopes[s], scopeHashes[s], model, modelHash), totals, expiresAt);
                    increments[n++] = new UsageIncrement(new UsageCounter(window, windowStart, scopes[s], scopeHashes[s], UsageCounter.AllModels, s_allHash), totals, expiresAt);
                }
            }

            IReadOnlyList<UsageTotals> after = await Store.AddAsync(increments, cancellationToken).ConfigureAwait(false);
            var record = new UsageRecord(model, usage, totals, cost, distinctKeys, now);
            _metrics?.RecordUsage(record, options?.ResponseModel, info?.Provider, options?.ReportTokenUsage ?? true);
            return new RecordedUsage(record, increments, after);
        }

        private UsageTotals Normalize(string model, ModelInfo? info, TokenUsage usage, out CostBreakdown? cost)
        {
            CachedTokensConvention convention = _convention ?? (info is null ? CachedTokensConvention.IncludedInInput : CostEstimator.DefaultConvention(info));
            long prompt;
            if (convention == CachedTokensConvention.IncludedInInput)
            {
                if (usage.CachedInputTokens + usage.CacheWriteTokens > usage.InputTokens)
                {
                    throw new ArgumentException(
                        $"The usage of '{model}' reports {usage.CachedInputTokens} cache-read and {usage.CacheWriteTokens} cache-write tokens inside {usage.InputTokens} input tokens ({nameof(CachedTokensConvention.IncludedInInput)}), more than the input. "
                        + $"For Anthropic-style usage set UsageTrackerOptions.CostOptions.CachedTokens to {nameof(CachedTokensConvention.SeparateFromInput)}.",
                        nameof(usage));
                }

                prompt = usage.InputTokens;
            }
            else
            {
                prompt = checked(usage.InputTokens + usage.CachedInputTokens + usage.CacheWriteTokens);
            }

            cost = null;
            if (info?.Pricing is not null)
            {
                try
                {
                    cost = CostEstimator.Price(model, usage, convention == CachedTokensConvention.IncludedInInput ? _includedOptions : _separateOptions);
                }
                catch (ModelPricesUnknownException)
                {
                    // Output tokens for a model without an output price: recorded unpriced.
                }
            }

            return new UsageTotals(1, prompt, usage.CachedInputTokens, usage.OutputTokens, cost?.Total ?? 0m);
        }

        private static IReadOnlyList<UsageKey> DistinctKeys(IEnumerable<UsageKey>? keys)
        {
            if (keys is null)
            {
                return Array.Empty<UsageKey>();
            }

            var list = new List<UsageKey>();
            foreach (UsageKey key in keys)
            {
                UsageReport.RequireKey(key);
                if (!list.Contains(key))
                {
                    list.Add(key);
                }
            }

            return list.Count == 0 ? Array.Empty<UsageKey>() : list.ToArray();
        }

        private static DateTimeOffset Add(DateTimeOffset instant, TimeSpan span) =>
            span.Ticks > DateTimeOffset.MaxValue.UtcTicks - instant.UtcTicks ? DateTimeOffset.MaxValue : instant + span;

        internal readonly struct RecordedUsage
        {
            public RecordedUsage(UsageRecord record, UsageIncrement[] increments, IReadOnlyList<UsageTotals> after)
            {
                Record = record;
                Increments = increments;
                After = after;
            }

            public UsageRecord Record { get; }

            public UsageIncrement[] Increments { get; }

            public IReadOnlyList<UsageTotals> After { get; }
        }
    }
}
