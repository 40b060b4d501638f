using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Runtime;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Benchmarks.Runtime;

/// <summary>
/// The run-time fast paths (issue 6, target 4), each against what it replaces, on the retrieved context of
/// <see cref="RealisticPrompt"/> (about 21,000 tokens) and its 6,000-token slot:
/// a fit known from the UTF-8 byte count (a token is at least one byte) against counting;
/// one scan that both decides the fit and places the cut against a count followed by a separate cut;
/// a cut found by index-by-token-count search over the pieces it keeps against encoding the whole value and decoding.
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*FastPathBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
public class FastPathBenchmarks
{
    private const int Slot = RealisticPrompt.ContextTokens;

    private string _context = string.Empty;
    private string _fitting = string.Empty;
    private OrdinaryTiktokenTokenizer _exact = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = Prose.Create(20_000);
        _fitting = _context.Substring(0, 4_000);
        _exact = (OrdinaryTiktokenTokenizer)TiktokenEncodings.Get(RealisticPrompt.Encoding);
    }

    /// <summary>A 4,000-character value against a 6,000-token slot: the byte count proves it fits.</summary>
    [Benchmark]
    public bool FitsByUtf8Bytes() => System.Text.Encoding.UTF8.GetByteCount(_fitting) <= Slot;

    /// <summary>The same answer by counting the value's tokens (stopping at the slot).</summary>
    [Benchmark]
    public bool FitsByCounting() => MarginCounter.CountExactUpTo(_exact, _fitting, Slot) >= 0;

    /// <summary>Fit check and keep-start cut from one scan of the value (the builder's path).</summary>
    [Benchmark]
    public int CountedOnceScanThenCut()
    {
        PieceScan scan = _exact.ScanStart(_context, Slot);
        return TextTruncator.TruncateWith(_exact, _context, Slot, Truncation.KeepStart, "context", scan).Tokens;
    }

    /// <summary>Fit check by counting, then a cut that counts again.</summary>
    [Benchmark]
    public int CountedTwiceCountThenCut()
    {
        int fits = MarginCounter.CountExactUpTo(_exact, _context, Slot);
        return fits >= 0 ? fits : TextTruncator.Truncate(_context, Slot, Truncation.KeepStart, RealisticPrompt.Encoding).Tokens;
    }

    /// <summary>Keep-start by index-by-token-count search (pieces up to the cut only).</summary>
    [Benchmark(Baseline = true)]
    public int CutByTokenIndexSearch() => TextTruncator.Truncate(_context, Slot, Truncation.KeepStart, RealisticPrompt.Encoding).Tokens;

    /// <summary>Keep-start by encoding the whole value, keeping the first ids and decoding them (same tokenizer).</summary>
    [Benchmark]
    public int CutByEncodeThenDecode()
    {
        IReadOnlyList<int> ids = _exact.EncodeToIds(_context);
        return _exact.Decode(ids.Take(Slot))!.Length;
    }
}
