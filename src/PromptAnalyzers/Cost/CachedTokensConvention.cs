namespace PromptAnalyzers
{
    /// <summary>How a provider's usage report counts prompt-cache tokens relative to its input count.</summary>
    public enum CachedTokensConvention
    {
        /// <summary>
        /// OpenAI: <c>prompt_tokens</c> includes the cached tokens (<c>prompt_tokens_details.cached_tokens</c>), so the
        /// uncached input is <see cref="TokenUsage.InputTokens"/> − <see cref="TokenUsage.CachedInputTokens"/> −
        /// <see cref="TokenUsage.CacheWriteTokens"/>.
        /// </summary>
        IncludedInInput,

        /// <summary>
        /// Anthropic: <c>input_tokens</c> counts only the uncached input; <c>cache_read_input_tokens</c> and
        /// <c>cache_creation_input_tokens</c> come beside it, so the prompt is the sum of the three.
        /// </summary>
        SeparateFromInput,
    }
}
