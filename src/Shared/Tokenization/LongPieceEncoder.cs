using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// Byte-pair merging of one long pre-tokenized piece in O(n log n). tiktoken (and Microsoft.ML.Tokenizers) rescan
    /// every pair after each merge, which is quadratic: a 100,000-letter run takes seconds. Here the candidate pairs sit
    /// in a min-heap ordered by (rank, position) over a linked list of parts, so each merge costs a few heap operations.
    /// The merge order is tiktoken's: always the pair of lowest rank, the leftmost one on ties, so the tokens are the same.
    /// </summary>
    internal sealed class LongPieceEncoder
    {
        private readonly Lazy<Vocabulary> _vocabulary;

        /// <param name="openVocabulary">
        /// Opens the encoding's <c>.tiktoken</c> file (one "base64-bytes rank" line per token; the rank is the token id).
        /// It is read on first use only: most texts never have a long piece.
        /// </param>
        public LongPieceEncoder(Func<Stream> openVocabulary) =>
            _vocabulary = new Lazy<Vocabulary>(() => Vocabulary.Read(openVocabulary), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The length in bytes of the encoding's longest token: no token covers more UTF-8 bytes than this.</summary>
        public int MaxTokenBytes => _vocabulary.Value.MaxTokenBytes;

        /// <summary>Counts the tokens of one piece.</summary>
        public int Count(ReadOnlySpan<char> piece)
        {
            byte[] bytes = Utf8(piece);
            return bytes.Length == 0 ? 0 : Merge(bytes, out _);
        }

        /// <summary>
        /// Encodes one piece: token ids and, for each token, its start in UTF-8 bytes of the piece (the next token's
        /// start, or the piece's byte length, is its end).
        /// </summary>
        public (int[] Ids, int[] ByteStarts, byte[] Bytes) Encode(ReadOnlySpan<char> piece)
        {
            byte[] bytes = Utf8(piece);
            if (bytes.Length == 0)
            {
                return (Array.Empty<int>(), Array.Empty<int>(), bytes);
            }

            int count = Merge(bytes, out int[] next);
            var ids = new int[count];
            var starts = new int[count];
            int t = 0;
            for (int part = 0; part < bytes.Length; part = next[part])
            {
                starts[t] = part;
                ids[t] = Rank(bytes, part, next[part]);
                t++;
            }

            return (ids, starts, bytes);
        }

        private static byte[] Utf8(ReadOnlySpan<char> piece) => Encoding.UTF8.GetBytes(piece.ToArray());

        /// <summary>Merges the parts of <paramref name="bytes"/>; returns the number of tokens and the list of parts.</summary>
        private int Merge(byte[] bytes, out int[] next)
        {
            int n = bytes.Length;
            next = new int[n];
            var previous = new int[n];
            var pairRank = new int[n];
            var heap = new MinHeap(n);
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                pairRank[i] = i + 2 <= n ? Rank(bytes, i, i + 2) : int.MaxValue;
                if (pairRank[i] != int.MaxValue)
                {
                    heap.Push(pairRank[i], i);
                }
            }

            int parts = n;
            while (heap.TryPop(out int rank, out int part))
            {
                if (pairRank[part] != rank)
                {
                    continue;   // stale: the part was merged into its left neighbour or its pair changed since
                }

                int removed = next[part];
                int after = next[removed];
                next[part] = after;
                if (after < n)
                {
                    previous[after] = part;
                }

                pairRank[removed] = int.MaxValue;
                parts--;

                pairRank[part] = after < n ? Rank(bytes, part, next[after]) : int.MaxValue;
                if (pairRank[part] != int.MaxValue)
                {
                    heap.Push(pairRank[part], part);
                }

                int left = previous[part];
                if (left >= 0)
                {
                    pairRank[left] = Rank(bytes, left, after);
                    if (pairRank[left] != int.MaxValue)
                    {
                        heap.Push(pairRank[left], left);
                    }
                }
            }

            return parts;
        }

        private int Rank(byte[] bytes, int start, int end) =>
            _vocabulary.Value.Ranks.TryGetValue(new ReadOnlyMemory<byte>(bytes, start, end - start), out int rank) ? rank : int.MaxValue;

        private sealed class Vocabulary
        {
            private Vocabulary(Dictionary<ReadOnlyMemory<byte>, int> ranks, int maxTokenBytes)
            {
                Ranks = ranks;
                MaxTokenBytes = maxTokenBytes;
            }

            public Dictionary<ReadOnlyMemory<byte>, int> Ranks { get; }

            public int MaxTokenBytes { get; }

            public static Vocabulary Read(Func<Stream> open)
            {
                var ranks = new Dictionary<ReadOnlyMemory<byte>, int>(200_000, ByteSequenceComparer.Instance);
                int longest = 1;
                using (Stream stream = open())
                using (var reader = new StreamReader(stream, Encoding.ASCII))
                {
                    // Lines are "base64-bytes" (rank = line number) or "base64-bytes rank", after an optional size hint.
                    string? line;
                    int nextRank = 0;
                    while ((line = reader.ReadLine()) is not null)
                    {
                        if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        int space = line.IndexOf(' ');
                        byte[] token = Convert.FromBase64String(space < 0 ? line : line.Substring(0, space));
                        int rank = space < 0 ? nextRank : int.Parse(line.Substring(space + 1), System.Globalization.CultureInfo.InvariantCulture);
                        ranks[token] = rank;
                        nextRank = rank + 1;
                        longest = Math.Max(longest, token.Length);
                    }
                }

                return new Vocabulary(ranks, longest);
            }
        }

        private sealed class ByteSequenceComparer : IEqualityComparer<ReadOnlyMemory<byte>>
        {
            public static readonly ByteSequenceComparer Instance = new ByteSequenceComparer();

            public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

            public int GetHashCode(ReadOnlyMemory<byte> bytes)
            {
                ReadOnlySpan<byte> span = bytes.Span;
                uint hash = 2166136261;
                for (int i = 0; i < span.Length; i++)
                {
                    hash = (hash ^ span[i]) * 16777619;
                }

                return (int)hash;
            }
        }

        /// <summary>A binary min-heap of (rank, position) pairs packed in one long: lower rank first, then leftmost.</summary>
        private sealed class MinHeap
        {
            private long[] _items;
            private int _count;

            public MinHeap(int capacity) => _items = new long[Math.Max(4, capacity)];

            public void Push(int rank, int position)
            {
                if (_count == _items.Length)
                {
                    Array.Resize(ref _items, _items.Length * 2);
                }

                long item = ((long)rank << 32) | (uint)position;
                int i = _count++;
                while (i > 0)
                {
                    int parent = (i - 1) >> 1;
                    if (_items[parent] <= item)
                    {
                        break;
                    }

                    _items[i] = _items[parent];
                    i = parent;
                }

                _items[i] = item;
            }

            public bool TryPop(out int rank, out int position)
            {
                if (_count == 0)
                {
                    rank = 0;
                    position = 0;
                    return false;
                }

                long top = _items[0];
                long last = _items[--_count];
                int i = 0;
                while (true)
                {
                    int child = 2 * i + 1;
                    if (child >= _count)
                    {
                        break;
                    }

                    if (child + 1 < _count && _items[child + 1] < _items[child])
                    {
                        child++;
                    }

                    if (_items[child] >= last)
                    {
                        break;
                    }

                    _items[i] = _items[child];
                    i = child;
                }

                if (_count > 0)
                {
                    _items[i] = last;
                }

                rank = (int)(top >> 32);
                position = (int)(uint)top;
                return true;
            }
        }
    }
}
