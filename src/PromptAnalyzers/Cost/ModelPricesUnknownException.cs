using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// The catalog has no list price for what is being priced: a model without prices (open-weight models such as Llama,
    /// whose price depends on the host), or output tokens for a model without an output price (embeddings).
    /// Add prices with <see cref="ModelCatalog.WithModel(string, Func{ModelInfo, ModelInfo})"/> and
    /// <see cref="ModelInfo.WithPricing(ModelPricing?)"/>, or a catalog JSON file.
    /// </summary>
    public sealed class ModelPricesUnknownException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="modelName">The model as resolved by the catalog.</param>
        /// <param name="message">What price is missing.</param>
        public ModelPricesUnknownException(string modelName, string message)
            : base(message)
        {
            ModelName = modelName;
        }

        /// <summary>The model as resolved by the catalog.</summary>
        public string ModelName { get; }
    }
}
