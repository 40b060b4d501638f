using System;
using System.Collections.Generic;

namespace PromptAnalyzers.Internal.Catalog
{
    // PROVISIONAL STUB (owned by the catalog work): the API the generator and runtime code against.
    internal sealed class ModelEntry
    {
        public ModelEntry(string name, string provider, int contextWindow, int maxOutput, string encoding, double approximationMargin)
        {
            Name = name;
            Provider = provider;
            ContextWindow = contextWindow;
            MaxOutput = maxOutput;
            Encoding = encoding;
            ApproximationMargin = approximationMargin;
        }

        public string Name { get; }
        public string Provider { get; }
        public int ContextWindow { get; }
        public int MaxOutput { get; }

        /// <summary>The tiktoken encoding that counts this model (its own, or the stand-in for an approximation).</summary>
        public string Encoding { get; }

        /// <summary>0 when <see cref="Encoding"/> is the model's own tokenizer; else the fraction added to counts.</summary>
        public double ApproximationMargin { get; }

        public bool IsExact => ApproximationMargin == 0;
    }

    internal sealed class ModelCatalogData
    {
        private readonly Dictionary<string, ModelEntry> _models;

        private ModelCatalogData(string asOf, IEnumerable<ModelEntry> models)
        {
            AsOf = asOf;
            _models = new Dictionary<string, ModelEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (ModelEntry model in models)
            {
                _models[model.Name] = model;
            }
        }

        public static ModelCatalogData Builtin { get; } = new ModelCatalogData("2025-08-15", new[]
        {
            new ModelEntry("gpt-4o", "openai", 128_000, 16_384, "o200k_base", 0),
            new ModelEntry("gpt-4o-mini", "openai", 128_000, 16_384, "o200k_base", 0),
            new ModelEntry("gpt-4", "openai", 8_192, 8_192, "cl100k_base", 0),
            new ModelEntry("claude-sonnet-4", "anthropic", 200_000, 64_000, "cl100k_base", 0.25),
        });

        public string AsOf { get; }

        public IEnumerable<ModelEntry> Models => _models.Values;

        public bool TryResolve(string name, out ModelEntry model) => _models.TryGetValue(name, out model!);
    }
}
