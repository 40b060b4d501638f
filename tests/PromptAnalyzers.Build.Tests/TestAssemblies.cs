using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Generators;

namespace PromptAnalyzers.Build.Tests;

/// <summary>Assemblies compiled in memory: hand-written facts, or prompts run through the real generator.</summary>
internal static class TestAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(() =>
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>Compiles <paramref name="source"/> (against the runtime when <paramref name="withRuntime"/>), optionally running the generator first.</summary>
    public static byte[] Compile(string source, string assemblyName = "Consumer", bool withRuntime = true, bool generate = false)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        IEnumerable<MetadataReference> references = s_framework.Value;
        if (withRuntime)
        {
            references = references.Append(MetadataReference.CreateFromFile(typeof(PromptDefinition).Assembly.Location));
        }

        Compilation compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/Prompts.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        if (generate)
        {
            CSharpGeneratorDriver.Create(new[] { new PromptGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
        }

        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        List<Diagnostic> problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (!result.Success || problems.Count > 0)
        {
            throw new InvalidOperationException("The test assembly does not compile cleanly:\n" + string.Join("\n", problems));
        }

        return stream.ToArray();
    }

    /// <summary>Writes the image to a new file in <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, byte[] image, string name = "Consumer.dll")
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, image);
        return path;
    }
}

/// <summary>A folder under the temp directory, deleted at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pa-build-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
