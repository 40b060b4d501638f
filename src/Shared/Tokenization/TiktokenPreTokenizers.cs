using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.ML.Tokenizers;

namespace PromptAnalyzers.Internal.Tokenization
{
    /// <summary>The pre-tokenizers that split text into pieces before byte-pair merging.</summary>
    internal static class TiktokenPreTokenizers
    {
        private static readonly PreTokenizer s_cl100k = new CodePointPreTokenizer(o200k: false);
        private static readonly PreTokenizer s_o200k = new CodePointPreTokenizer(o200k: true);

        public static PreTokenizer For(string encodingName) => encodingName switch
        {
            TiktokenEncodings.Cl100kBase => s_cl100k,
            TiktokenEncodings.O200kBase => s_o200k,
            _ => throw new ArgumentException($"Unknown tiktoken encoding '{encodingName}'.", nameof(encodingName)),
        };
    }

    /// <summary>
    /// Splits text exactly as tiktoken's cl100k_base and o200k_base patterns do, over Unicode code points: a
    /// surrogate pair is one character with its own general category, and a lone surrogate is one character
    /// of class <see cref="CodePointClass.Other"/> (what U+FFFD, which tiktoken sees in its place, is).
    /// </summary>
    /// <remarks>
    /// cl100k_base: <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
    /// o200k_base: <c>[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
    /// Each alternative is matched in order with backtracking (leftmost-first) semantics; the first that
    /// matches at the current position gives the piece.
    /// </remarks>
    internal sealed class CodePointPreTokenizer : PreTokenizer
    {
        private readonly bool _o200k;

        public CodePointPreTokenizer(bool o200k) => _o200k = o200k;

        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
            string.IsNullOrEmpty(text) ? Array.Empty<(int, int)>() : Split(text, _o200k);

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
            text.IsEmpty ? Array.Empty<(int, int)>() : Split(text.ToString(), _o200k);

        /// <summary>Returns the end (exclusive) of the piece that starts at <paramref name="start"/>.</summary>
        public static int NextPieceEnd(ReadOnlySpan<char> text, int start, bool o200k) =>
            o200k ? NextO200k(text, start) : NextCl100k(text, start);

        private static IEnumerable<(int Offset, int Length)> Split(string text, bool o200k)
        {
            int start = 0;
            while (start < text.Length)
            {
                int end = o200k ? NextO200k(text.AsSpan(), start) : NextCl100k(text.AsSpan(), start);
                yield return (start, end - start);
                start = end;
            }
        }

        private static int NextCl100k(ReadOnlySpan<char> s, int i)
        {
            char c = s[i];
            if (c == '\'')
            {
                int contraction = ContractionLength(s, i);
                if (contraction != 0)
                {
                    return i + contraction;
                }
            }

            CodePointClass cls = ClassAt(s, i, out int width);
            int next = i + width;

            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (IsLetter(cls))
            {
                return ScanLetters(s, next);
            }

            if (cls != CodePointClass.Number && c != '\r' && c != '\n' && next < s.Length && IsLetter(ClassAt(s, next, out _)))
            {
                return ScanLetters(s, next);
            }

            if (cls == CodePointClass.Number)
            {
                return ScanDigits(s, next);
            }

            return PunctuationOrSpace(s, i, cls, o200k: false);
        }

        private static int NextO200k(ReadOnlySpan<char> s, int i)
        {
            char c = s[i];
            CodePointClass cls = ClassAt(s, i, out int width);
            int next = i + width;
            bool prefix = c != '\r' && c != '\n' && !IsLetter(cls) && cls != CodePointClass.Number;
            int end;

            // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...)?
            if ((prefix && (end = UpperStarLowerPlus(s, next)) >= 0) || (end = UpperStarLowerPlus(s, i)) >= 0)
            {
                return WithContraction(s, end);
            }

            // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...)?
            if ((prefix && (end = UpperPlusLowerStar(s, next)) >= 0) || (end = UpperPlusLowerStar(s, i)) >= 0)
            {
                return WithContraction(s, end);
            }

            if (cls == CodePointClass.Number)
            {
                return ScanDigits(s, next);
            }

            return PunctuationOrSpace(s, i, cls, o200k: true);
        }

        // ' ?[^\s\p{L}\p{N}]+[\r\n]*' (o200k: '[\r\n/]*'), then '\s*[\r\n]+|\s+(?!\S)|\s+'.
        private static int PunctuationOrSpace(ReadOnlySpan<char> s, int i, CodePointClass cls, bool o200k)
        {
            int n = s.Length;
            int j = i;
            if (s[i] == ' ' && i + 1 < n && IsPunctuation(ClassAt(s, i + 1, out _)))
            {
                j = i + 1;
                cls = ClassAt(s, j, out _);
            }

            if (IsPunctuation(cls))
            {
                while (j < n)
                {
                    CodePointClass k = ClassAt(s, j, out int w);
                    if (!IsPunctuation(k))
                    {
                        break;
                    }

                    j += w;
                }

                while (j < n && (s[j] == '\r' || s[j] == '\n' || (o200k && s[j] == '/')))
                {
                    j++;
                }

                return j;
            }

            // Only white space is left here, and every White_Space code point is in the BMP.
            int lastNewline = -1;
            j = i;
            while (j < n && CodePointClasses.OfBmp(s[j]) == CodePointClass.Space)
            {
                if (s[j] == '\r' || s[j] == '\n')
                {
                    lastNewline = j;
                }

                j++;
            }

            if (lastNewline >= 0)
            {
                return lastNewline + 1;     // \s*[\r\n]+
            }

            if (j == n || j - i == 1)
            {
                return j;                   // \s+(?!\S) at the end, or \s+ for a single space before text
            }

            return j - 1;                   // \s+(?!\S): leave the last space to the next piece
        }

