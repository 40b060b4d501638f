using System;
using System.Buffers;
using System.Collections.Generic;
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
        private readonly Tokenizer _inner;
        private readonly bool _o200k;
        private readonly PieceCounts _pieceCounts;

        /// <param name="inner">The tiktoken model, built with <see cref="TiktokenPreTokenizers.For"/> of the same encoding.</param>
        /// <param name="o200k">Whether the encoding is o200k_base (otherwise cl100k_base).</param>
        public OrdinaryTiktokenTokenizer(Tokenizer inner, bool o200k)
        {
            _inner = inner;
            _o200k = o200k;
            _pieceCounts = new PieceCounts(inner);
        }

        public override PreTokenizer? PreTokenizer => _inner.PreTokenizer;

        public override Normalizer? Normalizer => null;

        protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
        {
            string? replaced = Surrogates.ReplaceLone(text, textSpan);
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
            string? replaced = Surrogates.ReplaceLone(text, textSpan);
            if (replaced is not null)
            {
                return fromEnd
                    ? _inner.GetIndexByTokenCountFromEnd(replaced, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false)
                    : _inner.GetIndexByTokenCount(replaced, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false);
            }

            if (text is not null)
            {
                return fromEnd
                    ? _inner.GetIndexByTokenCountFromEnd(text, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false)
                    : _inner.GetIndexByTokenCount(text, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false);
            }

            return fromEnd
                ? _inner.GetIndexByTokenCountFromEnd(textSpan, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false)
                : _inner.GetIndexByTokenCount(textSpan, settings.MaxTokenCount, out _, out tokenCount, settings.ConsiderPreTokenization, considerNormalization: false);
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
        private readonly Entry?[] _slots = new Entry?[1 << SlotBits];

        /// <param name="model">Counts one piece when asked with pre-tokenization off.</param>
        public PieceCounts(Tokenizer model) => _model = model;

        /// <summary>The number of tokens of one piece of the pre-tokenization.</summary>
        public int Count(ReadOnlySpan<char> piece)
        {
            if (piece.Length > MaxCachedLength)
            {
                return _model.CountTokens(piece, considerPreTokenization: false, considerNormalization: false);
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
