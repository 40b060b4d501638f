using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Generators;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>Compiles test sources with the generator, checks the output compiles cleanly, emits and loads it.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The shared framework's own assemblies (not the NuGet copies the test's dependencies bring along).
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) ||
                           Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .ToList();
        paths.Add(typeof(PromptDefinition).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new(version, DocumentationMode.Diagnose);

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, LanguageVersion version = LanguageVersion.Latest,
        NullableContextOptions nullable = NullableContextOptions.Enable)
    {
        CSharpParseOptions parseOptions = ParseOptions(version);
        return CSharpCompilation.Create(
            "PromptTests" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"/src/Test{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));
    }

    public static CSharpCompilation CreateCompilation(string source, LanguageVersion version = LanguageVersion.Latest,
        NullableContextOptions nullable = NullableContextOptions.Enable) => CreateCompilation(new[] { source }, version, nullable);

    public static GeneratorDriver CreateDriver(CSharpCompilation compilation) =>
        CSharpGeneratorDriver.Create(
            new[] { new PromptGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns the output compilation after asserting it has no errors or warnings.</summary>
    public static GeneratorResult Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver(compilation).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return new GeneratorResult(driver, output, result);
    }

    /// <summary>Compiler diagnostics of the output, ignoring missing docs on the test's own public types.</summary>
    public static List<Diagnostic> Problems(Compilation output) =>
        output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Where(d => !(d.Id == "CS1591" && d.Location.SourceTree?.FilePath.StartsWith("/src/", StringComparison.Ordinal) == true))
            .ToList();

    public static void AssertClean(Compilation output)
    {
        List<Diagnostic> problems = Problems(output);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Select(p => p.ToString())) + Environment.NewLine + GeneratedText(output));
    }

    public static string GeneratedText(Compilation output) =>
        string.Join(Environment.NewLine, output.SyntaxTrees.Where(t => !t.FilePath.StartsWith("/src/", StringComparison.Ordinal)).Select(t => t.ToString()));

    /// <summary>Generates, asserts a clean compilation, emits and loads it into a collectible context.</summary>
    public static LoadedPrompts GenerateAndLoad(string source, LanguageVersion version = LanguageVersion.Latest,
        NullableContextOptions nullable = NullableContextOptions.Enable)
    {
        GeneratorResult result = Run(CreateCompilation(source, version, nullable));
        AssertClean(result.Output);
        return LoadedPrompts.Load(result.Output);
    }
}

internal sealed record GeneratorResult(GeneratorDriver Driver, Compilation Output, GeneratorDriverRunResult RunResult)
{
    public ImmutableArray<GeneratedSourceResult> Sources => RunResult.Results.Single().GeneratedSources;
}

/// <summary>An emitted test assembly; PromptAnalyzers resolves from the default context so its types are shared.</summary>
internal sealed class LoadedPrompts
{
    private LoadedPrompts(Assembly assembly)
    {
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static LoadedPrompts Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("PromptTests", isCollectible: true);
        return new LoadedPrompts(context.LoadFromStream(stream));
    }

    public Type Type(string metadataName) => Assembly.GetType(metadataName, throwOnError: true)!;

    public int TokenCount(string promptType, string template) =>
        (int)Type(promptType + "+TokenCounts").GetField(template, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    public object CreateBuilder(string promptType) =>
        Type(promptType).GetMethod("CreateBuilder", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;

    public PromptDefinition Definition(string promptType) =>
        (PromptDefinition)Type(promptType + "+Builder").GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public static object With(object builder, string method, string? value)
    {
        try
        {
            return builder.GetType().GetMethod(method)!.Invoke(builder, new object?[] { value })!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    public static BudgetedPrompt Build(object builder)
    {
        try
        {
            return (BudgetedPrompt)builder.GetType().GetMethod("Build")!.Invoke(builder, null)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
