using System;
using System.Globalization;
using PromptAnalyzers.Internal.Catalog;

namespace PromptAnalyzers
{
    /// <summary>
    /// A model's list prices in US dollars per 1 million tokens, and when and where they were read.
    /// Immutable; prices change, so check <see cref="PricesAsOf"/> before quoting them.
    /// </summary>
    public sealed class ModelPricing : IEquatable<ModelPricing>
    {
        /// <summary>Creates a price list. Every price is USD per 1M tokens and must not be negative.</summary>
        /// <param name="input">Uncached input tokens.</param>
        /// <param name="output">Output tokens, reasoning included; null for models without output (embeddings).</param>
        /// <param name="cachedInput">Input tokens read from the prompt cache; null when not priced separately.</param>
        /// <param name="cacheWrite">Input tokens written to the prompt cache (Anthropic); null when not billed separately.</param>
        /// <param name="batchDiscount">The fraction the Batch API takes off (0.5 = half price); null when batch is not offered.</param>
        /// <param name="longContext">Prices that replace these once a request's input exceeds a threshold; null when none.</param>
        /// <param name="pricesAsOf">The date the prices were read.</param>
        /// <param name="source">The page the prices were read from.</param>
        /// <exception cref="ArgumentOutOfRangeException">A price is negative, or <paramref name="batchDiscount"/> is not in [0, 1).</exception>
        public ModelPricing(
            decimal input,
            decimal? output,
            decimal? cachedInput = null,
            decimal? cacheWrite = null,
            decimal? batchDiscount = null,
            LongContextPricing? longContext = null,
            DateTime? pricesAsOf = null,
            Uri? source = null)
        {
            Input = NotNegative(input, nameof(input));
            Output = NotNegative(output, nameof(output));
            CachedInput = NotNegative(cachedInput, nameof(cachedInput));
            CacheWrite = NotNegative(cacheWrite, nameof(cacheWrite));
            if (batchDiscount is { } discount && (discount < 0 || discount >= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(batchDiscount), discount,
                    "The batch discount is a fraction from 0 up to (not including) 1; 0.5 means half price.");
            }

            BatchDiscount = batchDiscount;
            LongContext = longContext;
            PricesAsOf = pricesAsOf?.Date;
            Source = source;
        }

        /// <summary>USD per 1M uncached input tokens.</summary>
        public decimal Input { get; }

        /// <summary>USD per 1M output tokens (reasoning tokens included); null for models that produce no output.</summary>
        public decimal? Output { get; }

        /// <summary>USD per 1M input tokens read from the prompt cache; null when the provider lists no such price.</summary>
        public decimal? CachedInput { get; }

        /// <summary>USD per 1M input tokens written to the prompt cache (Anthropic's 5-minute cache); null when not billed separately.</summary>
        public decimal? CacheWrite { get; }

        /// <summary>The fraction the Batch API takes off every price (0.5 = half price); null when batch is not offered.</summary>
        public decimal? BatchDiscount { get; }

        /// <summary>Prices that apply to the whole request once its input exceeds a threshold; null when the model has no such tier.</summary>
        public LongContextPricing? LongContext { get; }

        /// <summary>The date the prices were read from <see cref="Source"/>; null when not recorded.</summary>
        public DateTime? PricesAsOf { get; }

        /// <summary>The pricing page the prices come from; null when not recorded.</summary>
        public Uri? Source { get; }

        /// <inheritdoc/>
        public bool Equals(ModelPricing? other) =>
            other is not null
            && Input == other.Input
            && Output == other.Output
            && CachedInput == other.CachedInput
            && CacheWrite == other.CacheWrite
            && BatchDiscount == other.BatchDiscount
            && Equals(LongContext, other.LongContext)
            && PricesAsOf == other.PricesAsOf
            && Equals(Source, other.Source);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ModelPricing);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((Input.GetHashCode() * 31) + (Output?.GetHashCode() ?? 0));

        /// <summary>A short summary such as <c>$2.50 in / $10.00 out per 1M tokens (2025-08-15)</c>.</summary>
        public override string ToString()
        {
            string text = string.Format(CultureInfo.InvariantCulture, "${0} in", Input);
            if (Output is { } output)
            {
                text += string.Format(CultureInfo.InvariantCulture, " / ${0} out", output);
            }

            text += " per 1M tokens";
            return PricesAsOf is { } asOf ? text + " (" + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : text;
        }

