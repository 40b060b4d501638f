using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Benchmarks.Runtime;

/// <summary>
/// Run-time cost of building <see cref="RealisticPrompt"/> (issue 6, target 3):
/// (a) the generated builder's path, PromptBudgeter.Build on the definition the generator emits (static counts known);
/// (b) the lower bound: one count of exactly the dynamic text that ends up in the prompt, plus the concatenation;
/// (c1) the common hand-written builder: count every part on every call, count the whole context, cut it by
///      encode-then-decode; (c2) the same, cutting at sentence ends by counting sentence after sentence.
/// c1/c2 run with Microsoft.ML.Tokenizers' own TiktokenTokenizer (what such code uses) and, to separate the
/// algorithm from the tokenizer, with the product's tokenizer (the *Exact variants).
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*BuildBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class BuildBenchmarks
{
    private RealisticPrompt _prompt = null!;
    private Tokenizer _ml = null!;
    private Tokenizer _exact = null!;
    private string _keptContext = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _prompt = new RealisticPrompt();
        _ml = TiktokenTokenizer.CreateForModel("gpt-4o");
        _exact = TiktokenEncodings.Get(RealisticPrompt.Encoding);
        BudgetedPrompt built = PromptBudgeter.Build(_prompt.Definition, _prompt.Values);
        const string contextPrefix = "Use only these documents:\n";
        _keptContext = built.Messages.Single(m => m.Content.StartsWith(contextPrefix, StringComparison.Ordinal)).Content
            .Substring(contextPrefix.Length);
        int outputChars = built.Messages.Sum(m => m.Content.Length);
        Console.WriteLine($"// Context: {_exact.CountTokens(_prompt.Context)} tokens, kept {_exact.CountTokens(_keptContext)}; "
            + $"prompt {built.InputTokens} input tokens, {outputChars} chars in {built.Messages.Count} messages "
            + $"(output strings: about {2 * outputChars + 24 * built.Messages.Count} bytes)");
        Console.WriteLine($"// c1 kept {CountOf(HandWrittenEncodeDecode(_ml))} tokens, c2 kept {CountOf(HandWrittenSentences(_ml))} tokens");
    }

    [Benchmark(Baseline = true, Description = "(a) generated builder")]
    public int GeneratedBuilder() => PromptBudgeter.Build(_prompt.Definition, _prompt.Values).InputTokens;

    [Benchmark(Description = "(b) lower bound")]
    public int LowerBound()
    {
        int tokens = _exact.CountTokens(_keptContext) + _exact.CountTokens(_prompt.Question);
        string context = RealisticPrompt.ContextTemplate.Replace("{context}", _keptContext);
        string question = RealisticPrompt.QuestionTemplate.Replace("{question}", _prompt.Question);
        return tokens + context.Length + question.Length;
    }

    [Benchmark(Description = "(c1) hand-written, encode-decode (ML)")]
    public int HandWrittenEncodeDecodeMl() => HandWrittenEncodeDecode(_ml).Count;

    [Benchmark(Description = "(c1) hand-written, encode-decode (exact)")]
    public int HandWrittenEncodeDecodeExact() => HandWrittenEncodeDecode(_exact).Count;

    [Benchmark(Description = "(c2) hand-written, sentence by sentence (ML)")]
    public int HandWrittenSentencesMl() => HandWrittenSentences(_ml).Count;

    [Benchmark(Description = "(c2) hand-written, sentence by sentence (exact)")]
    public int HandWrittenSentencesExact() => HandWrittenSentences(_exact).Count;

    private int CountOf(List<string> messages) => _exact.CountTokens(messages[5]);

    /// <summary>Counts every part, counts the whole context, keeps its first ids and decodes them.</summary>
    private List<string> HandWrittenEncodeDecode(Tokenizer tokenizer)
    {
        int available = FixedPartsBudget(tokenizer);
        string context = _prompt.Context;
        if (tokenizer.CountTokens(context) > available)
        {
            IReadOnlyList<int> ids = tokenizer.EncodeToIds(context);
            context = tokenizer.Decode(ids.Take(available))!;
        }

        return Messages(context);
    }

    /// <summary>Counts every part, then adds the context's sentences one by one while their counts fit.</summary>
    private List<string> HandWrittenSentences(Tokenizer tokenizer)
    {
        int available = FixedPartsBudget(tokenizer);
        var kept = new StringBuilder();
        int used = 0;
        foreach (string sentence in SplitSentences(_prompt.Context))
        {
            int tokens = tokenizer.CountTokens(sentence);
            if (used + tokens > available)
            {
                break;
            }

            kept.Append(sentence);
            used += tokens;
        }

        return Messages(kept.ToString());
    }

    private int FixedPartsBudget(Tokenizer tokenizer)
    {
        int fixedTokens = tokenizer.CountTokens(RealisticPrompt.System)
            + tokenizer.CountTokens(RealisticPrompt.ExampleQuestion1) + tokenizer.CountTokens(RealisticPrompt.ExampleAnswer1)
            + tokenizer.CountTokens(RealisticPrompt.ExampleQuestion2) + tokenizer.CountTokens(RealisticPrompt.ExampleAnswer2)
            + tokenizer.CountTokens(RealisticPrompt.ContextTemplate) + tokenizer.CountTokens(RealisticPrompt.QuestionTemplate)
            + tokenizer.CountTokens(_prompt.Question) + 7 * 3 + 3;
        return Math.Min(RealisticPrompt.ContextTokens, 15_000 - fixedTokens);
    }

    private List<string> Messages(string context) => new()
    {
        RealisticPrompt.System,
        RealisticPrompt.ExampleQuestion1,
        RealisticPrompt.ExampleAnswer1,
        RealisticPrompt.ExampleQuestion2,
        RealisticPrompt.ExampleAnswer2,
        RealisticPrompt.ContextTemplate.Replace("{context}", context),
        RealisticPrompt.QuestionTemplate.Replace("{question}", _prompt.Question),
    };

    private static IEnumerable<string> SplitSentences(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((c == '.' || c == '!' || c == '?') && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                int end = i + 1;
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                yield return text.Substring(start, end - start);
                start = end;
            }
        }

        if (start < text.Length)
        {
            yield return text.Substring(start);
        }
    }
}
