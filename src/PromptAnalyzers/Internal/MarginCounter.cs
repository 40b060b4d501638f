using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Internal.Runtime
{
    /// <summary>
    /// Counts with one tiktoken encoding; with a margin every count is <see cref="BudgetMath.ApplyMargin"/> of the exact
    /// count and every limit is turned into an exact limit with <see cref="BudgetMath.RemoveMargin"/>.
    /// </summary>
    internal sealed class MarginCounter
    {
        public MarginCounter(Tokenizer tokenizer, double margin)
        {
            Tokenizer = tokenizer;
            Margin = margin;
        }

        public Tokenizer Tokenizer { get; }

        public double Margin { get; }

        public static int CountExact(Tokenizer tokenizer, string text) =>
            text.Length == 0 ? 0 : tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: false);

        /// <summary>The exact count when it is at most <paramref name="maxTokens"/>; otherwise -1. Stops early.</summary>
        public static int CountExactUpTo(Tokenizer tokenizer, string text, int maxTokens)
        {
            if (text.Length == 0)
            {
                return 0;
            }

            if (maxTokens <= 0)
            {
                return -1;
            }

            if (tokenizer is OrdinaryTiktokenTokenizer exact)
            {
                return exact.CountUpTo(text, maxTokens);
            }

            int index = tokenizer.GetIndexByTokenCount(
                text, maxTokens, out _, out int tokenCount, considerPreTokenization: true, considerNormalization: false);
            return index == text.Length ? tokenCount : -1;
        }

        public int Count(string text) => BudgetMath.ApplyMargin(CountExact(Tokenizer, text), Margin);

        /// <summary>The (approximate) count when it is at most <paramref name="maxTokens"/>; otherwise -1.</summary>
        public int CountUpTo(string text, long maxTokens)
        {
            int limit = maxTokens >= int.MaxValue ? int.MaxValue : (int)maxTokens;
            if (limit < 0)
            {
                return -1;
            }

            int exact = CountExactUpTo(Tokenizer, text, BudgetMath.RemoveMargin(limit, Margin));
            return exact < 0 ? -1 : BudgetMath.ApplyMargin(exact, Margin);
        }

        /// <summary>
        /// Scans <paramref name="text"/> up to the exact limit of <paramref name="maxTokens"/> when the tokenizer can
        /// (its fit and its pieces, for a cut that follows); null otherwise.
        /// </summary>
        public PieceScan? ScanUpTo(string text, long maxTokens) =>
            Tokenizer is OrdinaryTiktokenTokenizer scanner && maxTokens >= 0 ? scanner.ScanStart(text, ToExactLimit(maxTokens)) : null;

        /// <summary>The largest exact count whose approximate count is at most <paramref name="tokens"/>.</summary>
        public int ToExactLimit(long tokens) =>
            BudgetMath.RemoveMargin(tokens >= int.MaxValue ? int.MaxValue : (int)tokens, Margin);
    }
}
