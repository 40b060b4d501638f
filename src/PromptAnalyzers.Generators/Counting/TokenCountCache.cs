using System;
using System.Collections.Concurrent;
using System.Threading;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Generators.Counting
{
    /// <summary>
    /// The process-wide count cache the generator and the analyzer share, keyed by encoding and text, so a template is
    /// tokenized once per process however often the IDE asks. Bounded: when full it starts over.
    /// </summary>
    internal static class TokenCountCache
    {
        internal const int Capacity = 4096;

        private static readonly ConcurrentDictionary<Key, int> s_counts = new ConcurrentDictionary<Key, int>();
        private static long s_misses;

        /// <summary>How many counts went to the tokenizer (cache misses) since the process started.</summary>
        internal static long Misses => Interlocked.Read(ref s_misses);

        /// <summary>The exact token count of <paramref name="text"/> in <paramref name="encoding"/>.</summary>
        public static int Count(string encoding, string text)
        {
            if (text.Length == 0)
            {
                return 0;
            }

            var key = new Key(encoding, text);
            if (s_counts.TryGetValue(key, out int count))
            {
                return count;
            }

            Interlocked.Increment(ref s_misses);
            count = TiktokenEncodings.Get(encoding).CountTokens(text);
            if (s_counts.Count >= Capacity)
            {
                s_counts.Clear();
            }

            s_counts[key] = count;
            return count;
        }

        private readonly struct Key : IEquatable<Key>
        {
            public Key(string encoding, string text)
            {
                Encoding = encoding;
                Text = text;
            }

            public string Encoding { get; }

            public string Text { get; }

            public bool Equals(Key other) =>
                string.Equals(Encoding, other.Encoding, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() =>
                unchecked((StringComparer.Ordinal.GetHashCode(Encoding) * 397) ^ StringComparer.Ordinal.GetHashCode(Text));
        }
    }
}
