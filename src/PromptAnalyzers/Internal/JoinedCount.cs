using System;
using System.Collections.Generic;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Internal.Runtime
{
    /// <summary>
    /// Counts a template's content from the exact counts of its parts (literals and values), without counting it again:
    /// byte-pair merging never crosses a pre-tokenizer piece, so when the content splits into pieces exactly where each
    /// part ends, its count is the sum of the parts' counts. Each junction is checked by splitting a few pieces on each
    /// side; where the split crosses a junction (a contraction, a whitespace run) the caller counts from scratch.
    /// </summary>
    internal static class JoinedCount
    {
        /// <summary>
        /// Pre-tokenizer pieces depend on at most three characters after them (o200k_base's <c>'re</c>, <c>'ve</c>,
        /// <c>'ll</c>), so pieces that end this far before a part's end split the same inside the content.
        /// </summary>
        private const int Lookahead = 8;

        /// <summary>The largest value re-split from its start when no scan tells where its pieces start.</summary>
        private const int ShortValue = 256;

        /// <summary>
        /// The exact count of <paramref name="content"/>, the template assembled from <paramref name="values"/>, or -1 when a
        /// junction does not split where the parts end.
        /// </summary>
        /// <param name="tokenizer">The encoding's tokenizer.</param>
        /// <param name="template">The template whose literals surround the values.</param>
        /// <param name="content">The assembled content.</param>
        /// <param name="values">The values, by placeholder.</param>
        /// <param name="valueTokens">Each value's exact count on its own.</param>
        /// <param name="scans">Each value's scan (of the value it was cut from, or of itself), or null.</param>
        public static int TryCount(
            OrdinaryTiktokenTokenizer tokenizer, TemplatePlan template, string content, string[] values, int[] valueTokens, PieceScan?[] scans)
        {
            LiteralFacts literals = template.LiteralFactsFor(tokenizer);
            long total = 0;
            int offset = 0;
            for (int p = 0; p <= template.Positions.Length; p++)
            {
                string literal = template.Literals[p];
                if (!SplitsAtEnd(tokenizer, content, offset, literal, literals.Anchors[p]))
                {
                    return -1;
                }

                total += literals.Tokens[p];
                offset += literal.Length;
                if (p == template.Positions.Length)
                {
                    break;
                }

                int i = template.Positions[p];
                string value = values[i];
                int anchor = ValueAnchor(tokenizer, value, scans[i]);
                if (anchor < 0 || valueTokens[i] < 0 || !SplitsAtEnd(tokenizer, content, offset, value, anchor))
                {
                    return -1;
                }

                total += valueTokens[i];
                offset += value.Length;
            }

            return offset == content.Length && total <= int.MaxValue ? (int)total : -1;
        }

        /// <summary>
        /// True when <paramref name="content"/>, split from <c>offset + anchor</c> (a piece start of the part that the
        /// end of the part cannot move), ends its pieces exactly where <paramref name="part"/> alone ends them, the last
        /// one at the part's end.
        /// </summary>
        private static bool SplitsAtEnd(OrdinaryTiktokenTokenizer tokenizer, string content, int offset, string part, int anchor)
        {
            ReadOnlySpan<char> alone = part.AsSpan();
            ReadOnlySpan<char> joined = content.AsSpan();
            for (int position = anchor; position < part.Length;)
            {
                int end = tokenizer.NextPieceEnd(alone, position);
                if (tokenizer.NextPieceEnd(joined, offset + position) != offset + end)
                {
                    return false;
                }

                position = end;
            }

            return true;
        }

        /// <summary>A piece start of <paramref name="value"/> at least <see cref="Lookahead"/> characters before its end, or -1.</summary>
        private static int ValueAnchor(OrdinaryTiktokenTokenizer tokenizer, string value, PieceScan? scan)
        {
            if (value.Length <= Lookahead)
            {
                return 0;
            }

            if (scan is not null && ReferenceEquals(scan.Text, value) || scan is not null && scan.Text.Length >= value.Length
                && string.CompareOrdinal(scan.Text, 0, value, 0, value.Length) == 0)
            {
                int anchor = scan!.LastStartAtOrBefore(value.Length - Lookahead);
                if (anchor >= 0)
                {
                    return anchor;
                }
            }

            return value.Length <= ShortValue ? AnchorOf(tokenizer, value) : -1;
        }

        /// <summary>The last piece start of <paramref name="text"/> at least <see cref="Lookahead"/> characters before its end (0 if none).</summary>
        public static int AnchorOf(OrdinaryTiktokenTokenizer tokenizer, string text)
        {
            int anchor = 0;
            for (int start = 0; start < text.Length && start <= text.Length - Lookahead;)
            {
                anchor = start;
                start = tokenizer.NextPieceEnd(text.AsSpan(), start);
            }

            return anchor;
        }
    }

    /// <summary>A template's literals counted once: each one's exact tokens and its anchor for <see cref="JoinedCount"/>.</summary>
    internal sealed class LiteralFacts
    {
        public LiteralFacts(OrdinaryTiktokenTokenizer tokenizer, string[] literals)
        {
            Tokenizer = tokenizer;
            Tokens = new int[literals.Length];
            Anchors = new int[literals.Length];
            for (int p = 0; p < literals.Length; p++)
            {
                Tokens[p] = literals[p].Length == 0 ? 0 : tokenizer.CountTokens(literals[p], considerPreTokenization: true, considerNormalization: false);
                Anchors[p] = JoinedCount.AnchorOf(tokenizer, literals[p]);
            }
        }

        public OrdinaryTiktokenTokenizer Tokenizer { get; }

        public int[] Tokens { get; }

        public int[] Anchors { get; }
    }
}
