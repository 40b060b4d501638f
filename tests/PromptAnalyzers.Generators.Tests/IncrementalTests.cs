using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptAnalyzers.Generators.Counting;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>Tests that read the process-wide count cache's miss counter; run alone so no other test counts meanwhile.</summary>
[CollectionDefinition(nameof(TokenCounterCollection), DisableParallelization = true)]
public sealed class TokenCounterCollection
{
}

[Collection(nameof(TokenCounterCollection))]
public class IncrementalTests
{
    private static readonly string[] s_trackingNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static string Prompt(string marker, string second = "Second {b}") => $$"""
        using PromptAnalyzers;
        namespace Inc
        {
            [TokenBudget(8_000, Model = "gpt-4o")]
            public partial class Tracked
            {
                [PromptTemplate] public const string First = "First {{marker}} {a}";
                [PromptTemplate] public const string Second = "{{second}}";
                [PromptTemplate] public const string Third = "Third {{marker}} {c}";
            }

            [TokenBudget(8_000, Encoding = "cl100k_base")]
            public partial class Other
            {
                [PromptTemplate] public const string Only = "Other {{marker}} {x}";
            }
        }
        """;

    [Fact]
    public void TrackingNamesAreEnumerated()
    {
        Assert.Equal(
            new[] { "BuildOptions", "ConfiguredTemplates", "CountedTemplates", "EmitOptions", "Prompts", "PromptsWithOptions", "Templates" },
            s_trackingNames.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void AnUnrelatedEditLeavesEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Prompt(Guid.NewGuid().ToString("N")));
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();

        CSharpCompilation edited = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Inc { public class Unrelated { public int X; } }", GeneratorHarness.ParseOptions(), path: "/src/Unrelated.cs"));
        long missesBefore = TokenCountCache.Misses;
        GeneratorDriverRunResult second = driver.RunGenerators(edited).GetRunResult();

        Assert.Equal(missesBefore, TokenCountCache.Misses);
        AssertStepsCached(first, second);
        Assert.Equal(first.GeneratedTrees.Select(t => t.ToString()), second.GeneratedTrees.Select(t => t.ToString()));
    }

    [Fact]
    public void ABlankLineInAPromptFileDoesNotReEmit()
    {
        string source = Prompt(Guid.NewGuid().ToString("N"));
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();

        // Every location in the file moves down a line; nothing the generated code says changes.
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree shifted = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("\n" + source));
        long missesBefore = TokenCountCache.Misses;
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, shifted)).GetRunResult();

        Assert.Equal(missesBefore, TokenCountCache.Misses);
        IncrementalStepRunReason[] emitted = second.Results.Single().TrackedSteps[TrackingNames.PromptsWithOptions]
            .SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        Assert.Equal(2, emitted.Length);
        Assert.All(emitted, reason => Assert.True(
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "re-emitted: " + reason));
        Assert.Equal(first.GeneratedTrees.Select(t => t.ToString()), second.GeneratedTrees.Select(t => t.ToString()));
    }

    [Fact]
    public void ACloneOfTheCompilationLeavesEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Prompt(Guid.NewGuid().ToString("N")));
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation);
        GeneratorDriverRunResult first = driver.GetRunResult();
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult();
        AssertStepsCached(first, second);
    }

    [Fact]
    public void EditingOneTemplateRecountsThatTemplateAlone()
    {
        string marker = Guid.NewGuid().ToString("N");
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Prompt(marker));
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation);

        long missesBefore = TokenCountCache.Misses;
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SyntaxTree editedTree = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Prompt(marker, "Second edited " + Guid.NewGuid().ToString("N") + " {b}")));
        GeneratorDriverRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, editedTree)).GetRunResult();

        Assert.Equal(1, TokenCountCache.Misses - missesBefore);
        IncrementalStepRunReason[] reasons = second.Results.Single().TrackedSteps[TrackingNames.CountedTemplates]
            .SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        Assert.Equal(4, reasons.Length);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(3, reasons.Count(r => r == IncrementalStepRunReason.Cached));

        // The other prompt's source is not regenerated.
        IncrementalStepRunReason[] emitted = second.Results.Single().TrackedSteps[TrackingNames.PromptsWithOptions]
            .SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        Assert.Equal(2, emitted.Length);
        Assert.Equal(1, emitted.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, emitted.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public async System.Threading.Tasks.Task AnalyzerReusesTheGeneratorsCounts()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Prompt(Guid.NewGuid().ToString("N")));
        GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation);
        long missesBefore = TokenCountCache.Misses;
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
        Assert.Equal(missesBefore, TokenCountCache.Misses);
    }

    [Fact]
    public void StepOutputsHoldNoSymbolsSyntaxLocationsOrCompilations()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Prompt(Guid.NewGuid().ToString("N")));
        GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation).GetRunResult();
        var steps = result.Results.Single().TrackedSteps;
        foreach (string name in s_trackingNames)
        {
            Assert.True(steps.ContainsKey(name), "missing tracked step " + name);
            foreach (IncrementalGeneratorRunStep step in steps[name])
            {
                foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                {
                    AssertNoBannedObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertStepsCached(GeneratorDriverRunResult first, GeneratorDriverRunResult second)
    {
        var firstSteps = first.Results.Single().TrackedSteps;
        var secondSteps = second.Results.Single().TrackedSteps;
        foreach (string name in s_trackingNames)
        {
            Assert.True(firstSteps.ContainsKey(name), "missing tracked step " + name);
            Assert.True(secondSteps.ContainsKey(name), "missing tracked step " + name);
            foreach (IncrementalGeneratorRunStep step in secondSteps[name])
            {
                Assert.All(step.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{name}: {output.Reason}"));
            }
        }
    }

    private static void AssertNoBannedObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol, path + " holds an ISymbol");
        Assert.False(value is SyntaxNode, path + " holds a SyntaxNode");
        Assert.False(value is Location, path + " holds a Location");
        Assert.False(value is Compilation, path + " holds a Compilation");
        Assert.False(value is SemanticModel, path + " holds a SemanticModel");
        if (!value.GetType().IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable enumerable)
        {
            int index = 0;
            foreach (object? item in enumerable)
            {
                AssertNoBannedObjects(item, $"{path}[{index++}]", visited);
            }
        }

        for (Type? type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertNoBannedObjects(field.GetValue(value), path + "." + field.Name, visited);
            }
        }
    }
}
