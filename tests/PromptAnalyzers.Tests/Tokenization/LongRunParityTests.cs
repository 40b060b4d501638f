using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Tests.Tokenization;

/// <summary>
/// Long unbroken pieces, merged by <see cref="LongPieceEncoder"/> rather than the model's quadratic merge, against
/// OpenAI's tiktoken (Parity/long-runs.json, made by Parity/gen-long-runs.mjs).
/// </summary>
public class LongRunParityTests
{
    public static IReadOnlyList<ParityCase> Cases { get; } = Load();

    public static TheoryData<string, string> CaseNames()
    {
        var data = new TheoryData<string, string>();
        foreach (ParityCase c in Cases)
        {
            data.Add(TiktokenEncodings.Cl100kBase, c.Name);
            data.Add(TiktokenEncodings.O200kBase, c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Ids_and_counts_equal_tiktoken(string encoding, string name)
    {
        ParityCase c = Cases.Single(x => x.Name == name);
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        int[] expected = c.IdsFor(encoding);

        Assert.Equal(expected, tokenizer.EncodeToIds(c.Text, true, false).ToArray());
        Assert.Equal(expected.Length, tokenizer.CountTokens(c.Text, true, false));
        Assert.Equal(expected, tokenizer.EncodeToTokens(c.Text, out _, true, false).Select(t => t.Id).ToArray());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Cuts_keep_exactly_the_first_or_last_ids(string encoding, string name)
    {
        ParityCase c = Cases.Single(x => x.Name == name);
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        int[] full = c.IdsFor(encoding);
        foreach (int n in new[] { 0, 1, 2, 7, full.Length / 3, full.Length / 2, full.Length - 1, full.Length })
        {
            int end = TokenBoundaries.KeepStart(tokenizer, c.Text, n, out int startCount);
            int[] head = tokenizer.EncodeToIds(c.Text.Substring(0, end), true, false).ToArray();
            Assert.True(startCount <= n, $"n={n}: keep-start count {startCount}");
            Assert.Equal(full.Take(startCount), head);

            int start = TokenBoundaries.KeepEnd(tokenizer, c.Text, n, out int endCount);
            int[] tail = tokenizer.EncodeToIds(c.Text.Substring(start), true, false).ToArray();
            Assert.True(endCount <= n, $"n={n}: keep-end count {endCount}");
            if (c.Text.Length > OrdinaryTiktokenTokenizer.GiantPieceLength && n < full.Length)
            {
                // Inside a giant piece the suffix comes from a window's encoding, whose merges may be aligned
                // differently from the whole piece's: the kept text is exact and (nearly) as long as allowed.
                Assert.Equal(endCount, tail.Length);
                Assert.True(endCount >= n - 1, $"n={n}: keep-end kept only {endCount}");
            }
            else
            {
                Assert.Equal(full.Skip(full.Length - endCount), tail);
            }
        }
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void Index_by_token_count_stops_at_whole_tokens(string encoding)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        foreach (ParityCase c in Cases)
        {
            int[] full = c.IdsFor(encoding);
            foreach (int n in new[] { 1, full.Length / 2, full.Length - 1, full.Length, full.Length + 5 })
            {
                int index = tokenizer.GetIndexByTokenCount(c.Text, n, out _, out int count, true, false);
                Assert.True(count <= n, $"[{c.Name}] n={n}: count {count}");
                Assert.Equal(n >= full.Length, index == c.Text.Length);
                if (index == c.Text.Length)
                {
                    Assert.Equal(full.Length, count);
                }
                else
                {
                    Assert.True(tokenizer.CountTokens(c.Text.Substring(0, index), true, false) <= n, $"[{c.Name}] n={n}: prefix over");
                }

                int fromEnd = tokenizer.GetIndexByTokenCountFromEnd(c.Text, n, out _, out int endCount, true, false);
                Assert.True(endCount <= n, $"[{c.Name}] n={n}: from-end count {endCount}");
                Assert.Equal(n >= full.Length, fromEnd == 0);
            }
        }
    }

    private static IReadOnlyList<ParityCase> Load()
    {
        string path = Path.Combine(Path.GetDirectoryName(ParityVectors.Path)!, "long-runs.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(item => new ParityCase(
                item.GetProperty("name").GetString()!,
                item.GetProperty("text").GetString()!,
                item.GetProperty("cl100k_base").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                item.GetProperty("o200k_base").EnumerateArray().Select(e => e.GetInt32()).ToArray()))
            .ToList();
    }
}
