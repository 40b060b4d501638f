extern alias Generators;

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Generators::PromptAnalyzers.Generators;

namespace PromptAnalyzers.Benchmarks.Generator;

/// <summary>
/// The generator and the analyzer on a project of 1,000 prompt types (3,000 templates of 50 to 500 tokens), warm, as
/// the compiler server or the IDE runs them on a rebuild, against the same compilation's own GetDiagnostics()
/// (binding and checking the project and the generated builders, what every build pays anyway).
/// Targets (issue 6.2): warm full run under 10 % of GetDiagnostics(); one-template edit under 5 ms.
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*LargeProjectBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class LargeProjectBenchmarks
{
    private SyntheticPrompts _project = null!;
    private Compilation _withGenerated = null!;
    private GeneratorDriver _primed = null!;
    private int _edition;

    [GlobalSetup]
    public void Setup()
    {
        _project = new SyntheticPrompts(1_000);
        GeneratorRun.CreateDriver().RunGeneratorsAndUpdateCompilation(_project.Compilation, out _withGenerated, out _);
        _primed = GeneratorRun.CreateDriver().RunGenerators(_project.Compilation);
        ImmutableArray<Diagnostic> errors = _withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Take(5)));
        }

        Console.WriteLine($"// {_project.Trees.Length} prompt types, {_withGenerated.SyntaxTrees.Count()} trees with the generated ones; "
            + $"analyzer diagnostics: {AnalyzerRun()}");
    }

    /// <summary>Binding and checking the project with its generated code: the compiler's own work.</summary>
    [Benchmark(Baseline = true)]
    public int CompilationGetDiagnostics() => _withGenerated.Clone().GetDiagnostics().Length;

    /// <summary>A new generator driver over the project (counts come from the process-wide cache).</summary>
    [Benchmark]
    public int GeneratorWarmFullRun() => GeneratorRun.GeneratedFiles(GeneratorRun.CreateDriver().RunGenerators(_project.Compilation));

    /// <summary>The analyzer over the project: every diagnostic of every prompt.</summary>
    [Benchmark]
    public int AnalyzerWarmFullRun() => AnalyzerRun();

    /// <summary>One template edited to text never counted before: that template is recounted, its type re-emitted.</summary>
    [Benchmark]
    public int GeneratorOneTemplateEdit()
    {
        int edition = Interlocked.Increment(ref _edition);
        return GeneratorRun.GeneratedFiles(_primed.RunGenerators(_project.WithEditedTemplate(edition % 1_000, edition)));
    }

    private int AnalyzerRun() =>
        _project.Compilation.Clone()
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
}

/// <summary>
/// The first build of the 1,000-type project in a fresh process: the tokenizer's vocabulary is loaded (o200k_base
/// only: the project uses no other encoding) and all 3,000 templates are counted.
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class LargeProjectColdStartBenchmarks
{
    private SyntheticPrompts _project = null!;

    [GlobalSetup]
    public void Setup() => _project = new SyntheticPrompts(1_000);

    [Benchmark]
    public int GeneratorFirstRunInProcess() =>
        GeneratorRun.GeneratedFiles(GeneratorRun.CreateDriver().RunGenerators(_project.Compilation));
}
