using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PromptAnalyzers.Generators.Diagnostics;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>Project settings (MSBuild properties the package makes compiler-visible), as the analyzer reads them.</summary>
public class BuildSettingsTests
{
    private const string Unnamed = """
        using PromptAnalyzers;
        [TokenBudget(2_000, ReservedOutput = 500)]
        public static partial class Unnamed
        {
            [PromptTemplate] public const string Ask = "Question: {question}";
        }
        """;

    private static CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier> CreateTest(string globalConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier>
        {
            TestCode = Unnamed,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.AdditionalReferences.Add(typeof(PromptDefinition).Assembly);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    [Fact]
    public async Task A_default_model_lets_prompts_name_none()
    {
        await CreateTest("build_property.PromptAnalyzersDefaultModel = gpt-4o\n").RunAsync();
    }

    [Fact]
    public async Task Without_a_default_model_a_prompt_that_names_none_is_PROMPT003()
    {
        var test = CreateTest(string.Empty, new DiagnosticResult(DiagnosticDescriptors.UnknownModel).WithSpan(2, 2, 2, 42)
            .WithArguments("Unnamed", "it names no Model and no Encoding", AnalyzerTests.CatalogExamples));
        await test.RunAsync();
    }

    [Fact]
    public async Task Invalid_settings_are_PROMPT015_and_ignored()
    {
        var test = CreateTest(
            "build_property.PromptAnalyzersDefaultModel = gpt-7-ultra\nbuild_property.PromptAnalyzersApproximationMargin = lots\n",
            new DiagnosticResult(DiagnosticDescriptors.InvalidBuildSetting)
                .WithArguments("PromptAnalyzersApproximationMargin", "lots", "the margin must be a number from 0 to 10 (0.2 adds 20 %)"),
            new DiagnosticResult(DiagnosticDescriptors.InvalidBuildSetting)
                .WithArguments("PromptAnalyzersDefaultModel", "gpt-7-ultra", "the model is not in the model catalog"),
            new DiagnosticResult(DiagnosticDescriptors.UnknownModel).WithSpan(2, 2, 2, 42)
                .WithArguments("Unnamed", "it names no Model and no Encoding", AnalyzerTests.CatalogExamples));
        await test.RunAsync();
    }
}
