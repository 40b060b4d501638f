using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>
    /// Usage totals over a range of time, per scope and model, as <see cref="UsageTracker.GetReportAsync(DateTimeOffset, DateTimeOffset, System.Threading.CancellationToken)"/>
    /// computes them. Rows with <see cref="UsageCounter.AllScopes"/> or <see cref="UsageCounter.AllModels"/> are included.
    /// </summary>
    public sealed class UsageReport
    {
        private readonly Dictionary<(string Scope, string Model), UsageTotals> _totals;
        private IReadOnlyDictionary<string, UsageTotals>? _byModel;
        private IReadOnlyDictionary<UsageKey, UsageTotals>? _byKey;

        internal UsageReport(DateTimeOffset from, DateTimeOffset to, Dictionary<(string Scope, string Model), UsageTotals> totals)
        {
            From = from;
            To = to;
            _totals = totals;
            var entries = new List<UsageReportEntry>(totals.Count);
            foreach (KeyValuePair<(string Scope, string Model), UsageTotals> pair in totals)
            {
                entries.Add(new UsageReportEntry(pair.Key.Scope, pair.Key.Model, pair.Value));
            }

            entries.Sort((x, y) =>
            {
                int byScope = string.CompareOrdinal(x.Scope, y.Scope);
                return byScope != 0 ? byScope : string.CompareOrdinal(x.Model, y.Model);
            });
            Entries = entries;
        }

        /// <summary>The start of the range (inclusive), aligned to a minute, UTC.</summary>
        public DateTimeOffset From { get; }

        /// <summary>The end of the range (exclusive), aligned to a minute, UTC.</summary>
        public DateTimeOffset To { get; }

        /// <summary>The totals of every call in the range.</summary>
        public UsageTotals Total => For(null, null);

        /// <summary>Every (scope, model) row, sorted ordinally by scope and then model.</summary>
        public IReadOnlyList<UsageReportEntry> Entries { get; }

        /// <summary>The totals of every call, per model (the <see cref="UsageCounter.AllModels"/> row left out).</summary>
        public IReadOnlyDictionary<string, UsageTotals> ByModel => _byModel ??= BuildByModel();

        /// <summary>The totals of every key, all models together.</summary>
        public IReadOnlyDictionary<UsageKey, UsageTotals> ByKey => _byKey ??= BuildByKey();

        /// <summary>The totals of the calls attributed to <paramref name="key"/>, all models together.</summary>
        public UsageTotals ForKey(UsageKey key) => For(key, null);

        /// <summary>The totals of the calls to <paramref name="model"/>, all scopes together.</summary>
        public UsageTotals ForModel(string model) => For(null, model ?? throw new ArgumentNullException(nameof(model)));

        /// <summary>The totals of one scope and model; <see cref="UsageTotals.Zero"/> when nothing was recorded for them.</summary>
        /// <param name="key">The key; null for every call.</param>
        /// <param name="model">The model as recorded; null for every model.</param>
        public UsageTotals For(UsageKey? key, string? model)
        {
            string scope = key is { } k ? RequireKey(k) : UsageCounter.AllScopes;
            return _totals.TryGetValue((scope, model ?? UsageCounter.AllModels), out UsageTotals totals) ? totals : UsageTotals.Zero;
        }

        /// <summary>For example <c>2025-01-01T00:00Z – 2025-02-01T00:00Z: 12 calls, ...</c>.</summary>
        public override string ToString() =>
            From.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) + " – "
            + To.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture) + ": " + Total;

        internal static string RequireKey(UsageKey key) =>
            key.Dimension is null ? throw new ArgumentException("The usage key is the default value; create keys with UsageKey.User, Role, Project or the constructor.", nameof(key)) : key.ToString();

        private Dictionary<string, UsageTotals> BuildByModel()
        {
            var byModel = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
            foreach (KeyValuePair<(string Scope, string Model), UsageTotals> pair in _totals)
            {
                if (pair.Key.Scope == UsageCounter.AllScopes && pair.Key.Model != UsageCounter.AllModels)
                {
                    byModel[pair.Key.Model] = pair.Value;
                }
            }

            return byModel;
        }

        private Dictionary<UsageKey, UsageTotals> BuildByKey()
        {
            var byKey = new Dictionary<UsageKey, UsageTotals>();
            foreach (KeyValuePair<(string Scope, string Model), UsageTotals> pair in _totals)
            {
                if (pair.Key.Scope != UsageCounter.AllScopes && pair.Key.Model == UsageCounter.AllModels
                    && UsageKey.TryParse(pair.Key.Scope, out UsageKey key))
                {
                    byKey[key] = pair.Value;
                }
            }

            return byKey;
        }
    }
}