        // [U]*[W]+ from start, with U = Lu|Lt|Lm|Lo|M and W = Ll|Lm|Lo|M, greedy with backtracking; -1 if none.
        private static int UpperStarLowerPlus(ReadOnlySpan<char> s, int start)
        {
            int n = s.Length;
            int j = start;
            int lastLowerEnd = -1;
            CodePointClass cls = CodePointClass.Other;
            int width = 0;
            while (j < n)
            {
                cls = ClassAt(s, j, out width);
                if (!IsUpperSide(cls))
                {
                    break;
                }

                j += width;
                if (IsLowerSide(cls))
                {
                    lastLowerEnd = j;
                }
            }

            if (j < n && cls == CodePointClass.Lower)
            {
                // The only class on the lower side that stops the upper run.
                j += width;
                while (j < n)
                {
                    cls = ClassAt(s, j, out width);
                    if (!IsLowerSide(cls))
                    {
                        break;
                    }

                    j += width;
                }

                return j;
            }

            // [U]* gives back code points until one of them can be the single [W].
            return lastLowerEnd;
        }

        // [U]+[W]* from start; -1 if none.
        private static int UpperPlusLowerStar(ReadOnlySpan<char> s, int start)
        {
            int n = s.Length;
            int j = start;
            while (j < n)
            {
                CodePointClass cls = ClassAt(s, j, out int width);
                if (!IsUpperSide(cls))
                {
                    break;
                }

                j += width;
            }

            if (j == start)
            {
                return -1;
            }

            while (j < n)
            {
                CodePointClass cls = ClassAt(s, j, out int width);
                if (!IsLowerSide(cls))
                {
                    break;
                }

                j += width;
            }

            return j;
        }

        private static int WithContraction(ReadOnlySpan<char> s, int end) =>
            end < s.Length && s[end] == '\'' ? end + ContractionLength(s, end) : end;

        // (?i:'s|'t|'re|'ve|'m|'ll|'d) at an apostrophe; 0 if none. Simple case folding adds only U+017F (ſ) to s.
        private static int ContractionLength(ReadOnlySpan<char> s, int i)
        {
            if (i + 1 >= s.Length)
            {
                return 0;
            }

            char a = s[i + 1];
            switch (a)
            {
                case 's': case 'S': case '\u017F':
                case 't': case 'T':
                case 'm': case 'M':
                case 'd': case 'D':
                    return 2;
                case 'r': case 'R':
                case 'v': case 'V':
                    return i + 2 < s.Length && (s[i + 2] == 'e' || s[i + 2] == 'E') ? 3 : 0;
                case 'l': case 'L':
                    return i + 2 < s.Length && (s[i + 2] == 'l' || s[i + 2] == 'L') ? 3 : 0;
                default:
                    return 0;
            }
        }

        private static int ScanLetters(ReadOnlySpan<char> s, int j)
        {
            while (j < s.Length)
            {
                if (!IsLetter(ClassAt(s, j, out int width)))
                {
                    break;
                }

                j += width;
            }

            return j;
        }

        // \p{N}{1,3}: the first number is already consumed.
        private static int ScanDigits(ReadOnlySpan<char> s, int j)
        {
            for (int count = 1; count < 3 && j < s.Length; count++)
            {
                if (ClassAt(s, j, out int width) != CodePointClass.Number)
                {
                    break;
                }

                j += width;
            }

            return j;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static CodePointClass ClassAt(ReadOnlySpan<char> s, int i, out int width)
        {
            char c = s[i];
            width = 1;
            if (c < 0xD800 || c > 0xDBFF)
            {
                return (CodePointClass)CodePointClasses.Bmp.Table[c];   // low surrogates are Other
            }

            return HighSurrogateClass(s, i, ref width);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static CodePointClass HighSurrogateClass(ReadOnlySpan<char> s, int i, ref int width)
        {
            if (i + 1 < s.Length)
            {
                char low = s[i + 1];
                if (low >= 0xDC00 && low <= 0xDFFF)
                {
                    width = 2;
                    return CodePointClasses.Of(0x10000 + ((s[i] - 0xD800) << 10) + (low - 0xDC00));
                }
            }

            return CodePointClass.Other;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsLetter(CodePointClass cls) => (uint)(cls - CodePointClass.Upper) <= CodePointClass.OtherLetter - CodePointClass.Upper;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsUpperSide(CodePointClass cls) =>
            cls == CodePointClass.Upper || cls == CodePointClass.OtherLetter || cls == CodePointClass.Mark;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsLowerSide(CodePointClass cls) => (uint)(cls - CodePointClass.Lower) <= CodePointClass.Mark - CodePointClass.Lower;

        // [^\s\p{L}\p{N}]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsPunctuation(CodePointClass cls) => cls == CodePointClass.Other || cls == CodePointClass.Mark;
    }
}
