using System;
using System.Threading;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
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
}
