using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// A policy's usage crossed one of its <see cref="BudgetPolicy.AlertThresholds"/>: raised once per (policy, scope,
    /// window, limit kind, threshold), on the charge that crosses it, even across instances sharing one store.
    /// </summary>
    public sealed class BudgetAlert : EventArgs
    {
        /// <summary>An alert.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="policy"/> or <paramref name="scope"/> is null.</exception>
        public BudgetAlert(BudgetPolicy policy, string scope, UsageWindow window, DateTimeOffset windowStart, BudgetLimitKind limitKind, double threshold, decimal used, decimal limit)
        {
            Policy = policy ?? throw new ArgumentNullException(nameof(policy));
            Scope = scope ?? throw new ArgumentNullException(nameof(scope));
            Window = window;
            WindowStart = windowStart;
            LimitKind = limitKind;
            Threshold = threshold;
            Used = used;
            Limit = limit;
        }

        /// <summary>The policy.</summary>
        public BudgetPolicy Policy { get; }

        /// <summary>The scope whose usage crossed the threshold: <c>*</c> or a key such as <c>user:alice</c>.</summary>
        public string Scope { get; }

        /// <summary>The policy's window kind.</summary>
        public UsageWindow Window { get; }

        /// <summary>The start of the window whose usage crossed the threshold (UTC).</summary>
        public DateTimeOffset WindowStart { get; }

        /// <summary>The end of that window: when the usage starts again from 0.</summary>
        public DateTimeOffset WindowEnd => UsageWindows.EndOf(Window, WindowStart);

        /// <summary>Which limit: tokens or cost.</summary>
        public BudgetLimitKind LimitKind { get; }

        /// <summary>The threshold crossed, as a fraction of the limit (0.8 = 80 %).</summary>
        public double Threshold { get; }

        /// <summary>The usage right after the charge that crossed it (tokens, or US dollars).</summary>
        public decimal Used { get; }

        /// <summary>The limit (tokens, or US dollars).</summary>
        public decimal Limit { get; }

        /// <summary>For example <c>Budget 'daily' for user:alice reached 80 % of its day token limit: 81,200 of 100,000.</c></summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "Budget '{0}' for {1} reached {2:0.##} % of its {3} {4} limit: {5} of {6}.",
            Policy.Name, Scope, Threshold * 100, UsageCounter.WindowName(Window), LimitKind == BudgetLimitKind.Cost ? "cost" : "token",
            BudgetExceededException.Format(LimitKind, Used), BudgetExceededException.Format(LimitKind, Limit));
    }
}
