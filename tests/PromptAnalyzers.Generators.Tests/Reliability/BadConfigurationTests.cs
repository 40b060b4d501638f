using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace PromptAnalyzers.Generators.Tests.Reliability;

/// <summary>
/// Issue 7, point 6: bad configuration in one prompt is a clear diagnostic at the offending text, and every other
/// prompt of the project still generates and runs.
/// </summary>
public class BadConfigurationTests
{
    private const string Source = """
        using PromptAnalyzers;
        namespace Config;

        [TokenBudget(1_000, Model = "gpt-7-ultra")]
        public partial class UnknownModel
        {
            [PromptTemplate] public const string Ask = "Ask {q}";
        }

        [TokenBudget(-5, Encoding = "cl100k_base")]
        public partial class NegativeBudget
        {
            [PromptTemplate] public const string Ask = "Ask {q}";
        }

        [TokenBudget(1_000, Encoding = "cl100k_base")]
        public partial class MissingPlaceholder
        {
            [PromptTemplate, TokenBudget(50, Placeholder = "nope")] public const string Ask = "Ask {q}";
        }

        [TokenBudget(1_000, Model = "gpt-4o", ReservedOutput = 100)]
        public partial class Healthy
        {
            [PromptTemplate] public const string Ask = "Ask {q}";
        }
        """;

    [Fact]
    public async Task Each_mistake_is_reported_where_it_is_written_and_the_healthy_prompt_still_runs()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAllDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        AssertAt(diagnostics, "PROMPT003", "\"gpt-7-ultra\"", "gpt-7-ultra");
        AssertAt(diagnostics, "PROMPT008", "-5", "-5");
        AssertAt(diagnostics, "PROMPT007", "\"nope\"", "nope");
        Assert.Equal(3, diagnostics.Count(d => d.Id.StartsWith("PROMPT", StringComparison.Ordinal)));

        GeneratorResult result = GeneratorHarness.Run(compilation);
        Assert.Empty(result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        LoadedPrompts loaded = LoadedPrompts.Load(result.Output);
        object builder = LoadedPrompts.With(loaded.CreateBuilder("Config.Healthy"), "WithQ", "what is a token?");
        BudgetedPrompt prompt = LoadedPrompts.Build(builder);
        Assert.Equal("Ask what is a token?", prompt.Messages.Single().Content);
    }

    /// <summary>Exactly one <paramref name="id"/>, located on the text <paramref name="at"/>, naming <paramref name="mentions"/>.</summary>
    private static void AssertAt(ImmutableArray<Diagnostic> diagnostics, string id, string at, string mentions)
    {
        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        SourceText text = diagnostic.Location.SourceTree!.GetText();
        Assert.Equal(at, text.ToString(diagnostic.Location.SourceSpan));
        Assert.Contains(mentions, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
