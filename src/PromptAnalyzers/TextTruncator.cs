using System;
using System.Collections.Generic;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Runtime;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers
{
    /// <summary>
    /// Cuts a text to at most a number of tokens with a <see cref="Truncation"/> strategy. The result is counted from
    /// scratch, so its count is exact; a UTF-16 surrogate pair is never split. Thread-safe.
    /// </summary>
    public static class TextTruncator
    {
        /// <summary>The marker <see cref="Truncation.KeepBothEnds"/> puts where it cut the middle: "…" (U+2026).</summary>
        public const string Marker = "\u2026";

        private const int ShrinkAttempts = 24;

        /// <summary>
        /// Cuts <paramref name="text"/> to at most <paramref name="maxTokens"/> tokens of <paramref name="encoding"/>.
        /// </summary>
        /// <param name="text">The text to cut.</param>
        /// <param name="maxTokens">The most tokens the result may have (0 or more).</param>
        /// <param name="strategy">
        /// <see cref="Truncation.KeepStart"/> keeps the longest prefix that fits; <see cref="Truncation.KeepEnd"/> the
        /// longest suffix; <see cref="Truncation.KeepBothEnds"/> keeps a prefix and a suffix of about equal tokens joined
        /// by <see cref="Marker"/>, which is counted inside <paramref name="maxTokens"/> (when the limit leaves fewer than
        /// two tokens beside the marker, it keeps the start only); <see cref="Truncation.Sentences"/> keeps the longest
        /// prefix that fits and ends at a sentence end (<c>.</c>, <c>!</c> or <c>?</c>, optionally followed by closing
        /// quotes or brackets, then whitespace or the end of the text; <c>。</c>, <c>！</c>, <c>？</c>) or before a line
        /// break, and keeps the start like <see cref="Truncation.KeepStart"/> when no such prefix fits;
        /// <see cref="Truncation.Fail"/> returns the text unchanged when it fits and throws otherwise.
        /// </param>
        /// <param name="encoding">The tiktoken encoding: <c>cl100k_base</c> or <c>o200k_base</c>.</param>
        /// <returns>The text (unchanged when it fits) and its exact token count.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="encoding"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is negative or <paramref name="strategy"/> is unknown.</exception>
        /// <exception cref="ArgumentException"><paramref name="encoding"/> is not a supported encoding.</exception>
        /// <exception cref="TokenBudgetExceededException">
        /// <paramref name="strategy"/> is <see cref="Truncation.Fail"/> and the text does not fit.
        /// </exception>
        public static TruncatedText Truncate(string text, int maxTokens, Truncation strategy, string encoding)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (encoding is null)
            {
                throw new ArgumentNullException(nameof(encoding));
            }

            if (maxTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "A token limit cannot be negative.");
            }

            if (strategy < Truncation.KeepStart || strategy > Truncation.Fail)
            {
                throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown truncation strategy.");
            }

            return TruncateWith(TiktokenEncodings.Get(encoding), text, maxTokens, strategy, "text");
        }

        /// <summary>Counts the tokens of <paramref name="text"/> in <paramref name="encoding"/> (ordinary text, no special tokens).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="encoding"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="encoding"/> is not a supported encoding.</exception>
        public static int CountTokens(string text, string encoding)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (encoding is null)
            {
                throw new ArgumentNullException(nameof(encoding));
            }

            return MarginCounter.CountExact(TiktokenEncodings.Get(encoding), text);
        }

        /// <summary>
        /// Cuts with <paramref name="strategy"/>. <paramref name="scan"/>, when given, is the caller's scan of
        /// <paramref name="text"/> up to exactly <paramref name="maxTokens"/>, so the text is not counted again.
        /// </summary>
        internal static TruncatedText TruncateWith(
            Tokenizer tokenizer, string text, int maxTokens, Truncation strategy, string segment, PieceScan? scan = null)
        {
            var scanner = tokenizer as OrdinaryTiktokenTokenizer;
            if (scanner is not null && (scan is null || scan.MaxTokens != maxTokens))
            {
                scan = scanner.ScanStart(text, maxTokens);
            }

            int whole = scan is not null ? (scan.Fits ? scan.Tokens : -1) : MarginCounter.CountExactUpTo(tokenizer, text, maxTokens);
            if (whole >= 0)
            {
                return new TruncatedText(text, whole, isTruncated: false);
            }

            switch (strategy)
            {
                case Truncation.Fail:
                    int tokens = MarginCounter.CountExact(tokenizer, text);
                    throw new TokenBudgetExceededException(
                        segment,
                        tokens,
                        maxTokens,
                        $"'{segment}' has {tokens} tokens but may use {maxTokens}, and its truncation is Fail.");
                case Truncation.KeepEnd:
                    return KeepEnd(tokenizer, text, maxTokens);
                case Truncation.KeepBothEnds:
                    return KeepBothEnds(tokenizer, text, maxTokens);
                case Truncation.Sentences:
                    return Sentences(tokenizer, text, maxTokens, scanner, scan);
                default:
                    int cut = PrefixEnd(tokenizer, text, maxTokens, scanner, scan, out int kept);
                    return new TruncatedText(text.Substring(0, cut), kept, isTruncated: true);
            }
        }

        private static TruncatedText KeepStart(Tokenizer tokenizer, string text, int maxTokens)
        {
            int cut = PrefixEnd(tokenizer, text, maxTokens, null, null, out int tokens);
            return new TruncatedText(text.Substring(0, cut), tokens, isTruncated: true);
        }

        private static TruncatedText KeepEnd(Tokenizer tokenizer, string text, int maxTokens)
        {
            int start = SuffixStart(tokenizer, text, maxTokens, out int tokens);
            return new TruncatedText(text.Substring(start), tokens, isTruncated: true);
        }

        private static TruncatedText KeepBothEnds(Tokenizer tokenizer, string text, int maxTokens)
        {
            int markerTokens = MarginCounter.CountExact(tokenizer, Marker);
            int available = maxTokens - markerTokens;
            if (available < 2)
            {
                return KeepStart(tokenizer, text, maxTokens);
            }

            int headLimit = (available + 1) / 2;
            int tailLimit = available - headLimit;
            for (int attempt = 0; ; attempt++)
            {
                int headEnd = PrefixEnd(tokenizer, text, headLimit, null, null, out _);
                int tailStart = Math.Max(headEnd, SuffixStart(tokenizer, text, tailLimit, out _));
                string result = text.Substring(0, headEnd) + Marker + text.Substring(tailStart);
                int tokens = MarginCounter.CountExact(tokenizer, result);
                if (tokens <= maxTokens)
                {
                    return new TruncatedText(result, tokens, isTruncated: true);
                }

                // Tokens merged across the marker: take the excess from the larger side (both sides when late).
                int excess = Shrink(tokens - maxTokens, attempt);
                if (headLimit >= tailLimit)
                {
                    headLimit = Math.Max(0, headLimit - excess);
                }
                else
                {
                    tailLimit = Math.Max(0, tailLimit - excess);
                }

                if (attempt >= ShrinkAttempts)
                {
                    headLimit /= 2;
                    tailLimit /= 2;
                }

                if (headLimit == 0 && tailLimit == 0)
                {
                    // The marker alone: it fits because maxTokens >= markerTokens + 2.
                    return new TruncatedText(Marker, markerTokens, isTruncated: true);
                }
            }
        }

        private static TruncatedText Sentences(
            Tokenizer tokenizer, string text, int maxTokens, OrdinaryTiktokenTokenizer? scanner, PieceScan? scan)
        {
            int limit = PrefixEnd(tokenizer, text, maxTokens, scanner, scan, out int prefixTokens);
            int end = limit;
            for (int attempt = 0; attempt < ShrinkAttempts; attempt++)
            {
                end = LastBoundaryAtOrBefore(text, end);
                if (end <= 0)
                {
                    break;
                }

                // A sentence end where a scanned piece starts, with the prefix splitting as scanned: its count is known.
                int piece = scan?.PieceStartingAt(end) ?? -1;
                int tokens = piece >= 0 && scanner!.SplitsAsScanned(scan!, piece, end)
                    ? scan!.TokensBefore(piece)
                    : MarginCounter.CountExact(tokenizer, text.Substring(0, end));
                if (tokens <= maxTokens)
                {
                    return new TruncatedText(text.Substring(0, end), tokens, isTruncated: true);
                }

                end--;
            }

            return new TruncatedText(text.Substring(0, limit), prefixTokens, isTruncated: true);
        }

        /// <summary>
        /// The end of the longest prefix with at most <paramref name="maxTokens"/> tokens counted from scratch, never
        /// inside a surrogate pair.
        /// </summary>
        private static int PrefixEnd(
            Tokenizer tokenizer, string text, int maxTokens, OrdinaryTiktokenTokenizer? scanner, PieceScan? scan, out int tokens)
        {
            // First choice: the cut on a token boundary of the whole text's true tokenization.
            int exact = scanner is not null && scan is not null
                ? TokenBoundaries.KeepStart(scanner, scan, out tokens)
                : TokenBoundaries.KeepStart(tokenizer, text, maxTokens, out tokens);
            if (exact > 0 || maxTokens == 0)
            {
                return exact;
            }

            return VerifiedPrefixEnd(tokenizer, text, maxTokens, out tokens);
        }

        /// <summary>
        /// The fallback when no prefix re-encodes to the whole text's first tokens: the longest prefix that counts at
        /// most <paramref name="maxTokens"/> from scratch.
        /// </summary>
        private static int VerifiedPrefixEnd(Tokenizer tokenizer, string text, int maxTokens, out int tokens)
        {
            int limit = maxTokens;
            for (int attempt = 0; ; attempt++)
            {
                if (limit <= 0)
                {
                    tokens = 0;
                    return 0;
                }

                int end = SafePrefixEnd(
                    text, tokenizer.GetIndexByTokenCount(text, limit, out _, out _, considerPreTokenization: true, considerNormalization: false));

                tokens = end == text.Length
                    ? MarginCounter.CountExact(tokenizer, text)
                    : MarginCounter.CountExact(tokenizer, text.Substring(0, end));
                if (tokens <= maxTokens)
                {
                    return end;
                }

                limit = attempt >= ShrinkAttempts ? limit / 2 : limit - Shrink(tokens - maxTokens, attempt);
            }
        }

        /// <summary>
        /// The start of the longest suffix with at most <paramref name="maxTokens"/> tokens, never inside a surrogate pair:
        /// a token boundary of the whole text's true tokenization when one qualifies; otherwise the longest suffix that
        /// counts at most <paramref name="maxTokens"/> from scratch, found in a window at the end that starts at a few
        /// characters per token and doubles until it holds more than <paramref name="maxTokens"/> tokens.
        /// (Tokenizer.GetIndexByTokenCountFromEnd pre-tokenizes the whole text and grows quadratically with its length.)
        /// </summary>
        private static int SuffixStart(Tokenizer tokenizer, string text, int maxTokens, out int tokens)
        {
            if (maxTokens <= 0)
            {
                tokens = 0;
                return text.Length;
            }

            // First choice: the cut on a token boundary of the whole text's true tokenization.
            int exact = TokenBoundaries.KeepEnd(tokenizer, text, maxTokens, out tokens);
            if (exact < text.Length)
            {
                return exact;
            }

            long windowLength = Math.Max(64L, maxTokens * 6L);
            for (; ; windowLength *= 2)
            {
                int windowStart = windowLength >= text.Length ? 0 : SafeSuffixStart(text, text.Length - (int)windowLength);
                string window = windowStart == 0 ? text : text.Substring(windowStart);
                IReadOnlyList<EncodedToken> encoded = tokenizer.EncodeToTokens(
                    window, out _, considerPreTokenization: true, considerNormalization: false);
                if (encoded.Count <= maxTokens && windowStart > 0)
                {
                    continue;
                }

                return SuffixStartInWindow(tokenizer, text, windowStart, encoded, maxTokens, out tokens);
            }
        }

        /// <summary>
        /// Starts the suffix at the token that leaves <paramref name="maxTokens"/> tokens in the window's encoding,
        /// then verifies it from scratch, moving one token later (faster after a few tries) while it counts too many and
        /// up to two tokens earlier while one more still fits.
        /// </summary>
        private static int SuffixStartInWindow(
            Tokenizer tokenizer, string text, int windowStart, IReadOnlyList<EncodedToken> encoded, int maxTokens, out int tokens)
        {
            int first = Math.Max(0, encoded.Count - maxTokens);
            int step = 1;
            for (int attempt = 0; ; attempt++)
            {
                if (first >= encoded.Count)
                {
                    tokens = 0;
                    return text.Length;
                }

                int start = SafeSuffixStart(text, windowStart + encoded[first].Offset.Start.Value);
                tokens = MarginCounter.CountExact(tokenizer, start == 0 ? text : text.Substring(start));
                if (tokens > maxTokens)
                {
                    first += step;
                    if (attempt >= 4)
                    {
                        step *= 2;
                    }

                    continue;
                }

                for (int extend = 1; extend <= 2 && first - extend >= 0; extend++)
                {
                    int earlier = SafeSuffixStart(text, windowStart + encoded[first - extend].Offset.Start.Value);
                    if (earlier >= start)
                    {
                        continue;
                    }

                    int earlierTokens = MarginCounter.CountExact(tokenizer, text.Substring(earlier));
                    if (earlierTokens > maxTokens)
                    {
                        break;
                    }

                    start = earlier;
                    tokens = earlierTokens;
                }

                return start;
            }
        }

        /// <summary>A prefix end moved back when it would split a surrogate pair (the prefix only gets shorter).</summary>
        internal static int SafePrefixEnd(string text, int end) =>
            end > 0 && end < text.Length && char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]) ? end - 1 : end;

        /// <summary>A suffix start moved forward when it would split a surrogate pair (the suffix only gets shorter).</summary>
        internal static int SafeSuffixStart(string text, int start) =>
            start > 0 && start < text.Length && char.IsHighSurrogate(text[start - 1]) && char.IsLowSurrogate(text[start]) ? start + 1 : start;

        private static int Shrink(int excess, int attempt) =>
            (int)Math.Min(int.MaxValue, (long)Math.Max(1, excess) << Math.Min(attempt / 4, 8));

        /// <summary>The largest sentence or line boundary in (0, <paramref name="end"/>], or 0 when there is none.</summary>
        private static int LastBoundaryAtOrBefore(string text, int end)
        {
            for (int position = end; position > 0; position--)
            {
                if (IsBoundary(text, position))
                {
                    return position;
                }
            }

            return 0;
        }

        /// <summary>True when a prefix may end at <paramref name="position"/> (exclusive end).</summary>
        internal static bool IsBoundary(string text, int position)
        {
            if (position < text.Length && (text[position] == '\n' || text[position] == '\r'))
            {
                return position == 0 || text[position - 1] != '\r' || text[position] != '\n';
            }

            char last = text[position - 1];
            if (last == '\u3002' || last == '\uFF01' || last == '\uFF1F')
            {
                return true;
            }

            if (position < text.Length && !char.IsWhiteSpace(text[position]))
            {
                return false;
            }

            int i = position - 1;
            while (i > 0 && IsClosing(text[i]))
            {
                i--;
            }

            return text[i] == '.' || text[i] == '!' || text[i] == '?';
        }

        private static bool IsClosing(char c) =>
            c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019' || c == '\u00BB';
    }

    /// <summary>The result of <see cref="TextTruncator.Truncate"/>: the text and its exact token count.</summary>
    public readonly struct TruncatedText : IEquatable<TruncatedText>
    {
        internal TruncatedText(string text, int tokens, bool isTruncated)
        {
            Text = text;
            Tokens = tokens;
            IsTruncated = isTruncated;
        }

        /// <summary>The text, cut or whole.</summary>
        public string Text { get; }

        /// <summary>Its tokens, counted from scratch.</summary>
        public int Tokens { get; }

        /// <summary>True when the text was cut.</summary>
        public bool IsTruncated { get; }

        /// <inheritdoc/>
        public bool Equals(TruncatedText other) =>
            string.Equals(Text, other.Text, StringComparison.Ordinal) && Tokens == other.Tokens && IsTruncated == other.IsTruncated;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TruncatedText other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => ((Text?.GetHashCode() ?? 0) * 397) ^ Tokens;

        /// <inheritdoc/>
        public override string ToString() => Text ?? string.Empty;
    }
}
