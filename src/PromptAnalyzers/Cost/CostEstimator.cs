using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// Prices LLM calls from the model catalog's list prices, before a call (<see cref="Estimate(string, long, long, CostOptions?)"/>)
    /// and after it (<see cref="Price(string, TokenUsage, CostOptions?)"/>), in exact <see cref="decimal"/> US dollars.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Cached tokens: OpenAI reports cache reads inside the input count, Anthropic reports cache reads and cache writes
    /// beside it (<see cref="CachedTokensConvention"/>; chosen from the model's provider unless
    /// <see cref="CostOptions.CachedTokens"/> says otherwise). Either way every prompt token is priced exactly once: cache
    /// reads at the cached-input price, cache writes at the cache-write price, the rest at the input price. A model
    /// without a cached-input (or cache-write) price bills those tokens at its input price.
    /// </para>
    /// <para>
    /// Reasoning tokens are part of the reported output (OpenAI's <c>reasoning_tokens</c>, Anthropic's thinking) and are
    /// billed at the output price; the breakdown shows them apart from the other output, counted once.
    /// </para>
    /// <para>
    /// Long context: when a model has a long-context tier and the prompt (uncached + cache reads + cache writes) exceeds
    /// its threshold, the whole request, output included, is priced at the tier's prices, as Anthropic bills it. A
    /// price the tier does not list is the base price scaled by the tier's input price ÷ the base input price.
    /// </para>
    /// <para>
    /// Batch: <see cref="CostOptions.Batch"/> takes <see cref="ModelPricing.BatchDiscount"/> off every part; asking for
    /// it on a model without a batch price throws <see cref="ArgumentException"/>.
    /// </para>
    /// <para>
    /// Unknown prices: a model without list prices (Llama and other open-weight models) throws
    /// <see cref="ModelPricesUnknownException"/> rather than returning a cost of 0; so do output tokens for a model
    /// without an output price. An unknown model name throws <see cref="UnknownModelException"/>.
    /// </para>
    /// </remarks>
    public sealed class CostEstimator
    {
        private const decimal PerMillion = 1_000_000m;

        /// <summary>Prices models from <paramref name="catalog"/>.</summary>
        /// <param name="catalog">The catalog; null for <see cref="ModelCatalog.Default"/>.</param>
        public CostEstimator(ModelCatalog? catalog = null)
        {
            Catalog = catalog ?? ModelCatalog.Default;
        }

        /// <summary>An estimator over <see cref="ModelCatalog.Default"/>.</summary>
        public static CostEstimator Default { get; } = new CostEstimator();

        /// <summary>The catalog the prices come from.</summary>
        public ModelCatalog Catalog { get; }

        /// <summary>The expected cost of a call before making it.</summary>
        /// <param name="model">A model name the catalog resolves.</param>
        /// <param name="promptTokens">All prompt tokens, including those expected from or into the cache (<see cref="CostOptions.ExpectedCachedInputTokens"/>, <see cref="CostOptions.ExpectedCacheWriteTokens"/>).</param>
        /// <param name="expectedOutputTokens">The output tokens you expect, reasoning included (<see cref="CostOptions.ExpectedReasoningTokens"/>).</param>
        /// <param name="options">Batch and cache expectations; null for none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A token count is negative, or the expected cache or reasoning tokens exceed the prompt or output tokens.</exception>
        /// <exception cref="UnknownModelException">The catalog does not resolve <paramref name="model"/>.</exception>
        /// <exception cref="ModelPricesUnknownException">The model has no list prices.</exception>
        public CostBreakdown Estimate(string model, long promptTokens, long expectedOutputTokens, CostOptions? options = null)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (promptTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(promptTokens), promptTokens, "A token count must be 0 or more.");
            }

            if (expectedOutputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(expectedOutputTokens), expectedOutputTokens, "A token count must be 0 or more.");
            }

            long cached = options?.ExpectedCachedInputTokens ?? 0;
            long written = options?.ExpectedCacheWriteTokens ?? 0;
            long reasoning = options?.ExpectedReasoningTokens ?? 0;
            if (cached + written > promptTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(promptTokens), promptTokens,
                    $"The expected cache reads ({cached}) and cache writes ({written}) are part of the prompt tokens, so they cannot exceed them.");
            }

            if (reasoning > expectedOutputTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(expectedOutputTokens), expectedOutputTokens,
                    $"The expected reasoning tokens ({reasoning}) are part of the output tokens, so they cannot exceed them.");
            }

            var usage = new TokenUsage(promptTokens, expectedOutputTokens, cached, written, reasoning);
            return Compute(model, Catalog.Get(model), usage, CachedTokensConvention.IncludedInInput, options?.Batch ?? false);
        }

        /// <summary>The cost of a call from the usage its provider reported.</summary>
        /// <param name="model">A model name the catalog resolves.</param>
        /// <param name="usage">The reported usage.</param>
        /// <param name="options">Batch and the cached-token convention; null for the defaults.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// Under <see cref="CachedTokensConvention.IncludedInInput"/>, the cache reads and writes exceed the input tokens;
        /// or batch prices were asked for a model without a batch discount.
        /// </exception>
        /// <exception cref="UnknownModelException">The catalog does not resolve <paramref name="model"/>.</exception>
        /// <exception cref="ModelPricesUnknownException">The model has no list prices.</exception>
        public CostBreakdown Price(string model, TokenUsage usage, CostOptions? options = null)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (usage is null)
            {
                throw new ArgumentNullException(nameof(usage));
            }

            ModelInfo info = Catalog.Get(model);
            CachedTokensConvention convention = options?.CachedTokens ?? DefaultConvention(info);
            return Compute(model, info, usage, convention, options?.Batch ?? false);
        }

        /// <summary>The convention <see cref="Price(string, TokenUsage, CostOptions?)"/> uses for <paramref name="model"/> by default.</summary>
        /// <param name="model">A catalog model.</param>
        /// <returns><see cref="CachedTokensConvention.SeparateFromInput"/> for provider <c>anthropic</c>; otherwise <see cref="CachedTokensConvention.IncludedInInput"/>.</returns>
        public static CachedTokensConvention DefaultConvention(ModelInfo model)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            return string.Equals(model.Provider, "anthropic", StringComparison.OrdinalIgnoreCase)
                ? CachedTokensConvention.SeparateFromInput
                : CachedTokensConvention.IncludedInInput;
        }

        private static CostBreakdown Compute(string requested, ModelInfo model, TokenUsage usage, CachedTokensConvention convention, bool batch)
        {
            ModelPricing pricing = model.Pricing ?? throw new ModelPricesUnknownException(model.Name,
                $"Model '{model.Name}' has no list prices in the catalog{(model.Note is null ? "." : ": " + model.Note)} Add its prices (ModelInfo.WithPricing or a catalog JSON file) to price it.");

            long uncached;
            long prompt;
            if (convention == CachedTokensConvention.IncludedInInput)
            {
                uncached = usage.InputTokens - usage.CachedInputTokens - usage.CacheWriteTokens;
                if (uncached < 0)
                {
                    throw new ArgumentException(
                        $"The usage reports {usage.CachedInputTokens} cached and {usage.CacheWriteTokens} cache-write tokens inside {usage.InputTokens} input tokens ({nameof(CachedTokensConvention.IncludedInInput)}), more than the input. Anthropic-style usage needs {nameof(CachedTokensConvention.SeparateFromInput)}.",
                        nameof(usage));
                }

                prompt = usage.InputTokens;
            }
            else
            {
                uncached = usage.InputTokens;
                prompt = usage.InputTokens + usage.CachedInputTokens + usage.CacheWriteTokens;
            }

            decimal inputPrice = pricing.Input;
            decimal? outputPrice = pricing.Output;
            decimal cachedPrice = pricing.CachedInput ?? pricing.Input;
            decimal writePrice = pricing.CacheWrite ?? pricing.Input;
            LongContextPricing? tier = pricing.LongContext;
            bool longContext = tier is not null && prompt > tier.ThresholdTokens;
            if (tier is not null && longContext)
            {
                decimal ratio = pricing.Input == 0 ? 1 : tier.Input / pricing.Input;
                inputPrice = tier.Input;
                outputPrice = tier.Output ?? outputPrice * ratio;
                cachedPrice = tier.CachedInput ?? cachedPrice * ratio;
                writePrice = tier.CacheWrite ?? writePrice * ratio;
            }

            if (outputPrice is null && usage.OutputTokens > 0)
            {
                throw new ModelPricesUnknownException(model.Name,
                    $"Model '{model.Name}' has no output price in the catalog (it produces no output tokens), but {usage.OutputTokens} output tokens were given.");
            }

            decimal? discount = null;
            decimal factor = 1;
            if (batch)
            {
                discount = pricing.BatchDiscount ?? throw new ArgumentException($"Model '{model.Name}' has no batch price in the catalog; price it without CostOptions.Batch.", "options");
                factor = 1 - discount.Value;
            }

            decimal Cost(long tokens, decimal price) => tokens * price / PerMillion * factor;

            decimal perOutput = outputPrice ?? 0;
            return new CostBreakdown(
                requested,
                model,
                usage,
                convention,
                uncached,
                prompt,
                Cost(uncached, inputPrice),
                Cost(usage.CachedInputTokens, cachedPrice),
                Cost(usage.CacheWriteTokens, writePrice),
                Cost(usage.OutputTokens - usage.ReasoningTokens, perOutput),
                Cost(usage.ReasoningTokens, perOutput),
                longContext,
                discount);
        }
    }
}
