using System;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>
    /// The character classes the tiktoken pre-tokenization patterns distinguish, by Unicode code point.
    /// </summary>
    internal enum CodePointClass : byte
    {
        /// <summary>Punctuation, symbols, controls other than white space, format, unassigned, private use, surrogates.</summary>
        Other = 0,

        /// <summary>General categories Lu and Lt.</summary>
        Upper = 1,

        /// <summary>General category Ll.</summary>
        Lower = 2,

        /// <summary>General categories Lm and Lo (both sides of o200k's case split).</summary>
        OtherLetter = 3,

        /// <summary>General categories Mn, Mc and Me.</summary>
        Mark = 4,

        /// <summary>General categories Nd, Nl and No.</summary>
        Number = 5,

        /// <summary>The White_Space property (the regex class <c>\s</c>).</summary>
        Space = 6,
    }

    /// <summary>
    /// Code point classification from embedded tables (see <see cref="UnicodeVersion"/>), independent of the
    /// host's own Unicode data, so counts are the same on every runtime that loads the generator.
    /// </summary>
    internal static partial class CodePointClasses
    {
        private const int ClassBits = 3;
        private const int ClassMask = (1 << ClassBits) - 1;


        /// <summary>Class of a UTF-16 code unit that is not a surrogate (surrogates give <see cref="CodePointClass.Other"/>).</summary>
        public static CodePointClass OfBmp(char c) => (CodePointClass)Bmp.Table[c];

        /// <summary>Class of any code point from U+0000 to U+10FFFF.</summary>
        public static CodePointClass Of(int codePoint)
        {
            if ((uint)codePoint <= 0xFFFF)
            {
                return (CodePointClass)Bmp.Table[codePoint];
            }

            if ((uint)codePoint > 0x10FFFF)
            {
                throw new ArgumentOutOfRangeException(nameof(codePoint));
            }

            int[] runs = s_runs;
            int lo = 0;
            int hi = runs.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if ((runs[mid] >> ClassBits) <= codePoint)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return (CodePointClass)(runs[lo] & ClassMask);
        }

        /// <summary>One class per UTF-16 code unit of the Basic Multilingual Plane; surrogate code units are Other.</summary>
        internal static class Bmp
        {
            // A nested type so the table is built only after the generated runs are initialized.
            public static readonly byte[] Table = BuildBmp();
        }

        private static byte[] BuildBmp()
        {
            var bmp = new byte[0x10000];
            int[] runs = s_runs;
            for (int r = 0; r < runs.Length; r++)
            {
                int start = runs[r] >> ClassBits;
                if (start > 0xFFFF)
                {
                    break;
                }

                int end = r + 1 < runs.Length ? Math.Min(runs[r + 1] >> ClassBits, 0x10000) : 0x10000;
                byte cls = (byte)(runs[r] & ClassMask);
                for (int cp = start; cp < end; cp++)
                {
                    bmp[cp] = cls;
                }
            }

            return bmp;
        }
    }
}