        internal static ModelPricing? FromData(ModelPrices? prices, string? pricesAsOf, string? pricesSource)
        {
            if (prices is null)
            {
                return null;
            }

            LongContextPricing? longContext = prices.LongContext is { } tier
                ? new LongContextPricing(tier.ThresholdTokens, tier.Input, tier.Output, tier.CachedInput, tier.CacheWrite)
                : null;
            DateTime? asOf = pricesAsOf is not null
                && DateTime.TryParseExact(pricesAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date)
                ? date
                : null;
            Uri? source = pricesSource is not null && Uri.TryCreate(pricesSource, UriKind.Absolute, out Uri? uri) ? uri : null;
            return new ModelPricing(prices.Input, prices.Output, prices.CachedInput, prices.CacheWrite, prices.BatchDiscount, longContext, asOf, source);
        }

        internal ModelPrices ToData() => new ModelPrices(Input, CachedInput, CacheWrite, Output, BatchDiscount,
            LongContext is { } tier ? new LongContextPrices(tier.ThresholdTokens, tier.Input, tier.Output, tier.CachedInput, tier.CacheWrite) : null);

        internal string? PricesAsOfText => PricesAsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static decimal NotNegative(decimal value, string name) =>
            value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A price must not be negative.");

        private static decimal? NotNegative(decimal? value, string name) =>
            value is { } v ? NotNegative(v, name) : null;
    }

    /// <summary>
    /// A long-context price tier: once a request's input exceeds <see cref="ThresholdTokens"/>, these prices (USD per
    /// 1M tokens) apply to the whole request, as for Claude Sonnet 4 above 200,000 input tokens.
    /// </summary>
    public sealed class LongContextPricing : IEquatable<LongContextPricing>
    {
        /// <summary>Creates a tier. Prices are USD per 1M tokens and must not be negative.</summary>
        /// <param name="thresholdTokens">Input tokens above which the tier applies; above 0.</param>
        /// <param name="input">Uncached input tokens.</param>
        /// <param name="output">Output tokens; null when the tier does not change the output price.</param>
        /// <param name="cachedInput">Cache reads; null when not listed.</param>
        /// <param name="cacheWrite">Cache writes; null when not listed.</param>
        /// <exception cref="ArgumentOutOfRangeException">The threshold is not positive or a price is negative.</exception>
        public LongContextPricing(int thresholdTokens, decimal input, decimal? output, decimal? cachedInput = null, decimal? cacheWrite = null)
        {
            if (thresholdTokens <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(thresholdTokens), thresholdTokens, "The threshold must be above 0 tokens.");
            }

            if (input < 0 || output < 0 || cachedInput < 0 || cacheWrite < 0)
            {
                throw new ArgumentOutOfRangeException(input < 0 ? nameof(input) : output < 0 ? nameof(output) : cachedInput < 0 ? nameof(cachedInput) : nameof(cacheWrite),
                    "A price must not be negative.");
            }

            ThresholdTokens = thresholdTokens;
            Input = input;
            Output = output;
            CachedInput = cachedInput;
            CacheWrite = cacheWrite;
        }

        /// <summary>Input tokens above which the tier applies.</summary>
        public int ThresholdTokens { get; }

        /// <summary>USD per 1M uncached input tokens in this tier.</summary>
        public decimal Input { get; }

        /// <summary>USD per 1M output tokens in this tier; null when not listed.</summary>
        public decimal? Output { get; }

        /// <summary>USD per 1M cache-read input tokens in this tier; null when not listed.</summary>
        public decimal? CachedInput { get; }

        /// <summary>USD per 1M cache-write input tokens in this tier; null when not listed.</summary>
        public decimal? CacheWrite { get; }

        /// <inheritdoc/>
        public bool Equals(LongContextPricing? other) =>
            other is not null
            && ThresholdTokens == other.ThresholdTokens
            && Input == other.Input
            && Output == other.Output
            && CachedInput == other.CachedInput
            && CacheWrite == other.CacheWrite;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as LongContextPricing);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((ThresholdTokens * 31) + Input.GetHashCode());
    }
}
