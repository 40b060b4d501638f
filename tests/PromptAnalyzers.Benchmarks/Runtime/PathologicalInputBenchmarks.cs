extern alias Generators;

using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Benchmarks.Generator;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Benchmarks.Runtime;

/// <summary>
/// One long unbroken run of text (a pasted base64 blob or minified file), where byte-pair merging is quadratic in
/// tiktoken and Microsoft.ML.Tokenizers (issue 7, point 8). Targets: Build() with a 1 MB single-run value in a slot of
/// 2,000 tokens under 50 ms; the generator on a 1 MB single-run constant under 2 s.
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*PathologicalInputBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PathologicalInputBenchmarks
{
    private const int Megabyte = 1_000_000;

    private PromptDefinition _definition = null!;
    private string _blob = string.Empty;
    private string _letters = string.Empty;
    private string _hundredThousandA = string.Empty;
    private Tokenizer _ml = null!;
    private Tokenizer _exact = null!;
    private int _edition;

    [GlobalSetup]
    public void Setup()
    {
        _definition = new PromptDefinition(
            "Paste",
            TiktokenEncodings.O200kBase,
            totalTokens: 4_000,
            reservedOutput: 500,
            new[]
            {
                new TemplateDefinition("System", PromptRole.System, "Summarize the attachment in one paragraph."),
                new TemplateDefinition("Attachment", PromptRole.User, "Attachment:\n{blob}", TokenAllocation.Fixed(2_000)),
            },
            model: "gpt-4o");
        _blob = new string('a', Megabyte);
        var random = new Random(7);
        var letters = new char[Megabyte];
        for (int i = 0; i < letters.Length; i++)
        {
            letters[i] = (char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26));
        }

        _letters = new string(letters);
        _hundredThousandA = new string('a', 100_000);
        _ml = TiktokenTokenizer.CreateForEncoding(TiktokenEncodings.O200kBase);
        _exact = TiktokenEncodings.Get(TiktokenEncodings.O200kBase);
        BudgetedPrompt built = PromptBudgeter.Build(_definition, new[] { _blob });
        Console.WriteLine($"// 1 MB of 'a' in a 2,000-token slot: {built.InputTokens} input tokens, "
            + $"recounted {_exact.CountTokens(built.Messages[1].Content) + _exact.CountTokens(built.Messages[0].Content)} + overhead");
    }

    /// <summary>Build() with 1,000,000 × 'a' in the 2,000-token slot (kept start, exact).</summary>
    [Benchmark]
    public int BuildOneMegabyteOfOneLetter() => PromptBudgeter.Build(_definition, new[] { _blob }).InputTokens;

    /// <summary>Build() with 1 MB of random ASCII letters (one pre-token, like base64 without digits) in the slot.</summary>
    [Benchmark]
    public int BuildOneMegabyteOfRandomLetters() => PromptBudgeter.Build(_definition, new[] { _letters }).InputTokens;

    /// <summary>Counting 100,000 × 'a': the product's heap-based merge.</summary>
    [Benchmark]
    public int CountHundredThousandAExact() => _exact.CountTokens(_hundredThousandA);

    /// <summary>Counting 100,000 × 'a' with Microsoft.ML.Tokenizers' own merge (quadratic).</summary>
    [Benchmark]
    public int CountHundredThousandAMl() => _ml.CountTokens(_hundredThousandA);

    /// <summary>
    /// The generator (and the count it needs) on a prompt whose template is a 1 MB single-run constant, never counted
    /// before in the process (each invocation uses another letter run).
    /// </summary>
    [Benchmark]
    public int GeneratorOnOneMegabyteConstant()
    {
        int edition = Interlocked.Increment(ref _edition);
        string constant = new string((char)('a' + edition % 26), Megabyte - 1) + (char)('a' + edition / 26 % 26);
        string source = "using PromptAnalyzers;\n[TokenBudget(2_000_000, Encoding = \"o200k_base\")]\npublic partial class Blob\n{\n"
            + "    [PromptTemplate]\n    public const string Text = \"" + constant + "\";\n}\n";
        Compilation compilation = GeneratorRun.CompilationOf(CSharpSyntaxTree.ParseText(source, GeneratorRun.ParseOptions, path: "Blob.cs"));
        return GeneratorRun.GeneratedFiles(GeneratorRun.CreateDriver().RunGenerators(compilation));
    }
}
