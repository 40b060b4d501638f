using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PromptAnalyzers.Generators.Diagnostics;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>Project model files: AdditionalFiles named promptanalyzers.models.json, in the built-in catalog's shape.</summary>
public class ModelFileTests
{
    private const string ModelFile = """
        {
          "models": [
            {
              "name": "acme-llm",
              "provider": "acme",
              "contextWindow": 8000,
              "maxOutput": 2000,
              "encoding": "cl100k_base",
              "prices": { "input": 1.00, "output": 2.00 }
            }
          ]
        }
        """;

    private static CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier> CreateTest(string source, string modelFile, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier>
        {
            TestCode = "using PromptAnalyzers;\n" + source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.AdditionalReferences.Add(typeof(PromptDefinition).Assembly);
        test.TestState.AdditionalFiles.Add(("/config/PromptAnalyzers.Models.json", modelFile));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task A_custom_model_counts_with_its_encoding_and_window()
    {
        await CreateTest("""
            [TokenBudget(4_000, Model = "acme-llm", ReservedOutput = 500)]
            public static partial class Custom
            {
                [PromptTemplate] public const string Ask = "Question: {question}";
            }
            """, ModelFile).RunAsync();
    }

    [Fact]
    public async Task A_custom_models_window_is_checked()
    {
        await CreateTest("""
            [TokenBudget({|#0:9_000|}, Model = "acme-llm")]
            public static partial class Custom
            {
                [PromptTemplate] public const string Ask = "Question: {question}";
            }
            """, ModelFile,
            new DiagnosticResult(DiagnosticDescriptors.InvalidBudget).WithLocation(0)
                .WithArguments("Custom", "Tokens (9000) exceeds the context window of 'acme-llm' (8000)")).RunAsync();
    }

    [Fact]
    public async Task A_malformed_model_file_is_PROMPT014_at_its_line_and_built_in_models_still_work()
    {
        const string broken = "{\n  \"models\": [\n    { \"name\": \"acme-llm\" \"encoding\": \"cl100k_base\" }\n  ]\n}\n";
        var test = CreateTest("""
            [TokenBudget(4_000, Model = "gpt-4o", ReservedOutput = 500)]
            public static partial class Builtin
            {
                [PromptTemplate] public const string Ask = "Question: {question}";
            }
            """, broken,
            new DiagnosticResult(DiagnosticDescriptors.InvalidModelFile).WithSpan("/config/PromptAnalyzers.Models.json", 3, 26, 3, 27)
                .WithArguments("/config/PromptAnalyzers.Models.json", "Expected ',' or '}' but found '\"'"));
        await test.RunAsync();
    }
}

/// <summary>The generator with project model files: a broken file is ignored and every other prompt still generates.</summary>
public class ModelFileGeneratorTests
{
    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    private const string Source = """
        using PromptAnalyzers;
        [TokenBudget(4_000, Model = "acme-llm", ReservedOutput = 500)]
        public partial class Custom { [PromptTemplate] public const string Ask = "Q: {question}"; }

        [TokenBudget(4_000, Model = "gpt-4o", ReservedOutput = 500)]
        public partial class Builtin { [PromptTemplate] public const string Ask = "Q: {question}"; }
        """;

    private static GeneratorDriverRunResult Run(string modelFile)
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new PromptGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryAdditionalText("/p/promptanalyzers.models.json", modelFile) },
            GeneratorHarness.ParseOptions());
        return driver.RunGenerators(compilation).GetRunResult();
    }

    [Fact]
    public void A_custom_model_generates_with_its_encoding()
    {
        GeneratorDriverRunResult result = Run("""{ "models": [ { "name": "acme-llm", "provider": "acme", "contextWindow": 8000, "maxOutput": 2000, "encoding": "cl100k_base" } ] }""");
        string custom = result.GeneratedTrees.Single(t => t.FilePath.Contains("Custom", System.StringComparison.Ordinal)).ToString();
        Assert.Contains("\"cl100k_base\"", custom, System.StringComparison.Ordinal);
        Assert.Contains("\"acme-llm\"", custom, System.StringComparison.Ordinal);
        Assert.Equal(2, result.GeneratedTrees.Length);
    }

    [Fact]
    public void A_broken_model_file_is_ignored_and_the_other_prompts_still_generate()
    {
        GeneratorDriverRunResult result = Run("{ \"models\": [ { \"name\": ");
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        Assert.Single(result.GeneratedTrees, t => t.FilePath.Contains("Builtin", System.StringComparison.Ordinal));
        Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.Contains("Custom", System.StringComparison.Ordinal));
    }
}
