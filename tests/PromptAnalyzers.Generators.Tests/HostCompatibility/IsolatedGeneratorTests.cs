using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace PromptAnalyzers.Generators.Tests.HostCompatibility;

/// <summary>
/// The generator and the analyzer loaded the way a compiler loads them: from their own folder into a fresh
/// AssemblyLoadContext (fresh statics, so nothing the rest of the test run loaded counts), with Roslyn shared from the
/// host. Every assembly the package's code asks for while generating and analyzing is recorded.
/// </summary>
public class IsolatedGeneratorTests
{
    private const string OneEncodingProject = """
        using PromptAnalyzers;
        namespace Host
        {
            [TokenBudget(4_000, Model = "gpt-4o", ReservedOutput = 500)]
            public static partial class Answer
            {
                [PromptTemplate(Role = PromptRole.System)] public const string System = "You answer briefly.";
                [PromptTemplate] public const string Question = "Question: {question}";
            }
        }
        """;

    [Fact]
    public async System.Threading.Tasks.Task Generation_loads_only_what_it_needs_and_only_the_encoding_in_use()
    {
        var context = new RecordingLoadContext(Path.GetDirectoryName(typeof(PromptGenerator).Assembly.Location)!);
        try
        {
            Assembly generators = context.LoadFromAssemblyPath(typeof(PromptGenerator).Assembly.Location);
            var generator = (IIncrementalGenerator)Activator.CreateInstance(generators.GetType("PromptAnalyzers.Generators.PromptGenerator", throwOnError: true)!)!;
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(generators.GetType("PromptAnalyzers.Generators.PromptAnalyzer", throwOnError: true)!)!;

            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(OneEncodingProject);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions());
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            ImmutableArray<Diagnostic> analyzerDiagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create(analyzer))
                .GetAnalyzerDiagnosticsAsync();

            Assert.Empty(generatorDiagnostics);
            Assert.Empty(analyzerDiagnostics);
            Assert.Single(driver.GetRunResult().GeneratedTrees);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            // Only o200k_base (gpt-4o) was loaded, in this load context, once.
            Type encodings = generators.GetType("PromptAnalyzers.Internal.Tokenization.TiktokenEncodings", throwOnError: true)!;
            MethodInfo isLoaded = encodings.GetMethod("IsLoaded", BindingFlags.Public | BindingFlags.Static)!;
            Assert.True((bool)isLoaded.Invoke(null, new object[] { "o200k_base" })!);
            Assert.False((bool)isLoaded.Invoke(null, new object[] { "cl100k_base" })!);

            string[] requested = context.Requested.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Contains("Microsoft.ML.Tokenizers", requested);
            Assert.Contains("Microsoft.ML.Tokenizers.Data.O200kBase", requested);
            string[] unwanted = { "System.Text.Json", "Google.Protobuf", "Microsoft.ML.Tokenizers.Data.Cl100kBase", "System.Text.RegularExpressions" };
            Assert.Empty(requested.Intersect(unwanted));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_generator_tests_run_on_the_oldest_supported_compiler()
    {
        // The package promises Roslyn 4.8 (PROMPT016 below it); these tests bind against exactly that version.
        Assert.Equal(new Version(4, 8, 0, 0), typeof(CSharpCompilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
    }

    /// <summary>Loads the package's assemblies from one folder; Roslyn and the framework come from the host.</summary>
    private sealed class RecordingLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public RecordingLoadContext(string folder)
            : base("PromptAnalyzers isolated", isCollectible: true) => _folder = folder;

        public ConcurrentDictionary<string, bool> Requested { get; } = new(StringComparer.Ordinal);

        protected override Assembly? Load(AssemblyName name)
        {
            Requested[name.Name!] = true;
            if (name.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.Name.StartsWith("System.", StringComparison.Ordinal)
                || name.Name is "System" or "netstandard" or "mscorlib")
            {
                return null;
            }

            string path = Path.Combine(_folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
