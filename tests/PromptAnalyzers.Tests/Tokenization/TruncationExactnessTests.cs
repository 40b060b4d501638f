using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Tests.Tokenization;

public class TruncationExactnessTests
{
    private static IEnumerable<ParityCase> ShortCases => ParityVectors.Cases.Where(c => c.Text.Length < 400);

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void Keep_start_cuts_on_a_true_token_boundary_for_every_budget(string encoding)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var failures = new List<string>();
        foreach (ParityCase c in ShortCases)
        {
            int[] full = c.IdsFor(encoding);
            for (int n = 0; n <= full.Length + 1; n++)
            {
                int cut = TokenBoundaries.KeepStart(tokenizer, c.Text, n, out int tokenCount);
                int[] kept = tokenizer.EncodeToIds(c.Text.Substring(0, cut), true, false).ToArray();
                string? problem =
                    SplitsPair(c.Text, cut) ? "cut inside a surrogate pair" :
                    tokenCount > n ? "over budget" :
                    kept.Length != tokenCount ? $"kept part re-encodes to {kept.Length} tokens" :
                    !kept.SequenceEqual(full.Take(tokenCount)) ? "kept ids are not the first ids of the full encoding" :
                    n >= full.Length && cut != c.Text.Length ? "text that fits was cut" :
                    null;
                if (problem is not null)
                {
                    failures.Add($"[{c.Name}] n={n}: cut={cut} tokenCount={tokenCount}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(50)));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void Keep_end_cuts_on_a_true_token_boundary_for_every_budget(string encoding)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var failures = new List<string>();
        foreach (ParityCase c in ShortCases)
        {
            int[] full = c.IdsFor(encoding);
            for (int n = 0; n <= full.Length + 1; n++)
            {
                int cut = TokenBoundaries.KeepEnd(tokenizer, c.Text, n, out int tokenCount);
                int[] kept = tokenizer.EncodeToIds(c.Text.Substring(cut), true, false).ToArray();
                string? problem =
                    SplitsPair(c.Text, cut) ? "cut inside a surrogate pair" :
                    tokenCount > n ? "over budget" :
                    kept.Length != tokenCount ? $"kept part re-encodes to {kept.Length} tokens" :
                    !kept.SequenceEqual(full.Skip(full.Length - tokenCount)) ? "kept ids are not the last ids of the full encoding" :
                    n >= full.Length && cut != 0 ? "text that fits was cut" :
                    null;
                if (problem is not null)
                {
                    failures.Add($"[{c.Name}] n={n}: cut={cut} tokenCount={tokenCount}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(50)));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void No_longer_part_qualifies_than_the_one_chosen(string encoding)
    {
        // Brute force over every character position of the shorter cases, at half the token count.
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var failures = new List<string>();
        foreach (ParityCase c in ParityVectors.Cases.Where(c => c.Text.Length <= 40))
        {
            int[] full = c.IdsFor(encoding);
            int n = full.Length / 2;
            int start = TokenBoundaries.KeepStart(tokenizer, c.Text, n, out _);
            int end = TokenBoundaries.KeepEnd(tokenizer, c.Text, n, out _);
            for (int p = 0; p <= c.Text.Length; p++)
            {
                if (SplitsPair(c.Text, p))
                {
                    continue;
                }

                int[] prefix = tokenizer.EncodeToIds(c.Text.Substring(0, p), true, false).ToArray();
                if (p > start && prefix.Length <= n && prefix.SequenceEqual(full.Take(prefix.Length)) && IsBoundary(tokenizer, c.Text, prefix.Length, p))
                {
                    failures.Add($"[{c.Name}] keep start n={n}: chose {start}, {p} also qualifies");
                }

                int[] suffix = tokenizer.EncodeToIds(c.Text.Substring(p), true, false).ToArray();
                if (p < end && suffix.Length <= n && suffix.SequenceEqual(full.Skip(full.Length - suffix.Length)) && IsBoundary(tokenizer, c.Text, full.Length - suffix.Length, p))
                {
                    failures.Add($"[{c.Name}] keep end n={n}: chose {end}, {p} also qualifies");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(50)));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase, Truncation.KeepStart)]
    [InlineData(TiktokenEncodings.Cl100kBase, Truncation.KeepEnd)]
    [InlineData(TiktokenEncodings.O200kBase, Truncation.KeepStart)]
    [InlineData(TiktokenEncodings.O200kBase, Truncation.KeepEnd)]
    public void Public_truncator_keeps_the_true_first_or_last_tokens(string encoding, Truncation strategy)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var failures = new List<string>();
        foreach (ParityCase c in ShortCases)
        {
            int[] full = c.IdsFor(encoding);
            for (int n = 1; n < full.Length; n++)
            {
                TruncatedText result = TextTruncator.Truncate(c.Text, n, strategy, encoding);
                int[] kept = tokenizer.EncodeToIds(result.Text, true, false).ToArray();
                int[] expected = strategy == Truncation.KeepStart
                    ? full.Take(kept.Length).ToArray()
                    : full.Skip(full.Length - kept.Length).ToArray();
                bool isPart = strategy == Truncation.KeepStart ? c.Text.StartsWith(result.Text, StringComparison.Ordinal) : c.Text.EndsWith(result.Text, StringComparison.Ordinal);
                string? problem =
                    !isPart ? "result is not a part of the text" :
                    kept.Length > n ? $"{kept.Length} tokens over a budget of {n}" :
                    kept.Length != result.Tokens ? $"reports {result.Tokens} tokens, re-encodes to {kept.Length}" :
                    !kept.SequenceEqual(expected) ? "kept ids are not the true first/last ids of the full encoding" :
                    null;
                if (problem is not null)
                {
                    failures.Add($"[{c.Name}] n={n}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(50)));
    }

    [Fact]
    public void Index_search_from_the_end_never_lands_inside_a_token()
    {
        // "12𝟑4567𝟖" encodes as 12|𝟑(3 byte tokens)|456|7|𝟖(3 byte tokens). Microsoft.ML.Tokenizers 2.0.1's own search
        // for the last 4 tokens answered index 6, inside the token "456"; the product's search (piece by piece) and
        // TokenBoundaries both keep "7𝟖", whose encoding is exactly the last 4 ids.
        Tokenizer tokenizer = TiktokenEncodings.Get(TiktokenEncodings.Cl100kBase);
        const string text = "12𝟑4567𝟖";
        int[] lastFour = tokenizer.EncodeToIds(text, true, false).Skip(5).ToArray();

        int index = tokenizer.GetIndexByTokenCountFromEnd(text, 4, out _, out int indexCount, true, false);
        Assert.Equal((7, 4), (index, indexCount));
        Assert.Equal(lastFour, tokenizer.EncodeToIds(text.Substring(index), true, false).ToArray());

        int cut = TokenBoundaries.KeepEnd(tokenizer, text, 4, out int count);
        Assert.Equal((7, 4), (cut, count));
        Assert.Equal("7𝟖", text.Substring(cut));
    }

    [Fact]
    public void Keeping_the_start_of_astral_text_never_keeps_half_a_character()
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(TiktokenEncodings.O200kBase);
        const string text = "𠮷𠮷𠮷𠮷";
        int cut = TokenBoundaries.KeepStart(tokenizer, text, 5, out int count);
        Assert.Equal(0, cut % 2);
        Assert.Equal(tokenizer.CountTokens(text.Substring(0, cut), true, false), count);
        Assert.True(count <= 5);
    }

    private static bool IsBoundary(Tokenizer tokenizer, string text, int tokenIndex, int charIndex)
    {
        IReadOnlyList<EncodedToken> tokens = tokenizer.EncodeToTokens(text, out _, true, false);
        if (tokenIndex == 0 || tokenIndex == tokens.Count)
        {
            return true;
        }

        return tokens[tokenIndex].Offset.Start.Value == charIndex && tokens[tokenIndex - 1].Offset.End.Value <= charIndex;
    }

    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);
}
