using System;

namespace PromptAnalyzers.Internal.Tokenization
{
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
