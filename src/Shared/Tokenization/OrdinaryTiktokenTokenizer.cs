using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
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
    internal sealed partial class OrdinaryTiktokenTokenizer : Tokenizer
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

        public override string Decode(IEnumerable<int> ids) => _inner.Decode(ids);

        public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
            _inner.Decode(ids, destination, out idsConsumed, out charsWritten);
    }
}
