using System;
using System.Collections.Generic;

namespace PromptAnalyzers.Internal.Catalog
{
    /// <summary>One model of the catalog: limits, the tiktoken encoding that counts it, and its list prices. Value-equal.</summary>
    internal sealed class ModelEntry : IEquatable<ModelEntry>
    {
        private static readonly string[] s_none = Array.Empty<string>();

        public ModelEntry(string name, string provider, int contextWindow, int maxOutput, string encoding, double approximationMargin)
            : this(name, provider, contextWindow, maxInput: null, maxOutput, encoding, approximationMargin,
                approximationNote: null, aliases: null, families: null, prices: null, pricesAsOf: null, pricesSource: null, note: null)
        {
        }

        public ModelEntry(
            string name,
            string provider,
            int contextWindow,
            int? maxInput,
            int maxOutput,
            string encoding,
            double approximationMargin,
            string? approximationNote,
            IReadOnlyList<string>? aliases,
            IReadOnlyList<string>? families,
            ModelPrices? prices,
            string? pricesAsOf,
            string? pricesSource,
            string? note)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Provider = provider ?? throw new ArgumentNullException(nameof(provider));
            ContextWindow = contextWindow;
            MaxInput = maxInput;
            MaxOutput = maxOutput;
            Encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
            ApproximationMargin = approximationMargin;
            ApproximationNote = approximationNote;
            Aliases = aliases ?? s_none;
            Families = families ?? s_none;
            Prices = prices;
            PricesAsOf = pricesAsOf;
            PricesSource = pricesSource;
            Note = note;
        }

        /// <summary>The canonical model name, as the provider's API spells it.</summary>
        public string Name { get; }

        /// <summary>The vendor, lower case: openai, anthropic, meta, or a user's own.</summary>
        public string Provider { get; }

        /// <summary>Other exact names of this model (dated snapshots, "-latest" names, spellings).</summary>
        public IReadOnlyList<string> Aliases { get; }

        /// <summary>Name prefixes that resolve to this model (<c>gpt-4o</c> catches <c>gpt-4o-2024-08-06</c>); longest prefix wins.</summary>
        public IReadOnlyList<string> Families { get; }

        /// <summary>Total tokens the model attends to: input plus output.</summary>
        public int ContextWindow { get; }

        /// <summary>A separate input limit below the window (gpt-5: 272,000 of 400,000), or null when input may use the window.</summary>
        public int? MaxInput { get; }

        /// <summary>The input limit that applies: <see cref="MaxInput"/> when set, else <see cref="ContextWindow"/>.</summary>
        public int InputLimit => MaxInput ?? ContextWindow;

        /// <summary>The most tokens one completion may produce (0 for embedding models).</summary>
        public int MaxOutput { get; }

        /// <summary>The tiktoken encoding that counts this model (its own, or the stand-in for an approximation).</summary>
        public string Encoding { get; }

        /// <summary>0 when <see cref="Encoding"/> is the model's own tokenizer; else the fraction added to counts.</summary>
        public double ApproximationMargin { get; }

        /// <summary>Why counts for this model are approximate and how the margin was chosen; null for exact models.</summary>
        public string? ApproximationNote { get; }

        public bool IsExact => ApproximationMargin == 0;

        /// <summary>List prices in USD per 1M tokens; null when the model has no list price (open weights).</summary>
        public ModelPrices? Prices { get; }

        /// <summary>The date (yyyy-MM-dd) the prices were read from <see cref="PricesSource"/>.</summary>
        public string? PricesAsOf { get; }

        /// <summary>Where the prices were published (the provider's pricing page).</summary>
        public string? PricesSource { get; }

        /// <summary>A free-text remark about the model (why it has no price, a beta window, ...).</summary>
        public string? Note { get; }

