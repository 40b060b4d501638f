using System;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>
    /// Gives the <see cref="TokenCounter"/> of a model resolved in one catalog (the one registered by
    /// <c>services.AddPromptBudgeting(...)</c>, with the application's models). Thread-safe; counters are cached per model.
    /// </summary>
    public sealed class TokenCounterFactory
    {
        /// <summary>Creates a factory.</summary>
        /// <param name="catalog">The catalog that resolves model names.</param>
        /// <param name="defaultModel">The model of <see cref="ForDefaultModel"/>; null when there is none.</param>
        /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
        public TokenCounterFactory(ModelCatalog catalog, string? defaultModel = null)
        {
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            DefaultModel = string.IsNullOrEmpty(defaultModel) ? null : defaultModel;
        }

        /// <summary>The catalog.</summary>
        public ModelCatalog Catalog { get; }

        /// <summary>The default model; null when there is none.</summary>
        public string? DefaultModel { get; }

        /// <summary>The counter of <paramref name="model"/>.</summary>
        /// <param name="model">A model name, alias or snapshot name the catalog resolves.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="UnknownModelException">The catalog does not know <paramref name="model"/>.</exception>
        public TokenCounter ForModel(string model) => TokenCounter.ForModel(model ?? throw new ArgumentNullException(nameof(model)), Catalog);

        /// <summary>The counter of <see cref="DefaultModel"/>.</summary>
        /// <exception cref="InvalidOperationException">There is no default model.</exception>
        /// <exception cref="UnknownModelException">The catalog does not know the default model.</exception>
        public TokenCounter ForDefaultModel() => DefaultModel is { } model
            ? ForModel(model)
            : throw new InvalidOperationException("No default model is set: set PromptBudgetingOptions.DefaultModel, or ask for a model by name with ForModel.");
    }
}
