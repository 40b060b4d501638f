using System;
using System.Collections.Generic;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// The pre-tokenized pieces at the start of a text with the tokens before each, counted up to a limit: what a fit
    /// check learns and a cut at the start can reuse instead of counting again.
    /// </summary>
    internal sealed class PieceScan
    {
        private readonly List<int> _starts;
        private readonly List<int> _before;

        public PieceScan(string text, int maxTokens)
        {
            Text = text;
            MaxTokens = maxTokens;

            // A piece has at least one token and one character: sized once for what the scan can record.
            int capacity = (int)Math.Min(Math.Min((long)maxTokens + 2, text.Length + 1L), 1 << 16);
            _starts = new List<int>(capacity);
            _before = new List<int>(capacity);
        }

        /// <summary>The scanned text, lone surrogates replaced by U+FFFD (same length as the caller's text).</summary>
        public string Text { get; }

        /// <summary>The limit the scan counted up to.</summary>
        public int MaxTokens { get; }

        /// <summary>True when the whole text fits the limit; <see cref="Tokens"/> is then its exact count.</summary>
        public bool Fits { get; private set; }

        /// <summary>The text's tokens when it fits; otherwise more than <see cref="MaxTokens"/>.</summary>
        public int Tokens { get; private set; }

        /// <summary>Pieces scanned; when the text does not fit, the last one is the piece that took the count over.</summary>
        public int PieceCount => _starts.Count;

        /// <summary>The end of the last scanned piece.</summary>
        public int ScannedEnd { get; private set; }

        public int StartOf(int piece) => _starts[piece];

        public int EndOf(int piece) => piece + 1 < _starts.Count ? _starts[piece + 1] : ScannedEnd;

        /// <summary>The tokens of the pieces before <paramref name="piece"/>.</summary>
        public int TokensBefore(int piece) => _before[piece];

        /// <summary>The piece that starts at <paramref name="index"/>, or -1 when no scanned piece starts there.</summary>
        public int PieceStartingAt(int index)
        {
            int found = _starts.BinarySearch(index);
            return found >= 0 ? found : -1;
        }

        /// <summary>
        /// This scan cut down to a lower limit, without counting again: the pieces up to the first whose tokens take the
        /// count past <paramref name="maxTokens"/>. Null when the limit is higher than this scan's and the text did not fit.
        /// </summary>
        public PieceScan? Narrow(int maxTokens)
        {
            if (maxTokens == MaxTokens)
            {
                return this;
            }

            if (maxTokens > MaxTokens && !Fits)
            {
                return null;
            }

            var narrowed = new PieceScan(Text, maxTokens);
            for (int piece = 0; piece < _starts.Count; piece++)
            {
                int after = piece + 1 < _starts.Count ? _before[piece + 1] : Tokens;
                narrowed.Add(_starts[piece], EndOf(piece), _before[piece]);
                if (after > maxTokens)
                {
                    narrowed.Finish(fits: false, after);
                    return narrowed;
                }
            }

            narrowed.Finish(fits: true, Tokens);
            return narrowed;
        }

        /// <summary>The last scanned piece start at or before <paramref name="index"/>, or -1.</summary>
        public int LastStartAtOrBefore(int index)
        {
            int found = _starts.BinarySearch(index);
            int piece = found >= 0 ? found : ~found - 1;
            return piece >= 0 ? _starts[piece] : -1;
        }

        internal void Add(int start, int end, int tokensBefore)
        {
            _starts.Add(start);
            _before.Add(tokensBefore);
            ScannedEnd = end;
        }

        internal void Finish(bool fits, int tokens)
        {
            Fits = fits;
            Tokens = tokens;
        }
    }
}
