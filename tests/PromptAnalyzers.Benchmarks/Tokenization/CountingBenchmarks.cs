using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Benchmarks.Tokenization;

/// <summary>
/// Token counting on the same ~1 MB of mixed prose and code: Microsoft.ML.Tokenizers' own tiktoken tokenizer
/// (UTF-16 regular expression) against the product's exact code-point pre-tokenizer, and the pre-split alone; and, as
/// the peer a .NET team would otherwise pick, SharpToken.
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*CountingBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CountingBenchmarks
{
    private string _text = string.Empty;
    private Tokenizer _regex = null!;
    private Tokenizer _exact = null!;
    private SharpToken.GptEncoding _sharpToken = null!;

    [Params(TiktokenEncodings.Cl100kBase, TiktokenEncodings.O200kBase)]
    public string Encoding { get; set; } = TiktokenEncodings.Cl100kBase;

    [GlobalSetup]
    public void Setup()
    {
        _text = MixedText.Create(1_000_000);
        Console.WriteLine($"// Text: {_text.Length} chars, {System.Text.Encoding.UTF8.GetByteCount(_text)} UTF-8 bytes");
        _regex = TiktokenTokenizer.CreateForEncoding(Encoding);
        _exact = TiktokenEncodings.Get(Encoding);
        _sharpToken = SharpToken.GptEncoding.GetEncoding(Encoding);
        Console.WriteLine($"// Tokens: ML {CountMlRegex()}, exact {CountExact()}, SharpToken {CountSharpToken()}");
    }

    [Benchmark(Baseline = true)]
    public int CountMlRegex() => _regex.CountTokens(_text, considerPreTokenization: true, considerNormalization: false);

    [Benchmark]
    public int CountExact() => _exact.CountTokens(_text, considerPreTokenization: true, considerNormalization: false);

    [Benchmark]
    public int CountSharpToken() => _sharpToken.CountTokens(_text);

    [Benchmark]
    public int PreSplitMlRegex() => _regex.PreTokenizer!.PreTokenize(_text).Count();

    [Benchmark]
    public int PreSplitExact() => _exact.PreTokenizer!.PreTokenize(_text).Count();
}
