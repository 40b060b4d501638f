using System;
using System.Collections.Generic;
using System.Globalization;
using PromptAnalyzers.Internal.Catalog;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers
{
    /// <summary>
    /// What the catalog knows about one model: its limits, the tiktoken encoding that counts it (exactly, or as a
    /// stated approximation), and its list prices. Immutable; use the <c>With…</c> methods to derive a changed copy.
    /// </summary>
    public sealed class ModelInfo : IEquatable<ModelInfo>
    {
        /// <summary>Describes a model.</summary>
        /// <param name="name">The model name as the provider's API spells it.</param>
        /// <param name="provider">The vendor, e.g. <c>openai</c>, <c>anthropic</c>, <c>meta</c>, or your own.</param>
        /// <param name="contextWindow">Total tokens the model attends to (input plus output); above 0.</param>
        /// <param name="maxOutput">The most tokens one completion may produce; 0 to <paramref name="contextWindow"/>.</param>
        /// <param name="encoding">The tiktoken encoding that counts the model: <c>cl100k_base</c> or <c>o200k_base</c>.</param>
        /// <param name="maxInput">An input limit below the window (gpt-5: 272,000 of 400,000); null when input may use the window.</param>
        /// <param name="approximationMargin">
        /// 0 when <paramref name="encoding"/> is the model's own tokenizer; otherwise the fraction added to counts
        /// (0.3 = +30%), at most 4.
        /// </param>
        /// <param name="approximationNote">Why the count is approximate; a default is written when a margin is given without one.</param>
        /// <param name="pricing">List prices; null when the model has none (open weights, private deployments).</param>
        /// <param name="aliases">Other exact names of the model.</param>
        /// <param name="familyPrefixes">Name prefixes that resolve to the model (<c>gpt-4o</c> catches <c>gpt-4o-2024-08-06</c>).</param>
        /// <param name="note">A free-text remark.</param>
        /// <exception cref="ArgumentException">A name is empty, the encoding is unknown, or a note is given for an exact model.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A limit or the margin is out of range.</exception>
        public ModelInfo(
            string name,
            string provider,
            int contextWindow,
            int maxOutput,
            string encoding,
            int? maxInput = null,
            double approximationMargin = 0,
            string? approximationNote = null,
            ModelPricing? pricing = null,
            IEnumerable<string>? aliases = null,
            IEnumerable<string>? familyPrefixes = null,
            string? note = null)
        {
            Name = RequireName(name, nameof(name));
            Provider = RequireName(provider, nameof(provider));
            if (contextWindow <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(contextWindow), contextWindow, $"Model '{name}': the context window must be above 0 tokens.");
            }

            if (maxOutput < 0 || maxOutput > contextWindow)
            {
                throw new ArgumentOutOfRangeException(nameof(maxOutput), maxOutput, $"Model '{name}': the maximum output must be from 0 to the context window ({contextWindow}).");
            }

            if (maxInput is { } input && (input <= 0 || input > contextWindow))
            {
                throw new ArgumentOutOfRangeException(nameof(maxInput), input, $"Model '{name}': the maximum input must be from 1 to the context window ({contextWindow}).");
            }

            if (!TiktokenEncodings.IsSupported(encoding))
            {
                throw new ArgumentException($"Model '{name}': unknown encoding '{encoding}'. Supported encodings: {string.Join(", ", TiktokenEncodings.Names)}.", nameof(encoding));
            }

            if (double.IsNaN(approximationMargin) || approximationMargin < 0 || approximationMargin > (double)ModelCatalogLoader.MaxApproximationMargin)
            {
                throw new ArgumentOutOfRangeException(nameof(approximationMargin), approximationMargin,
                    $"Model '{name}': the approximation margin is a fraction from 0 (exact) to {ModelCatalogLoader.MaxApproximationMargin.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (approximationMargin == 0 && approximationNote is not null)
            {
                throw new ArgumentException($"Model '{name}': an approximation note needs a margin above 0; a model counted with its own encoding is exact.", nameof(approximationNote));
            }

            ContextWindow = contextWindow;
            MaxOutput = maxOutput;
            MaxInput = maxInput;
            Encoding = encoding;
            ApproximationMargin = approximationMargin;
            ApproximationNote = approximationMargin == 0
                ? null
                : approximationNote ?? string.Format(CultureInfo.InvariantCulture,
                    "Counted with {0} plus a {1:0.##}% margin; {2} is not the model's own tokenizer.", encoding, approximationMargin * 100, encoding);
            Pricing = pricing;
            Aliases = CopyNames(aliases, nameof(aliases));
            FamilyPrefixes = CopyNames(familyPrefixes, nameof(familyPrefixes));
            Note = note;
        }

        /// <summary>The model name as the provider's API spells it.</summary>
        public string Name { get; }

        /// <summary>The vendor, e.g. <c>openai</c>, <c>anthropic</c> or <c>meta</c>.</summary>
        public string Provider { get; }

        /// <summary>Other exact names of the model (dated snapshots, <c>-latest</c> names, other spellings).</summary>
        public IReadOnlyList<string> Aliases { get; }

        /// <summary>Name prefixes that resolve to this model; the longest matching prefix in a catalog wins.</summary>
        public IReadOnlyList<string> FamilyPrefixes { get; }

        /// <summary>Total tokens the model attends to: input plus output.</summary>
        public int ContextWindow { get; }

        /// <summary>An input limit below the window (gpt-5: 272,000 of 400,000), or null when input may use the whole window.</summary>
        public int? MaxInput { get; }

        /// <summary>The most tokens one completion may produce (reasoning included); 0 for embedding models.</summary>
        public int MaxOutput { get; }

        /// <summary>The tiktoken encoding that counts this model: its own, or the stand-in when <see cref="IsExactTokenizer"/> is false.</summary>
        public string Encoding { get; }

        /// <summary>True when <see cref="Encoding"/> is the model's own tokenizer, so counts are exact.</summary>
        public bool IsExactTokenizer => ApproximationMargin == 0;

        /// <summary>The fraction added to <see cref="Encoding"/>'s counts for a model with another tokenizer (0.3 = +30%); 0 when exact.</summary>
        public double ApproximationMargin { get; }

        /// <summary>Why counts for this model are approximate and how the margin was chosen; null when exact.</summary>
        public string? ApproximationNote { get; }

        /// <summary>List prices in USD per 1M tokens; null when the model has no list price.</summary>
        public ModelPricing? Pricing { get; }

        /// <summary>A free-text remark about the model (why it has no price, a beta window, ...); null when none.</summary>
        public string? Note { get; }

        /// <summary>A copy with another name; aliases and family prefixes belong to the original and are dropped.</summary>
        /// <param name="name">The new model name.</param>
        public ModelInfo WithName(string name) => Copy(name: name, aliases: Array.Empty<string>(), families: Array.Empty<string>());

        /// <summary>A copy with another context window.</summary>
        /// <param name="contextWindow">Total tokens; must stay at least <see cref="MaxOutput"/> and <see cref="MaxInput"/>.</param>
        public ModelInfo WithContextWindow(int contextWindow) => Copy(contextWindow: contextWindow);

        /// <summary>A copy with another input limit (null: input may use the whole window).</summary>
        /// <param name="maxInput">The input limit, at most <see cref="ContextWindow"/>.</param>
        public ModelInfo WithMaxInput(int? maxInput) => Copy(maxInput: maxInput, setMaxInput: true);

        /// <summary>A copy with another output limit.</summary>
        /// <param name="maxOutput">The output limit, at most <see cref="ContextWindow"/>.</param>
        public ModelInfo WithMaxOutput(int maxOutput) => Copy(maxOutput: maxOutput);

        /// <summary>
        /// A copy counted with another encoding: the model's own (<paramref name="approximationMargin"/> 0, exact counts)
        /// or a stand-in with a margin added to its counts.
        /// </summary>
        /// <param name="encoding"><c>cl100k_base</c> or <c>o200k_base</c>.</param>
        /// <param name="approximationMargin">0 when <paramref name="encoding"/> is the model's own tokenizer; otherwise the fraction added to counts (0.3 = +30%).</param>
        /// <exception cref="ArgumentException">The encoding is unknown.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The margin is out of range.</exception>
        public ModelInfo WithEncoding(string encoding, double approximationMargin = 0) =>
            new ModelInfo(Name, Provider, ContextWindow, MaxOutput, encoding, MaxInput, approximationMargin, null, Pricing, Aliases, FamilyPrefixes, Note);

        /// <summary>A copy with other prices (null: no list price).</summary>
        /// <param name="pricing">The prices.</param>
        public ModelInfo WithPricing(ModelPricing? pricing) => Copy(pricing: pricing, setPricing: true);

        /// <inheritdoc/>
        public bool Equals(ModelInfo? other) => other is not null && ToEntry().Equals(other.ToEntry()) && Equals(Pricing, other.Pricing);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ModelInfo);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Name) * 31) + ContextWindow);

        /// <summary>The name, window, output limit and encoding, e.g. <c>gpt-4o (128000 window, 16384 out, o200k_base)</c>.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0} ({1} window, {2} out, {3}{4})", Name, ContextWindow, MaxOutput, Encoding,
            IsExactTokenizer ? string.Empty : string.Format(CultureInfo.InvariantCulture, " +{0:0.##}% approximation", ApproximationMargin * 100));

        internal static ModelInfo FromEntry(ModelEntry entry) => new ModelInfo(
            entry.Name, entry.Provider, entry.ContextWindow, entry.MaxOutput, entry.Encoding, entry.MaxInput,
            entry.ApproximationMargin, entry.IsExact ? null : entry.ApproximationNote,
            ModelPricing.FromData(entry.Prices, entry.PricesAsOf, entry.PricesSource),
            entry.Aliases, entry.Families, entry.Note);

        internal ModelEntry ToEntry() => new ModelEntry(
            Name, Provider, ContextWindow, MaxInput, MaxOutput, Encoding, ApproximationMargin, ApproximationNote,
            Aliases, FamilyPrefixes, Pricing?.ToData(), Pricing?.PricesAsOfText, Pricing?.Source?.OriginalString, Note);

        private ModelInfo Copy(
            string? name = null,
            int? contextWindow = null,
            int? maxOutput = null,
            int? maxInput = null,
            bool setMaxInput = false,
            ModelPricing? pricing = null,
            bool setPricing = false,
            IReadOnlyList<string>? aliases = null,
            IReadOnlyList<string>? families = null) => new ModelInfo(
                name ?? Name,
                Provider,
                contextWindow ?? ContextWindow,
                maxOutput ?? MaxOutput,
                Encoding,
                setMaxInput ? maxInput : MaxInput,
                ApproximationMargin,
                ApproximationNote,
                setPricing ? pricing : Pricing,
                aliases ?? Aliases,
                families ?? FamilyPrefixes,
                Note);

        private static string RequireName(string value, string parameter)
        {
            if (value is null)
            {
                throw new ArgumentNullException(parameter);
            }

            if (value.Trim().Length == 0 || value.Trim().Length != value.Length)
            {
                throw new ArgumentException($"The {parameter} must be non-empty and must not start or end with whitespace: '{value}'.", parameter);
            }

            return value;
        }

        private static IReadOnlyList<string> CopyNames(IEnumerable<string>? names, string parameter)
        {
            if (names is null)
            {
                return Array.Empty<string>();
            }

            var copy = new List<string>();
            foreach (string name in names)
            {
                copy.Add(RequireName(name, parameter));
            }

            return copy.ToArray();
        }
    }
}
