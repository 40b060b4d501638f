using System;
using System.Collections.Generic;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// Exact cut points for truncation by token count. Microsoft.ML.Tokenizers' own index search
    /// (<c>GetIndexByTokenCount</c>, <c>GetIndexByTokenCountFromEnd</c>) can return an index inside a token when a
    /// token ends in the middle of a multi-byte character, and a kept part that re-encodes to other tokens than the
    /// ones it was counted as (white space and digit runs are split depending on what follows them).
    /// Only the pieces (pre-tokens) that hold the kept tokens are encoded, so a cut costs what it keeps, not what the
    /// text holds. One exception to "the whole encoding's tokens": inside a single piece longer than
    /// <see cref="OrdinaryTiktokenTokenizer.GiantPieceLength"/> characters (a pasted blob without spaces), the tokens come
    /// from a window of the piece, and a window at its end may merge with another alignment than the whole piece; the
    /// kept text still re-encodes to exactly the tokens counted, within the limit.
    /// </summary>
    internal static class TokenBoundaries
    {
        /// <summary>
        /// Finds where to cut <paramref name="text"/> to keep its start within <paramref name="maxTokenCount"/> tokens.
        /// </summary>
        /// <returns>
        /// The length <c>p</c> of the kept prefix. Contract: <c>text[..p]</c>, encoded on its own, gives exactly the first
        /// <paramref name="tokenCount"/> ids of the encoding of the whole <paramref name="text"/>
        /// (<paramref name="tokenCount"/> &lt;= <paramref name="maxTokenCount"/>); <c>p</c> is a token boundary of that
        /// encoding at a character boundary, never between a high and a low surrogate; no longer prefix meets these
        /// conditions. The whole text (<c>p = text.Length</c>) when it fits; 0 when <paramref name="maxTokenCount"/> is 0
        /// or no non-empty prefix qualifies.
        /// </returns>
        public static int KeepStart(Tokenizer tokenizer, string text, int maxTokenCount, out int tokenCount)
        {
            if (tokenizer is null) throw new ArgumentNullException(nameof(tokenizer));
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (maxTokenCount < 0) throw new ArgumentOutOfRangeException(nameof(maxTokenCount));

            if (tokenizer is OrdinaryTiktokenTokenizer scanner)
            {
                return KeepStart(scanner, scanner.ScanStart(text, maxTokenCount), out tokenCount);
            }

            return KeepStartByEncoding(tokenizer, text, maxTokenCount, out tokenCount);
        }

        /// <summary>
        /// <see cref="KeepStart(Tokenizer, string, int, out int)"/> from a scan of the text up to the limit (reused when
        /// the caller has already scanned it to see whether it fits).
        /// </summary>
        public static int KeepStart(OrdinaryTiktokenTokenizer tokenizer, PieceScan scan, out int tokenCount)
        {
            if (scan.Fits)
            {
                tokenCount = scan.Tokens;
                return scan.Text.Length;
            }

            int cut = tokenizer.PrefixCut(scan, out tokenCount);
            return cut >= 0 ? cut : KeepStartByEncoding(tokenizer, scan.Text, scan.MaxTokens, out tokenCount);
        }

        private static int KeepStartByEncoding(Tokenizer tokenizer, string text, int maxTokenCount, out int tokenCount)
        {
            IReadOnlyList<EncodedToken> tokens = LeadingTokens(tokenizer, text, maxTokenCount, out bool complete);
            if (complete && tokens.Count <= maxTokenCount)
            {
                tokenCount = tokens.Count;
                return text.Length;
            }

            for (int k = maxTokenCount; k > 0; k--)
            {
                int cut = tokens[k].Offset.Start.Value;
                if (tokens[k - 1].Offset.End.Value > cut || SplitsPair(text, cut))
                {
                    continue;   // token k starts inside the character token k - 1 ends in
                }

                IReadOnlyList<int> kept = tokenizer.EncodeToIds(text.Substring(0, cut), considerPreTokenization: true, considerNormalization: false);
                if (kept.Count == k && SameIds(kept, tokens, 0))
                {
                    tokenCount = k;
                    return cut;
                }
            }

            tokenCount = 0;
            return 0;
        }

        /// <summary>
        /// Finds where to cut <paramref name="text"/> to keep its end within <paramref name="maxTokenCount"/> tokens.
        /// </summary>
        /// <returns>
        /// The start index <c>p</c> of the kept suffix. Contract: <c>text[p..]</c>, encoded on its own, gives exactly the
        /// last <paramref name="tokenCount"/> ids of the encoding of the whole <paramref name="text"/>
        /// (<paramref name="tokenCount"/> &lt;= <paramref name="maxTokenCount"/>); <c>p</c> is a token boundary of that
        /// encoding at a character boundary, never between a high and a low surrogate; no longer suffix meets these
        /// conditions. 0 when the whole text fits; <c>text.Length</c> when <paramref name="maxTokenCount"/> is 0 or no
        /// non-empty suffix qualifies.
        /// </returns>
        public static int KeepEnd(Tokenizer tokenizer, string text, int maxTokenCount, out int tokenCount)
        {
            if (tokenizer is null) throw new ArgumentNullException(nameof(tokenizer));
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (maxTokenCount < 0) throw new ArgumentOutOfRangeException(nameof(maxTokenCount));

            IReadOnlyList<EncodedToken> tokens = TrailingTokens(tokenizer, text, maxTokenCount, out bool complete);
            int count = tokens.Count;
            if (complete && count <= maxTokenCount)
            {
                tokenCount = count;
                return 0;
            }

            for (int k = maxTokenCount; k > 0; k--)
            {
                int first = count - k;
                int cut = tokens[first].Offset.Start.Value;
                if (tokens[first - 1].Offset.End.Value > cut || SplitsPair(text, cut))
                {
                    continue;
                }

                IReadOnlyList<int> kept = tokenizer.EncodeToIds(text.Substring(cut), considerPreTokenization: true, considerNormalization: false);
                if (kept.Count == k && SameIds(kept, tokens, first))
                {
                    tokenCount = k;
                    return cut;
                }
            }

            tokenCount = 0;
            return text.Length;
        }

        /// <summary>
        /// The whole encoding's first tokens, at least <paramref name="maxTokenCount"/> + 1 of them unless the text is
        /// shorter: only the pieces that hold them are encoded.
        /// </summary>
        private static IReadOnlyList<EncodedToken> LeadingTokens(Tokenizer tokenizer, string text, int maxTokenCount, out bool complete)
        {
            if (tokenizer is OrdinaryTiktokenTokenizer exact)
            {
                return exact.EncodeStart(text, maxTokenCount, out complete);
            }

            complete = true;
            return tokenizer.EncodeToTokens(text, out _, considerPreTokenization: true, considerNormalization: false);
        }

        /// <summary>The whole encoding's last tokens, the mirror of <see cref="LeadingTokens"/>.</summary>
        private static IReadOnlyList<EncodedToken> TrailingTokens(Tokenizer tokenizer, string text, int maxTokenCount, out bool complete)
        {
            if (tokenizer is OrdinaryTiktokenTokenizer exact)
            {
                return exact.EncodeEnd(text, maxTokenCount, out complete);
            }

            complete = true;
            return tokenizer.EncodeToTokens(text, out _, considerPreTokenization: true, considerNormalization: false);
        }

        private static bool SplitsPair(string text, int index) =>
            index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

        private static bool SameIds(IReadOnlyList<int> ids, IReadOnlyList<EncodedToken> tokens, int offset)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                if (ids[i] != tokens[offset + i].Id)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
