using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Tests.Tokenization;

public class TiktokenParityTests
{
    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void Token_ids_equal_tiktoken_on_every_parity_vector(string encoding)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var failures = new List<string>();
        foreach (ParityCase c in ParityVectors.Cases)
        {
            int[] expected = c.IdsFor(encoding);
            int[] actual = tokenizer.EncodeToIds(c.Text, considerPreTokenization: true, considerNormalization: false).ToArray();
            int count = tokenizer.CountTokens(c.Text, considerPreTokenization: true, considerNormalization: false);
            if (!expected.SequenceEqual(actual) || count != expected.Length)
            {
                failures.Add(Describe(c, expected, actual, count));
            }
        }

        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {ParityVectors.Cases.Count} {encoding} vectors differ from tiktoken {ParityVectors.TiktokenVersion}:\n" +
            string.Join("\n", failures));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void Counts_stay_exact_when_threads_share_the_tokenizer(string encoding)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        System.Threading.Tasks.Parallel.For(0, 4 * ParityVectors.Cases.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            ParityCase c = ParityVectors.Cases[(i * 7919) % ParityVectors.Cases.Count];
            int count = tokenizer.CountTokens(c.Text, considerPreTokenization: true, considerNormalization: false);
            if (count != c.IdsFor(encoding).Length)
            {
                wrong.Add($"[{c.Name}] {count} instead of {c.IdsFor(encoding).Length}");
            }
        });

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_suite_has_at_least_500_cases_with_supplementary_plane_text()
    {
        Assert.True(ParityVectors.Cases.Count >= 500, $"only {ParityVectors.Cases.Count} cases");
        int astral = ParityVectors.Cases.Count(c => c.Text.Any(char.IsSurrogate));
        Assert.True(astral >= 200, $"only {astral} cases contain supplementary-plane characters or lone surrogates");
    }

    private static string Describe(ParityCase c, int[] expected, int[] actual, int count)
    {
        int first = 0;
        while (first < expected.Length && first < actual.Length && expected[first] == actual[first])
        {
            first++;
        }

        return $"  [{c.Name}] {Escape(c.Text, 120)}\n" +
               $"      tiktoken ({expected.Length}): {Window(expected, first)}\n" +
               $"      ours     ({actual.Length}, count {count}): {Window(actual, first)}";
    }

    private static string Window(int[] ids, int first)
    {
        int from = Math.Max(0, first - 2);
        string body = string.Join(",", ids.Skip(from).Take(8));
        return (from > 0 ? $"...@{from}: " : string.Empty) + body + (from + 8 < ids.Length ? ",..." : string.Empty);
    }

    internal static string Escape(string text, int max)
    {
        var sb = new StringBuilder();
        foreach (char ch in text.Length > max ? text.Substring(0, max) : text)
        {
            if (ch < 0x20 || char.IsSurrogate(ch) && !char.IsHighSurrogate(ch) && sb.Length == 0 || ch == 0x7F || (ch >= 0x2028 && ch <= 0x2029))
            {
                sb.Append($"\\u{(int)ch:X4}");
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb + (text.Length > max ? "..." : string.Empty);
    }
}
