using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

public class RobustnessTests
{
    [Theory]
    [InlineData("[PromptTemplate] public const string A = ;")]
    [InlineData("[PromptTemplate] public const string A = NotDefined;")]
    [InlineData("[PromptTemplate(Role = (PromptRole)99)] public const string A = \"x\";")]
    [InlineData("[PromptTemplate] [TokenBudget(Tokens = 5)] public const string A = \"x\";")]
    [InlineData("[PromptTemplate] public const string A = \"x\", B = \"y {z}\";")]
    [InlineData("[PromptTemplate] public const string")]
    [InlineData("[PromptTemplate] public string A => \"x\";")]
    [InlineData("[PromptTemplate] const string A = \"{a}\" + B; const string B = A;")]
    public async Task BrokenCodeNeverThrows(string member)
    {
        string source = "using PromptAnalyzers;\n[TokenBudget(100, Encoding = \"o200k_base\")]\npublic partial class Broken\n{\n    " + member + "\n}\n";
        var compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorResult result = GeneratorHarness.Run(compilation);
        Assert.All(result.RunResult.Results, r => Assert.Null(r.Exception));

        // An analyzer exception would surface as AD0001.
        var analyzed = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
                concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        ImmutableArray<Diagnostic> diagnostics = await analyzed.GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public void SeveralDeclaratorsInOneFieldDeclarationAreSeparateTemplates()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(100, Encoding = "o200k_base")]
            public partial class Pair
            {
                [PromptTemplate] public const string A = "first {x}", B = "second {y}";
            }
            """;
        PromptDefinition definition = GeneratorHarness.GenerateAndLoad(source).Definition("Pair");
        Assert.Equal(new[] { "A", "B" }, definition.Templates.Select(t => t.Name));
    }

    [Fact]
    public async Task TheAnalyzerIsQuietOnTheGeneratorsOwnOutput()
    {
        const string source = """
            using PromptAnalyzers;
            namespace N
            {
                [TokenBudget(16_000, Model = "gpt-4o-mini", ReservedOutput = 1_000)]
                public static partial class SupportPrompt
                {
                    [PromptTemplate(Role = PromptRole.System), TokenBudget(200)]
                    public const string System = "You are Contoso's support agent. Answer {tone}.";
                    [PromptTemplate] public const string Question = "Question: {question}";
                }
            }
            """;
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        GeneratorHarness.AssertClean(result.Output);
        ImmutableArray<Diagnostic> diagnostics = await result.Output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAllDiagnosticsAsync();
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591"));
    }
}
