extern alias Generators;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Generators::PromptAnalyzers.Generators;

namespace PromptAnalyzers.Benchmarks.Generator;

/// <summary>A compilation of the QuickStart sample's prompt plus an unrelated file, and the generator to run on it.</summary>
internal sealed class GeneratorRun
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    public static CSharpParseOptions ParseOptions => s_parseOptions;

    /// <summary>A library compilation of <paramref name="trees"/> with the references the prompts need.</summary>
    public static CSharpCompilation CompilationOf(params SyntaxTree[] trees) =>
        CSharpCompilation.Create(
            "PromptBenchmark",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public GeneratorRun()
    {
        string promptPath = Path.Combine(RepositoryRoot(), "samples", "QuickStart", "SupportPrompt.cs");
        PromptSource = File.ReadAllText(promptPath);
        PromptTree = CSharpSyntaxTree.ParseText(PromptSource, s_parseOptions, path: "SupportPrompt.cs");
        SyntaxTree unrelated = CSharpSyntaxTree.ParseText(
            "namespace QuickStart { internal static class Unrelated { internal static int Answer() => 42; } }",
            s_parseOptions,
            path: "Unrelated.cs");

        Compilation = CSharpCompilation.Create(
            "QuickStartBenchmark",
            [PromptTree, unrelated],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public string PromptSource { get; }

    public SyntaxTree PromptTree { get; }

    public CSharpCompilation Compilation { get; }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new PromptGenerator().AsSourceGenerator()],
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    /// <summary>The compilation with the System template's text changed to one never seen before in this process.</summary>
    public CSharpCompilation WithEditedTemplate(int edition)
    {
        string edited = PromptSource.Replace(
            "and cite the document you used.",
            "and cite the document you used (revision " + edition + ").",
            StringComparison.Ordinal);
        return Compilation.ReplaceSyntaxTree(PromptTree, CSharpSyntaxTree.ParseText(edited, s_parseOptions, path: "SupportPrompt.cs"));
    }

    public static int GeneratedFiles(GeneratorDriver driver)
    {
        GeneratorDriverRunResult result = driver.GetRunResult();
        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return result.GeneratedTrees.Length;
    }

    private static IEnumerable<MetadataReference> References()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        foreach (string path in trusted.Split(Path.PathSeparator))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (name is "System.Runtime" or "System.Private.CoreLib" or "netstandard" or "System.Collections" or "System.Linq")
            {
                yield return MetadataReference.CreateFromFile(path);
            }
        }

        yield return MetadataReference.CreateFromFile(typeof(PromptDefinition).Assembly.Location);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PromptAnalyzers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PromptAnalyzers.sln not found.");
    }
}