        public bool Equals(ModelEntry? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            return Name == other.Name
                && Provider == other.Provider
                && ContextWindow == other.ContextWindow
                && MaxInput == other.MaxInput
                && MaxOutput == other.MaxOutput
                && Encoding == other.Encoding
                && ApproximationMargin.Equals(other.ApproximationMargin)
                && ApproximationNote == other.ApproximationNote
                && SequenceEqual(Aliases, other.Aliases)
                && SequenceEqual(Families, other.Families)
                && Equals(Prices, other.Prices)
                && PricesAsOf == other.PricesAsOf
                && PricesSource == other.PricesSource
                && Note == other.Note;
        }

        public override bool Equals(object? obj) => Equals(obj as ModelEntry);

        public override int GetHashCode()
        {
            unchecked
            {
                int hash = StringComparer.Ordinal.GetHashCode(Name);
                hash = (hash * 31) + ContextWindow;
                hash = (hash * 31) + MaxOutput;
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Encoding);
                return hash;
            }
        }

        public override string ToString() => Name;

        internal static bool SequenceEqual(IReadOnlyList<string> left, IReadOnlyList<string> right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            for (int i = 0; i < left.Count; i++)
            {
                if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>List prices of a model in USD per 1M tokens. Value-equal.</summary>
    internal sealed class ModelPrices : IEquatable<ModelPrices>
    {
        public ModelPrices(decimal input, decimal? cachedInput, decimal? cacheWrite, decimal? output, decimal? batchDiscount, LongContextPrices? longContext)
        {
            Input = input;
            CachedInput = cachedInput;
            CacheWrite = cacheWrite;
            Output = output;
            BatchDiscount = batchDiscount;
            LongContext = longContext;
        }

        /// <summary>Uncached input tokens.</summary>
        public decimal Input { get; }

        /// <summary>Input tokens read from the prompt cache; null when the model has no cached-input price.</summary>
        public decimal? CachedInput { get; }

        /// <summary>Input tokens written to the prompt cache (Anthropic, 5-minute cache); null when not billed separately.</summary>
        public decimal? CacheWrite { get; }

        /// <summary>Output tokens; null for models that produce no output tokens (embeddings).</summary>
        public decimal? Output { get; }

        /// <summary>The fraction taken off every price in the Batch API (0.5 = half price); null when batch is not offered.</summary>
        public decimal? BatchDiscount { get; }

        /// <summary>Prices that apply to the whole request once its input exceeds a threshold; null when there is no such tier.</summary>
        public LongContextPrices? LongContext { get; }

        public bool Equals(ModelPrices? other) =>
            other is not null
            && Input == other.Input
            && CachedInput == other.CachedInput
            && CacheWrite == other.CacheWrite
            && Output == other.Output
            && BatchDiscount == other.BatchDiscount
            && Equals(LongContext, other.LongContext);

        public override bool Equals(object? obj) => Equals(obj as ModelPrices);

        public override int GetHashCode() => unchecked((Input.GetHashCode() * 31) + (Output?.GetHashCode() ?? 0));
    }

    /// <summary>The long-context tier: once input exceeds <see cref="ThresholdTokens"/>, these prices apply. Value-equal.</summary>
    internal sealed class LongContextPrices : IEquatable<LongContextPrices>
    {
        public LongContextPrices(int thresholdTokens, decimal input, decimal? output, decimal? cachedInput, decimal? cacheWrite)
        {
            ThresholdTokens = thresholdTokens;
            Input = input;
            Output = output;
            CachedInput = cachedInput;
            CacheWrite = cacheWrite;
        }

        /// <summary>Input tokens above which the tier applies.</summary>
        public int ThresholdTokens { get; }

        public decimal Input { get; }
        public decimal? Output { get; }
        public decimal? CachedInput { get; }
        public decimal? CacheWrite { get; }

        public bool Equals(LongContextPrices? other) =>
            other is not null
            && ThresholdTokens == other.ThresholdTokens
            && Input == other.Input
            && Output == other.Output
            && CachedInput == other.CachedInput
            && CacheWrite == other.CacheWrite;

        public override bool Equals(object? obj) => Equals(obj as LongContextPrices);

        public override int GetHashCode() => unchecked((ThresholdTokens * 31) + Input.GetHashCode());
    }
}
