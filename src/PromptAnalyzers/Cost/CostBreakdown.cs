using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// The price of one call, part by part, in <see cref="Currency"/>. Amounts are exact decimals (tokens × price per 1M
    /// tokens ÷ 1,000,000, times 1 − the batch discount), never rounded; round for display only.
    /// </summary>
    public sealed class CostBreakdown
    {
        internal CostBreakdown(
            string requestedModel,
            ModelInfo model,
            TokenUsage usage,
            CachedTokensConvention convention,
            long uncachedInputTokens,
            long promptTokens,
            decimal input,
            decimal cachedInput,
            decimal cacheWrite,
            decimal output,
            decimal reasoning,
            bool longContext,
            decimal? batchDiscount)
        {
            RequestedModel = requestedModel;
            Model = model;
            Usage = usage;
            Convention = convention;
            UncachedInputTokens = uncachedInputTokens;
            PromptTokens = promptTokens;
            Input = input;
            CachedInput = cachedInput;
            CacheWrite = cacheWrite;
            Output = output;
            Reasoning = reasoning;
            IsLongContext = longContext;
            BatchDiscount = batchDiscount;
        }

        /// <summary>The model name as asked for (a dated snapshot or fine-tune resolves to <see cref="Model"/>).</summary>
        public string RequestedModel { get; }

        /// <summary>The catalog model whose prices were used.</summary>
        public ModelInfo Model { get; }

        /// <summary>The date of the prices used (<see cref="ModelPricing.PricesAsOf"/>); null when the catalog does not record it.</summary>
        public DateTime? PricesAsOf => Model.Pricing?.PricesAsOf;

        /// <summary>The currency of every amount: always <c>USD</c> (catalog prices are US dollars).</summary>
        public string Currency => "USD";

        /// <summary>The usage priced (for an estimate: the expected usage, cached tokens inside the input).</summary>
        public TokenUsage Usage { get; }

        /// <summary>How cached tokens in <see cref="Usage"/> were read.</summary>
        public CachedTokensConvention Convention { get; }

        /// <summary>Input tokens billed at the plain input price (neither read from nor written to the cache).</summary>
        public long UncachedInputTokens { get; }

        /// <summary>All prompt tokens: uncached, cache reads and cache writes. The long-context threshold is compared with this.</summary>
        public long PromptTokens { get; }

        /// <summary>The cost of <see cref="UncachedInputTokens"/>.</summary>
        public decimal Input { get; }

        /// <summary>The cost of the input tokens read from the cache.</summary>
        public decimal CachedInput { get; }

        /// <summary>The cost of the input tokens written to the cache.</summary>
        public decimal CacheWrite { get; }

        /// <summary>The cost of the output tokens that are not reasoning.</summary>
        public decimal Output { get; }

        /// <summary>The cost of the reasoning tokens, billed at the output price (they are part of the reported output, counted once).</summary>
        public decimal Reasoning { get; }

        /// <summary>Σ of every part.</summary>
        public decimal Total => Input + CachedInput + CacheWrite + Output + Reasoning;

        /// <summary>True when the prompt exceeded the long-context threshold, so every part was priced at the long-context tier.</summary>
        public bool IsLongContext { get; }

        /// <summary>The batch discount applied (0.5 = half price); null when not priced as a batch.</summary>
        public decimal? BatchDiscount { get; }

        /// <summary>E.g. <c>0.0125 USD for gpt-4o (prices as of 2025-08-15)</c>.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} {1} for {2}{3}{4}{5}",
            Total, Currency, Model.Name,
            IsLongContext ? ", long-context prices" : string.Empty,
            BatchDiscount is { } d ? string.Format(CultureInfo.InvariantCulture, ", batch -{0:0.##}%", d * 100) : string.Empty,
            PricesAsOf is { } asOf ? " (prices as of " + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : string.Empty);
    }
}
