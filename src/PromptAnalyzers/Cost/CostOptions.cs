using System;

namespace PromptAnalyzers
{
    /// <summary>Options of <see cref="CostEstimator"/>.</summary>
    public sealed class CostOptions
    {
        private long _expectedCachedInputTokens;
        private long _expectedCacheWriteTokens;
        private long _expectedReasoningTokens;

        /// <summary>Price at the Batch API discount (<see cref="ModelPricing.BatchDiscount"/>); a model without one is an error.</summary>
        public bool Batch { get; set; }

        /// <summary>
        /// How <see cref="CostEstimator.Price(string, TokenUsage, CostOptions?)"/> reads cached tokens; null (the default)
        /// picks by the model's provider: <see cref="CachedTokensConvention.SeparateFromInput"/> for <c>anthropic</c>,
        /// <see cref="CachedTokensConvention.IncludedInInput"/> for every other provider.
        /// </summary>
        public CachedTokensConvention? CachedTokens { get; set; }

        /// <summary>For <see cref="CostEstimator.Estimate(string, long, long, CostOptions?)"/>: how many of the prompt tokens you expect to be read from the cache.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public long ExpectedCachedInputTokens
        {
            get => _expectedCachedInputTokens;
            set => _expectedCachedInputTokens = NotNegative(value, nameof(ExpectedCachedInputTokens));
        }


        /// <summary>For <see cref="CostEstimator.Estimate(string, long, long, CostOptions?)"/>: how many of the prompt tokens you expect to be written to the cache.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public long ExpectedCacheWriteTokens
        {
            get => _expectedCacheWriteTokens;
            set => _expectedCacheWriteTokens = NotNegative(value, nameof(ExpectedCacheWriteTokens));
        }


        /// <summary>For <see cref="CostEstimator.Estimate(string, long, long, CostOptions?)"/>: how many of the expected output tokens are reasoning.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public long ExpectedReasoningTokens
        {
            get => _expectedReasoningTokens;
            set => _expectedReasoningTokens = NotNegative(value, nameof(ExpectedReasoningTokens));
        }

        private static long NotNegative(long value, string name) =>
            value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A token count must be 0 or more.");
    }
}
