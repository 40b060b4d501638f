using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;

namespace PromptAnalyzers.Benchmarks.Generator;

/// <summary>
/// The generator on the QuickStart sample's prompt, warm: the compiler server and the IDE keep the generator and the
/// tokenizer loaded between builds, so this is the cost of a rebuild.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    private GeneratorRun _run = null!;
    private GeneratorDriver _primed = null!;
    private int _edition;

    [GlobalSetup]
    public void Setup()
    {
        _run = new GeneratorRun();
        _primed = GeneratorRun.CreateDriver().RunGenerators(_run.Compilation);
    }

    /// <summary>A full run with a new driver: parse, spec and emit every prompt (counts come from the process cache).</summary>
    [Benchmark(Baseline = true)]
    public int WarmFullRun() => GeneratorRun.GeneratedFiles(GeneratorRun.CreateDriver().RunGenerators(_run.Compilation));

    /// <summary>One template edited to text never counted before: recount that template, re-emit its prompt.</summary>
    [Benchmark]
    public int OneTemplateEdit() =>
        GeneratorRun.GeneratedFiles(_primed.RunGenerators(_run.WithEditedTemplate(Interlocked.Increment(ref _edition))));
}

/// <summary>
/// The first build: a new process whose first generator run loads the o200k_base vocabulary and counts everything.
/// Each launch is a fresh process; one invocation per launch.
/// </summary>
[MedianColumn]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class GeneratorColdStartBenchmarks
{
    private GeneratorRun _run = null!;

    [GlobalSetup]
    public void Setup() => _run = new GeneratorRun();

    [Benchmark]
    public int FirstRunInProcess() => GeneratorRun.GeneratedFiles(GeneratorRun.CreateDriver().RunGenerators(_run.Compilation));
}
