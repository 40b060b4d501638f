using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// Totals of recorded usage: calls, tokens and cost. <see cref="InputTokens"/> are all prompt tokens whatever the
    /// provider's convention (cache reads and cache writes included), so totals of OpenAI and Anthropic calls add up.
    /// </summary>
    public readonly struct UsageTotals : IEquatable<UsageTotals>
    {
        /// <summary>Totals with the given parts.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A part is negative, or the cached tokens exceed the input tokens.</exception>
        public UsageTotals(long calls, long inputTokens, long cachedInputTokens, long outputTokens, decimal cost)
        {
            if (calls < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(calls), calls, "A total must be 0 or more.");
            }

            if (inputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inputTokens), inputTokens, "A total must be 0 or more.");
            }

            if (cachedInputTokens < 0 || cachedInputTokens > inputTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(cachedInputTokens), cachedInputTokens,
                    $"Cached input tokens are part of the input tokens ({inputTokens}): 0 to that many.");
            }

            if (outputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outputTokens), outputTokens, "A total must be 0 or more.");
            }

            if (cost < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cost), cost, "A cost must be 0 or more.");
            }

            Calls = calls;
            InputTokens = inputTokens;
            CachedInputTokens = cachedInputTokens;
            OutputTokens = outputTokens;
            Cost = cost;
        }

        // The sum of valid totals is valid (overflow is caught by checked adds): no need to check the parts again.
        private UsageTotals(long calls, long inputTokens, long cachedInputTokens, long outputTokens, decimal cost, bool summed)
        {
            _ = summed;
            Calls = calls;
            InputTokens = inputTokens;
            CachedInputTokens = cachedInputTokens;
            OutputTokens = outputTokens;
            Cost = cost;
        }

        /// <summary>No usage.</summary>
        public static UsageTotals Zero => default;

        /// <summary>The number of calls.</summary>
        public long Calls { get; }

        /// <summary>All prompt tokens, cache reads and writes included.</summary>
        public long InputTokens { get; }

        /// <summary>The part of <see cref="InputTokens"/> read from the provider's prompt cache.</summary>
        public long CachedInputTokens { get; }

        /// <summary>Output tokens, reasoning included.</summary>
        public long OutputTokens { get; }

        /// <summary><see cref="InputTokens"/> + <see cref="OutputTokens"/>: what token limits are measured in.</summary>
        public long TotalTokens => InputTokens + OutputTokens;

        /// <summary>The cost in US dollars (list prices; 0 for calls to models without prices).</summary>
        public decimal Cost { get; }

        /// <summary>The sum of two totals.</summary>
        public static UsageTotals operator +(UsageTotals left, UsageTotals right) => new UsageTotals(
            checked(left.Calls + right.Calls),
            checked(left.InputTokens + right.InputTokens),
            checked(left.CachedInputTokens + right.CachedInputTokens),
            checked(left.OutputTokens + right.OutputTokens),
            left.Cost + right.Cost,
            summed: true);

        /// <summary>Equal totals.</summary>
        public static bool operator ==(UsageTotals left, UsageTotals right) => left.Equals(right);

        /// <summary>Different totals.</summary>
        public static bool operator !=(UsageTotals left, UsageTotals right) => !left.Equals(right);

        /// <inheritdoc/>
        public bool Equals(UsageTotals other) =>
            Calls == other.Calls && InputTokens == other.InputTokens && CachedInputTokens == other.CachedInputTokens
            && OutputTokens == other.OutputTokens && Cost == other.Cost;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is UsageTotals other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() =>
            unchecked((((Calls.GetHashCode() * 397) ^ InputTokens.GetHashCode()) * 397) ^ OutputTokens.GetHashCode());

        /// <summary>For example <c>3 calls, in 1200 (cached 1000), out 300, $0.0042</c>.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0} calls, in {1} (cached {2}), out {3}, ${4}", Calls, InputTokens, CachedInputTokens, OutputTokens, Cost);
    }
}
