using System;

namespace PromptAnalyzers
{
    /// <summary>One row of a <see cref="UsageReport"/>: the totals of one scope and one model.</summary>
    public readonly struct UsageReportEntry
    {
        /// <summary>A row.</summary>
        /// <param name="scope"><see cref="UsageCounter.AllScopes"/> or a key's <c>dimension:value</c>.</param>
        /// <param name="model"><see cref="UsageCounter.AllModels"/> or a model name.</param>
        /// <param name="totals">The totals.</param>
        /// <exception cref="ArgumentNullException"><paramref name="scope"/> or <paramref name="model"/> is null.</exception>
        public UsageReportEntry(string scope, string model, UsageTotals totals)
        {
            Scope = scope ?? throw new ArgumentNullException(nameof(scope));
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Totals = totals;
        }

        /// <summary><see cref="UsageCounter.AllScopes"/> (every call) or a key's <c>dimension:value</c>.</summary>
        public string Scope { get; }

        /// <summary><see cref="UsageCounter.AllModels"/> (every model) or a model name.</summary>
        public string Model { get; }

        /// <summary>The totals of the scope and model over the report's range.</summary>
        public UsageTotals Totals { get; }

        /// <summary>For example <c>user:alice gpt-4o: 3 calls, in 1200 (cached 0), out 300, $0.006</c>.</summary>
        public override string ToString() => Scope + " " + Model + ": " + Totals;
    }
}
