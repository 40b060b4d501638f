using System;
using System.Collections.Generic;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// Finding cuts and fits by token count while reading as little of the text as they need: piece-by-piece scans
    /// through the count cache, the exact keep-start cut from a scan, index searches from either end, and windows on
    /// giant pieces.
    /// </summary>
    internal sealed partial class OrdinaryTiktokenTokenizer
    {
        /// <summary>
        /// A piece longer than this is never merged whole to find a cut near its start or end: only a window of it is,
        /// grown until it holds the tokens asked for (see <see cref="EncodeStart"/> and <see cref="EncodeEnd"/>).
        /// </summary>
        internal const int GiantPieceLength = 16384;

        /// <summary>Tokens dropped at a window's artificial edge, where merges may differ from the whole piece's.</summary>
        private const int WindowEdgeTokens = 8;

        /// <summary>
        /// The first tokens of <paramref name="text"/>'s encoding, piece by piece, until there are more than
        /// <paramref name="maxTokens"/> (or the text ends): the prefix of the whole encoding, without encoding the rest.
        /// Inside a piece longer than <see cref="GiantPieceLength"/> the tokens come from a window at the piece's start.
        /// </summary>
        /// <param name="text">The text.</param>
        /// <param name="maxTokens">The tokens wanted; one more is produced unless the text ends first.</param>
        /// <param name="complete">True when the tokens cover the whole text.</param>
        internal List<EncodedToken> EncodeStart(string text, int maxTokens, out bool complete)
        {
            string s = Surrogates.ReplaceLone(text, default) ?? text;
            var tokens = new List<EncodedToken>();
            int start = 0;
            while (start < s.Length && tokens.Count <= maxTokens)
            {
                int end = NextPieceEnd(s.AsSpan(), start);
                if (end - start > GiantPieceLength && EncodeGiantPieceStart(s, start, end, maxTokens + 1 - tokens.Count, tokens))
                {
                    complete = false;
                    return tokens;
                }

                if (end - start <= GiantPieceLength)
                {
                    EncodePiece(s, start, end, tokens);
                }

                start = end;
            }

            complete = start == s.Length;
            return tokens;
        }

        /// <summary>
        /// The last tokens of <paramref name="text"/>'s encoding, piece by piece from the end, until there are more than
        /// <paramref name="maxTokens"/> (or the text starts), in text order. Inside a piece longer than
        /// <see cref="GiantPieceLength"/> the tokens come from a window at the piece's end.
        /// </summary>
        /// <param name="text">The text.</param>
        /// <param name="maxTokens">The tokens wanted; one more is produced unless the text starts first.</param>
        /// <param name="complete">True when the tokens cover the whole text.</param>
        internal List<EncodedToken> EncodeEnd(string text, int maxTokens, out bool complete)
        {
            string s = Surrogates.ReplaceLone(text, default) ?? text;
            var pieceStarts = new List<int>();
            for (int start = 0; start < s.Length; start = NextPieceEnd(s.AsSpan(), start))
            {
                pieceStarts.Add(start);
            }

            var reversedPieces = new List<List<EncodedToken>>();
            int count = 0;
            int p = pieceStarts.Count - 1;
            for (; p >= 0 && count <= maxTokens; p--)
            {
                int start = pieceStarts[p];
                int end = p + 1 < pieceStarts.Count ? pieceStarts[p + 1] : s.Length;
                var pieceTokens = new List<EncodedToken>();
                if (end - start > GiantPieceLength && EncodeGiantPieceEnd(s, start, end, maxTokens + 1 - count, pieceTokens))
                {
                    reversedPieces.Add(pieceTokens);
                    count += pieceTokens.Count;
                    p--;
                    complete = false;
                    return Concatenate(reversedPieces, count);
                }

                if (end - start <= GiantPieceLength)
                {
                    EncodePiece(s, start, end, pieceTokens);
                }

                reversedPieces.Add(pieceTokens);
                count += pieceTokens.Count;
            }

            complete = p < 0;
            return Concatenate(reversedPieces, count);
        }

        private static List<EncodedToken> Concatenate(List<List<EncodedToken>> reversedPieces, int count)
        {
            var tokens = new List<EncodedToken>(count);
            for (int i = reversedPieces.Count - 1; i >= 0; i--)
            {
                tokens.AddRange(reversedPieces[i]);
            }

            return tokens;
        }

        /// <summary>
        /// Adds at least <paramref name="needed"/> tokens from the start of the giant piece <c>text[start..end)</c>, taken from
        /// a window that grows until its encoding holds them with <see cref="WindowEdgeTokens"/> to spare; or, when the
        /// window reaches the piece's end first, all of the piece's tokens. Returns true when it stopped short of the end.
        /// </summary>
        private bool EncodeGiantPieceStart(string text, int start, int end, int needed, List<EncodedToken> tokens)
        {
            for (long width = InitialWindow(needed); ;)
            {
                int windowEnd = width >= end - start ? end : SafeEnd(text, start + (int)width);
                var window = new List<EncodedToken>();
                EncodePiece(text, start, windowEnd, window);
                if (windowEnd == end)
                {
                    tokens.AddRange(window);
                    return false;
                }

                if (window.Count >= needed + WindowEdgeTokens)
                {
                    tokens.AddRange(window.GetRange(0, window.Count - WindowEdgeTokens));
                    return true;
                }

                width = NextWindow(windowEnd - start, window.Count, needed);
            }
        }

        /// <summary>A first window of about four characters per token wanted: most text has fewer.</summary>
        private static long InitialWindow(int needed) => Math.Max(256L, (needed + WindowEdgeTokens) * 4L);

        /// <summary>
        /// The next window: the characters per token seen so far times the tokens wanted, with a tenth to spare, and at
        /// least a quarter more than the last window so the search ends in a few steps whatever the text.
        /// </summary>
        private static long NextWindow(int width, int tokens, int needed)
        {
            long wanted = (long)Math.Ceiling((double)width / Math.Max(1, tokens) * (needed + WindowEdgeTokens) * 1.1);
            return Math.Max(wanted, width + width / 4 + 1);
        }

        /// <summary>The mirror of <see cref="EncodeGiantPieceStart"/> at the piece's end.</summary>
        private bool EncodeGiantPieceEnd(string text, int start, int end, int needed, List<EncodedToken> tokens)
        {
            for (long width = InitialWindow(needed); ;)
            {
                int windowStart = width >= end - start ? start : SafeStart(text, end - (int)width);
                var window = new List<EncodedToken>();
                EncodePiece(text, windowStart, end, window);
                if (windowStart == start)
                {
                    tokens.AddRange(window);
                    return false;
                }

                if (window.Count >= needed + WindowEdgeTokens)
                {
                    tokens.AddRange(window.GetRange(WindowEdgeTokens, window.Count - WindowEdgeTokens));
                    return true;
                }

                width = NextWindow(end - windowStart, window.Count, needed);
            }
        }

        private static int SafeEnd(string text, int end) =>
            end > 0 && end < text.Length && char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]) ? end - 1 : end;

        private static int SafeStart(string text, int start) =>
            start > 0 && start < text.Length && char.IsHighSurrogate(text[start - 1]) && char.IsLowSurrogate(text[start]) ? start + 1 : start;

        /// <summary>
        /// Counts <paramref name="text"/> piece by piece up to <paramref name="maxTokens"/>, recording each piece and the
        /// tokens before it, and stops at the first piece that takes the count over (a long piece that cannot fit by its
        /// byte length is not counted).
        /// </summary>
        internal PieceScan ScanStart(string text, int maxTokens)
        {
            string s = Surrogates.ReplaceLone(text, default) ?? text;
            var scan = new PieceScan(s, maxTokens);
            int count = 0;
            for (int start = 0; start < s.Length;)
            {
                int end = NextPieceEnd(s.AsSpan(), start);
                scan.Add(start, end, count);
                count += CannotFit(s, start, end, maxTokens - count)
                    ? maxTokens - count + 1
                    : _pieceCounts.Count(s.AsSpan(start, end - start));
                if (count > maxTokens)
                {
                    scan.Finish(fits: false, count);
                    return scan;
                }

                start = end;
            }

            scan.Finish(fits: true, count);
            return scan;
        }

        /// <summary>
        /// The keep-start cut of <see cref="TokenBoundaries.KeepStart(Tokenizer, string, int, out int)"/> found from a scan that did not fit: inside the
        /// piece that took the count over (or one of the few before it) at a token boundary of that piece whose prefix
        /// splits into the same pieces and the same tokens on its own. Encodes only those pieces. -1 when none of them
        /// has such a boundary (the caller then searches the whole encoding).
        /// </summary>
        internal int PrefixCut(PieceScan scan, out int tokenCount)
        {
            string text = scan.Text;
            int last = scan.PieceCount - 1;
            for (int piece = last; piece >= 0 && piece >= last - 3; piece--)
            {
                int start = scan.StartOf(piece);
                int end = scan.EndOf(piece);
                int room = scan.MaxTokens - scan.TokensBefore(piece);
                List<EncodedToken> tokens = TokensAtCut(text, start, end, room + 1, fromEnd: false);

                for (int k = Math.Min(room, tokens.Count - 1); k >= 0; k--)
                {
                    int cut = k == 0 ? start : tokens[k].Offset.Start.Value;
                    if (k > 0 && tokens[k - 1].Offset.End.Value > cut || SplitsPair(text, cut))
                    {
                        continue;
                    }

                    bool same = SplitsAsScanned(scan, piece, cut)
                        ? k == 0 || SameTokens(text, start, cut, tokens, k)
                        : EncodesAsScanned(scan, piece, cut, tokens, k);
                    if (same)
                    {
                        tokenCount = scan.TokensBefore(piece) + k;
                        return cut;
                    }
                }
            }

            tokenCount = 0;
            return -1;
        }

        /// <summary>
        /// True when <c>text[..cut]</c>, split on its own, has the scanned pieces before <paramref name="piece"/> and then
        /// <c>text[start of piece..cut)</c> as one piece (nothing when the cut is the piece's start). A piece's end
        /// depends on at most the character after it, so the split is redone from two pieces back.
        /// </summary>
        internal bool SplitsAsScanned(PieceScan scan, int piece, int cut)
        {
            int index = Math.Max(0, piece - 2);
            ReadOnlySpan<char> prefix = scan.Text.AsSpan(0, cut);
            for (int position = scan.StartOf(index); position < cut; index++)
            {
                int end = NextPieceEnd(prefix, position);
                int expected = index + 1 <= piece ? scan.StartOf(index + 1) : cut;
                if (end != expected)
                {
                    return false;
                }

                position = end;
            }

            return true;
        }

        /// <summary>
        /// True when <c>text[..cut]</c> encodes on its own to the whole text's tokens up to the first
        /// <paramref name="k"/> of <paramref name="piece"/>, although it splits differently: compared from two pieces back.
        /// </summary>
        private bool EncodesAsScanned(PieceScan scan, int piece, int cut, List<EncodedToken> tokens, int k)
        {
            string text = scan.Text;
            int anchor = Math.Max(0, piece - 2);
            var expected = new List<EncodedToken>();
            for (int i = anchor; i < piece; i++)
            {
                EncodePiece(text, scan.StartOf(i), scan.EndOf(i), expected);
            }

            expected.AddRange(tokens.GetRange(0, k));
            var actual = new List<EncodedToken>(expected.Count);
            ReadOnlySpan<char> prefix = text.AsSpan(0, cut);
            for (int position = scan.StartOf(anchor); position < cut;)
            {
                int end = NextPieceEnd(prefix, position);
                EncodePiece(text, position, end, actual);
                position = end;
            }

            return SameIds(actual, expected, expected.Count);
        }

        private bool SameTokens(string text, int start, int cut, List<EncodedToken> tokens, int k)
        {
            var alone = new List<EncodedToken>(k);
            EncodePiece(text, start, cut, alone);
            return SameIds(alone, tokens, k);
        }

        /// <summary>True when <paramref name="actual"/> is exactly the first <paramref name="count"/> ids of <paramref name="expected"/>.</summary>
        private static bool SameIds(List<EncodedToken> actual, List<EncodedToken> expected, int count)
        {
            if (actual.Count != count)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (actual[i].Id != expected[i].Id)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SplitsPair(string text, int index) =>
            index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

        /// <summary>
        /// The token count of <paramref name="text"/> when it is at most <paramref name="maxTokens"/>, otherwise -1: counts
        /// piece by piece and stops at the first piece that takes the total over (a long piece that cannot fit by its
        /// byte length is not even counted).
        /// </summary>
        internal int CountUpTo(string text, int maxTokens)
        {
            string s = Surrogates.ReplaceLone(text, default) ?? text;
            int count = 0;
            for (int start = 0; start < s.Length;)
            {
                int end = NextPieceEnd(s.AsSpan(), start);
                if (CannotFit(s, start, end, maxTokens - count))
                {
                    return -1;
                }

                count += _pieceCounts.Count(s.AsSpan(start, end - start));
                if (count > maxTokens)
                {
                    return -1;
                }

                start = end;
            }

            return count;
        }

        /// <summary>
        /// The end of the longest run of whole leading tokens within <paramref name="maxTokens"/>, never inside a character.
        /// Pieces that fit are counted through the cache; a piece that cannot fit (by its byte length) is not counted.
        /// </summary>
        private int IndexFromStart(string text, int maxTokens, out int tokenCount)
        {
            int count = 0;
            for (int start = 0; start < text.Length;)
            {
                int end = NextPieceEnd(text.AsSpan(), start);
                if (AddIfWhole(text, start, end, maxTokens, ref count))
                {
                    start = end;
                    continue;
                }

                List<EncodedToken> tokens = TokensAtCut(text, start, end, maxTokens - count + 1, fromEnd: false);

                int index = start;
                int indexCount = count;
                for (int t = 0; t < tokens.Count && count + t + 1 <= maxTokens; t++)
                {
                    bool splitsCharacter = t + 1 < tokens.Count && tokens[t + 1].Offset.Start.Value < tokens[t].Offset.End.Value;
                    if (!splitsCharacter)
                    {
                        index = tokens[t].Offset.End.Value;
                        indexCount = count + t + 1;
                    }
                }

                tokenCount = indexCount;
                return index;
            }

            tokenCount = count;
            return text.Length;
        }

        /// <summary>The mirror of <see cref="IndexFromStart"/>: the start of the longest run of whole trailing tokens.</summary>
        private int IndexFromEnd(string text, int maxTokens, out int tokenCount)
        {
            var pieceStarts = new List<int>();
            for (int start = 0; start < text.Length; start = NextPieceEnd(text.AsSpan(), start))
            {
                pieceStarts.Add(start);
            }

            int count = 0;
            for (int p = pieceStarts.Count - 1; p >= 0; p--)
            {
                int start = pieceStarts[p];
                int end = p + 1 < pieceStarts.Count ? pieceStarts[p + 1] : text.Length;
                if (AddIfWhole(text, start, end, maxTokens, ref count))
                {
                    continue;
                }

                List<EncodedToken> tokens = TokensAtCut(text, start, end, maxTokens - count + 1, fromEnd: true);

                int index = end;
                int indexCount = count;
                for (int t = tokens.Count - 1, taken = 1; t >= 0 && count + taken <= maxTokens; t--, taken++)
                {
                    bool splitsCharacter = t > 0 && tokens[t - 1].Offset.End.Value > tokens[t].Offset.Start.Value;
                    if (!splitsCharacter)
                    {
                        index = tokens[t].Offset.Start.Value;
                        indexCount = count + taken;
                    }
                }

                tokenCount = indexCount;
                return index;
            }

            tokenCount = count;
            return 0;
        }

        /// <summary>Adds the piece's tokens to <paramref name="count"/> when the whole piece fits <paramref name="maxTokens"/>.</summary>
        private bool AddIfWhole(string text, int start, int end, int maxTokens, ref int count)
        {
            if (CannotFit(text, start, end, maxTokens - count))
            {
                return false;
            }

            int pieceCount = _pieceCounts.Count(text.AsSpan(start, end - start));
            if (count + pieceCount > maxTokens)
            {
                return false;
            }

            count += pieceCount;
            return true;
        }

        /// <summary>
        /// The tokens of the piece a cut falls in: all of them, or for a giant piece those of a window on the side kept,
        /// at least <paramref name="needed"/> of them.
        /// </summary>
        private List<EncodedToken> TokensAtCut(string text, int start, int end, int needed, bool fromEnd)
        {
            var tokens = new List<EncodedToken>();
            if (end - start <= GiantPieceLength)
            {
                EncodePiece(text, start, end, tokens);
            }
            else if (fromEnd)
            {
                EncodeGiantPieceEnd(text, start, end, needed, tokens);
            }
            else
            {
                EncodeGiantPieceStart(text, start, end, needed, tokens);
            }

            return tokens;
        }

        /// <summary>
        /// True when <c>text[start..end)</c> has more UTF-8 bytes than <paramref name="maxTokens"/> tokens can cover, so it
        /// cannot fit whatever its count; checked only for long pieces, where counting costs more than the check.
        /// </summary>
        private bool CannotFit(string text, int start, int end, int maxTokens)
        {
            if (end - start <= LongPieceLength)
            {
                return false;
            }

            long bytes = 0;
            for (int i = start; i < end; i++)
            {
                bytes += Utf8Length(text, i);
                i += CharLength(text, i) - 1;
            }

            return (bytes + MaxTokenBytes - 1) / MaxTokenBytes > maxTokens;
        }
    }
}
