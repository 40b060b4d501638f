using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// The token counts a provider reports for one call, as reported. Whether <see cref="CachedInputTokens"/> and
    /// <see cref="CacheWriteTokens"/> are inside <see cref="InputTokens"/> depends on the provider; see
    /// <see cref="CachedTokensConvention"/>. <see cref="ReasoningTokens"/> are inside <see cref="OutputTokens"/> for both
    /// OpenAI (<c>completion_tokens_details.reasoning_tokens</c>) and Anthropic (thinking is part of <c>output_tokens</c>).
    /// </summary>
    public sealed class TokenUsage : IEquatable<TokenUsage>
    {
        /// <summary>Records a usage report.</summary>
        /// <param name="inputTokens">OpenAI <c>prompt_tokens</c> / Anthropic <c>input_tokens</c>.</param>
        /// <param name="outputTokens">OpenAI <c>completion_tokens</c> / Anthropic <c>output_tokens</c>, reasoning included.</param>
        /// <param name="cachedInputTokens">OpenAI <c>cached_tokens</c> / Anthropic <c>cache_read_input_tokens</c>.</param>
        /// <param name="cacheWriteTokens">Anthropic <c>cache_creation_input_tokens</c>; 0 for OpenAI.</param>
        /// <param name="reasoningTokens">OpenAI <c>reasoning_tokens</c>: the part of <paramref name="outputTokens"/> spent reasoning.</param>
        /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="reasoningTokens"/> exceeds <paramref name="outputTokens"/>.</exception>
        public TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens = 0, long cacheWriteTokens = 0, long reasoningTokens = 0)
        {
            InputTokens = NotNegative(inputTokens, nameof(inputTokens));
            OutputTokens = NotNegative(outputTokens, nameof(outputTokens));
            CachedInputTokens = NotNegative(cachedInputTokens, nameof(cachedInputTokens));
            CacheWriteTokens = NotNegative(cacheWriteTokens, nameof(cacheWriteTokens));
            ReasoningTokens = NotNegative(reasoningTokens, nameof(reasoningTokens));
            if (reasoningTokens > outputTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(reasoningTokens), reasoningTokens,
                    $"Reasoning tokens are reported inside the output tokens, so they cannot exceed them ({outputTokens}).");
            }
        }

        /// <summary>The reported input tokens (with or without cache tokens, by provider).</summary>
        public long InputTokens { get; }

        /// <summary>Input tokens read from the prompt cache.</summary>
        public long CachedInputTokens { get; }

        /// <summary>Input tokens written to the prompt cache (Anthropic).</summary>
        public long CacheWriteTokens { get; }

        /// <summary>Output tokens, reasoning included.</summary>
        public long OutputTokens { get; }

        /// <summary>The part of <see cref="OutputTokens"/> spent on reasoning (billed at the output price).</summary>
        public long ReasoningTokens { get; }

        /// <inheritdoc/>
        public bool Equals(TokenUsage? other) =>
            other is not null && InputTokens == other.InputTokens && CachedInputTokens == other.CachedInputTokens
            && CacheWriteTokens == other.CacheWriteTokens && OutputTokens == other.OutputTokens && ReasoningTokens == other.ReasoningTokens;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as TokenUsage);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((InputTokens.GetHashCode() * 31) + OutputTokens.GetHashCode());

        /// <summary>The counts, e.g. <c>in 1200 (cached 1000, cache write 0), out 300 (reasoning 100)</c>.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "in {0} (cached {1}, cache write {2}), out {3} (reasoning {4})", InputTokens, CachedInputTokens, CacheWriteTokens, OutputTokens, ReasoningTokens);

        private static long NotNegative(long value, string name) =>
            value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A token count must be 0 or more.");
    }
}
