using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// A tiktoken tokenizer that sees text the way OpenAI's tiktoken sees it: a lone surrogate (a UTF-16 code unit
    /// that is not half of a valid pair) is U+FFFD, as it is after the UTF-8 conversion every API client does.
    /// Microsoft.ML.Tokenizers would otherwise encode it as a three-byte sequence that is not UTF-8.
    /// </summary>
    /// <remarks>
    /// The replacement keeps every string's length, so indices returned by the index searches point into the
    /// caller's own text, and the normalization flag of a call does not change the result.
    /// </remarks>
    internal sealed class OrdinaryTiktokenTokenizer : Tokenizer
    {
        /// <summary>
        /// Pieces longer than this (in UTF-16 code units) are merged by <see cref="LongPieceEncoder"/>: the model's own
        /// merge is quadratic in the piece's length.
        /// </summary>
        internal const int LongPieceLength = 256;

        private readonly Tokenizer _inner;
        private readonly bool _o200k;
        private readonly PieceCounts _pieceCounts;
        private readonly LongPieceEncoder _longPieces;

        /// <param name="inner">The tiktoken model, built with <see cref="TiktokenPreTokenizers.For"/> of the same encoding.</param>
        /// <param name="o200k">Whether the encoding is o200k_base (otherwise cl100k_base).</param>
        /// <param name="openVocabulary">Opens the encoding's <c>.tiktoken</c> file, read when the first long piece comes.</param>
        public OrdinaryTiktokenTokenizer(Tokenizer inner, bool o200k, Func<Stream> openVocabulary)
        {
            _inner = inner;
            _o200k = o200k;
            _longPieces = new LongPieceEncoder(openVocabulary);
            _pieceCounts = new PieceCounts(inner, _longPieces);
        }

        /// <summary>The most UTF-8 bytes one token can cover: a text of <c>b</c> bytes has at least <c>ceil(b / MaxTokenBytes)</c> tokens.</summary>
        public int MaxTokenBytes => _longPieces.MaxTokenBytes;

        /// <summary>Whether the encoding is o200k_base (otherwise cl100k_base).</summary>
        internal bool IsO200k => _o200k;

        /// <summary>The end (exclusive) of the pre-tokenized piece of <paramref name="text"/> that starts at <paramref name="start"/>.</summary>
        internal int NextPieceEnd(ReadOnlySpan<char> text, int start) => CodePointPreTokenizer.NextPieceEnd(text, start, _o200k);

        /// <summary>Counts one pre-tokenized piece (through the piece cache; long pieces in O(n log n)).</summary>
        internal int CountPiece(ReadOnlySpan<char> piece) => _pieceCounts.Count(piece);

        /// <summary>
        /// Appends the tokens of one pre-tokenized piece <c>text[start..end)</c> to <paramref name="tokens"/>, with offsets
        /// into <paramref name="text"/>. A token that ends inside a character (a multi-byte character split between two
        /// tokens) ends after that character, so it overlaps the next token.
        /// </summary>
        internal void EncodePiece(string text, int start, int end, List<EncodedToken> tokens)
        {
            if (end - start <= LongPieceLength)
            {
                foreach (EncodedToken token in _inner.EncodeToTokens(text.Substring(start, end - start), out _, considerPreTokenization: false, considerNormalization: false))
                {
                    tokens.Add(new EncodedToken(token.Id, token.Value, new Range(start + token.Offset.Start.Value, start + token.Offset.End.Value)));
                }

                return;
            }

            var (ids, byteStarts, bytes) = _longPieces.Encode(text.AsSpan(start, end - start));
            int[] charOfByte = CharIndexOfEachByte(text, start, end, bytes.Length);
            for (int t = 0; t < ids.Length; t++)
            {
                int byteEnd = t + 1 < ids.Length ? byteStarts[t + 1] : bytes.Length;
                int charStart = start + charOfByte[byteStarts[t]];
                int charEnd = start + charOfByte[byteEnd - 1] + CharLength(text, start + charOfByte[byteEnd - 1]);
                tokens.Add(new EncodedToken(ids[t], text.Substring(charStart, charEnd - charStart), new Range(charStart, charEnd)));
            }
        }

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

        /// <summary>Whether some piece of <paramref name="text"/> is longer than <see cref="LongPieceLength"/>.</summary>
        private bool HasLongPiece(ReadOnlySpan<char> text)
        {
            if (text.Length <= LongPieceLength)
            {
                return false;
            }

            for (int start = 0; start < text.Length;)
            {
                int end = NextPieceEnd(text, start);
                if (end - start > LongPieceLength)
                {
                    return true;
                }

                start = end;
            }

            return false;
        }

        private List<EncodedToken> EncodeByPieces(string text)
        {
            var tokens = new List<EncodedToken>();
            for (int start = 0; start < text.Length;)
            {
                int end = NextPieceEnd(text.AsSpan(), start);
                EncodePiece(text, start, end, tokens);
                start = end;
            }

            return tokens;
        }

        private static int[] CharIndexOfEachByte(string text, int start, int end, int byteCount)
        {
            var map = new int[byteCount];
            int b = 0;
            for (int i = start; i < end; i++)
            {
                int length = CharLength(text, i);
                int bytes = Utf8Length(text, i);
                for (int k = 0; k < bytes; k++)
                {
                    map[b++] = i - start;
                }

                i += length - 1;
            }

            return map;
        }

        private static int CharLength(string text, int i) =>
            char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

        private static int Utf8Length(string text, int i)
        {
            char c = text[i];
            if (c < 0x80) return 1;
            if (c < 0x800) return 2;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) return 4;
            return 3;   // the rest of the BMP, and a lone surrogate (U+FFFD)
        }

        public override PreTokenizer? PreTokenizer => _inner.PreTokenizer;

        public override Normalizer? Normalizer => null;

        protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            string? replaced = Surrogates.ReplaceLone(text, textSpan);
            if (settings.ConsiderPreTokenization && HasLongPiece(replaced is not null ? replaced.AsSpan() : text is not null ? text.AsSpan() : textSpan))
            {
                string whole = replaced ?? text ?? textSpan.ToString();
                return new EncodeResults<EncodedToken> { Tokens = EncodeByPieces(whole), NormalizedText = null, CharsConsumed = whole.Length };
            }

            IReadOnlyList<EncodedToken> tokens = replaced is not null
                ? _inner.EncodeToTokens(replaced, out _, settings.ConsiderPreTokenization, considerNormalization: false)
                : text is not null
                    ? _inner.EncodeToTokens(text, out _, settings.ConsiderPreTokenization, considerNormalization: false)
                    : _inner.EncodeToTokens(textSpan, out _, settings.ConsiderPreTokenization, considerNormalization: false);
            return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = text?.Length ?? textSpan.Length };
        }

        protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            string? replaced = Surrogates.ReplaceLone(text, textSpan);
            if (settings.ConsiderPreTokenization && settings.MaxTokenCount == int.MaxValue
                && HasLongPiece(replaced is not null ? replaced.AsSpan() : text is not null ? text.AsSpan() : textSpan))
            {
                string whole = replaced ?? text ?? textSpan.ToString();
                List<EncodedToken> tokens = EncodeByPieces(whole);
                var pieceIds = new int[tokens.Count];
                for (int i = 0; i < pieceIds.Length; i++)
                {
                    pieceIds[i] = tokens[i].Id;
                }

                return new EncodeResults<int> { Tokens = pieceIds, NormalizedText = null, CharsConsumed = whole.Length };
            }

            int charsConsumed;
            IReadOnlyList<int> ids = replaced is not null
                ? _inner.EncodeToIds(replaced, settings.MaxTokenCount, out _, out charsConsumed, settings.ConsiderPreTokenization, considerNormalization: false)
                : text is not null
                    ? _inner.EncodeToIds(text, settings.MaxTokenCount, out _, out charsConsumed, settings.ConsiderPreTokenization, considerNormalization: false)
                    : _inner.EncodeToIds(textSpan, settings.MaxTokenCount, out _, out charsConsumed, settings.ConsiderPreTokenization, considerNormalization: false);
            return new EncodeResults<int> { Tokens = ids, NormalizedText = null, CharsConsumed = charsConsumed };
        }

        protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            string? replaced = Surrogates.ReplaceLone(text, textSpan);
            if (settings.ConsiderPreTokenization && settings.MaxTokenCount == int.MaxValue)
            {
                // The hot path: split here and count each piece through a cache in front of the model.
                ReadOnlySpan<char> s = replaced is not null ? replaced.AsSpan() : text is not null ? text.AsSpan() : textSpan;
                int count = 0;
                for (int start = 0; start < s.Length;)
                {
                    int end = CodePointPreTokenizer.NextPieceEnd(s, start, _o200k);
                    count += _pieceCounts.Count(s.Slice(start, end - start));
                    start = end;
                }

                return count;
            }

            return replaced is not null
                ? _inner.CountTokens(replaced, settings.ConsiderPreTokenization, considerNormalization: false)
                : text is not null
                    ? _inner.CountTokens(text, settings.ConsiderPreTokenization, considerNormalization: false)
                    : _inner.CountTokens(textSpan, settings.ConsiderPreTokenization, considerNormalization: false);
        }

        protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
        {
            normalizedText = null;
            string whole = Surrogates.ReplaceLone(text, textSpan) ?? text ?? textSpan.ToString();
            int maxTokens = settings.MaxTokenCount;
            if (!settings.ConsiderPreTokenization)
            {
                return fromEnd
                    ? _inner.GetIndexByTokenCountFromEnd(whole, maxTokens, out _, out tokenCount, considerPreTokenization: false, considerNormalization: false)
                    : _inner.GetIndexByTokenCount(whole, maxTokens, out _, out tokenCount, considerPreTokenization: false, considerNormalization: false);
            }

            return fromEnd ? IndexFromEnd(whole, maxTokens, out tokenCount) : IndexFromStart(whole, maxTokens, out tokenCount);
        }

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

        public override string Decode(IEnumerable<int> ids) => _inner.Decode(ids);

        public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
            _inner.Decode(ids, destination, out idsConsumed, out charsWritten);
    }

    /// <summary>
    /// Token counts of pre-tokenized pieces: a lock-free, direct-mapped cache in front of the tiktoken model (its own
    /// piece cache takes a lock and is consulted before the vocabulary on every piece). Thread-safe: an entry is
    /// immutable and replaces a slot whole, so a reader sees either an entry that matches its piece or a miss.
    /// </summary>
    internal sealed class PieceCounts
    {
        private const int SlotBits = 13;
        private const int MaxCachedLength = 32;

        private readonly Tokenizer _model;
        private readonly LongPieceEncoder _longPieces;
        private readonly Entry?[] _slots = new Entry?[1 << SlotBits];

        /// <param name="model">Counts one piece when asked with pre-tokenization off.</param>
        /// <param name="longPieces">Counts pieces longer than <see cref="OrdinaryTiktokenTokenizer.LongPieceLength"/>.</param>
        public PieceCounts(Tokenizer model, LongPieceEncoder longPieces)
        {
            _model = model;
            _longPieces = longPieces;
        }

        /// <summary>The number of tokens of one piece of the pre-tokenization.</summary>
        public int Count(ReadOnlySpan<char> piece)
        {
            if (piece.Length > MaxCachedLength)
            {
                return piece.Length > OrdinaryTiktokenTokenizer.LongPieceLength
                    ? _longPieces.Count(piece)
                    : _model.CountTokens(piece, considerPreTokenization: false, considerNormalization: false);
            }

            uint hash = 2166136261;
            for (int i = 0; i < piece.Length; i++)
            {
                hash = (hash ^ piece[i]) * 16777619;
            }

            int slot = (int)((hash ^ (hash >> SlotBits)) & ((1 << SlotBits) - 1));
            Entry? entry = Volatile.Read(ref _slots[slot]);
            if (entry is not null && piece.SequenceEqual(entry.Piece.AsSpan()))
            {
                return entry.Count;
            }

            int count = _model.CountTokens(piece, considerPreTokenization: false, considerNormalization: false);
            Volatile.Write(ref _slots[slot], new Entry(piece.ToString(), count));
            return count;
        }

        private sealed class Entry
        {
            public Entry(string piece, int count)
            {
                Piece = piece;
                Count = count;
            }

            public string Piece { get; }

            public int Count { get; }
        }
    }

    /// <summary>Lone UTF-16 surrogates, as tiktoken's callers (UTF-8 conversion) see them.</summary>
    internal static class Surrogates
    {
        /// <summary>
        /// Returns a copy of the text (<paramref name="text"/>, or <paramref name="span"/> when it is null) with every
        /// lone surrogate replaced by U+FFFD, or null when the text has none.
        /// </summary>
        public static string? ReplaceLone(string? text, ReadOnlySpan<char> span)
        {
            ReadOnlySpan<char> s = text is not null ? text.AsSpan() : span;
            int i = FirstLone(s);
            if (i < 0)
            {
                return null;
            }

            char[] copy = s.ToArray();
            for (; i < copy.Length; i++)
            {
                char c = copy[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < copy.Length && copy[i + 1] >= 0xDC00 && copy[i + 1] <= 0xDFFF)
                {
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    copy[i] = '\uFFFD';
                }
            }

            return new string(copy);
        }

        /// <summary>Index of the first lone surrogate, or -1.</summary>
        public static int FirstLone(ReadOnlySpan<char> s)
        {
            int i = 0;
            while (true)
            {
#if NET8_0_OR_GREATER
                int found = s.Slice(i).IndexOfAnyInRange('\uD800', '\uDFFF');
                if (found < 0)
                {
                    return -1;
                }

                i += found;
#else
                while (i < s.Length && (s[i] < 0xD800 || s[i] > 0xDFFF))
                {
                    i++;
                }

                if (i == s.Length)
                {
                    return -1;
                }
#endif
                if (s[i] <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    i += 2;
                    continue;
                }

                return i;
            }
        }
    }
}
