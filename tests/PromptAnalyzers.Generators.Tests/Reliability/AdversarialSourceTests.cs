using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Generators.Tests.Reliability;

/// <summary>
/// The parts of the adversarial corpus (issue 7, point 1) that are about where and how a template is declared rather
/// than which characters it holds (those are in <see cref="EscapingTests"/> and <see cref="TemplateFuzzTests"/>).
/// </summary>
public class AdversarialSourceTests
{
    [Fact]
    public void A_one_megabyte_constant_round_trips_and_counts_the_same()
    {
        var text = new StringBuilder();
        var random = new Random(1);
        string[] words = { "budget", " token", " prompt", ", ", ".\n", " 漢字", " 😀", " {{x}}", "\t", " \"q\"", " \\" };
        while (text.Length < 1_000_000)
        {
            text.Append(words[random.Next(words.Length)]);
        }

        string template = text.ToString();
        string source = "using PromptAnalyzers;\n[TokenBudget(5_000_000, Encoding = \"o200k_base\")]\npublic partial class Big\n{\n"
            + "    [PromptTemplate] public const string Text = " + SymbolDisplay.FormatLiteral(template, quote: true) + ";\n}\n";
        LoadedPrompts loaded = GeneratorHarness.GenerateAndLoad(source);
        Assert.Equal(template, loaded.Definition("Big").Templates[0].Template);
        Assert.Equal(TiktokenEncodings.Get("o200k_base").CountTokens(TemplateParser.Parse(template).StaticText), loaded.TokenCount("Big", "Text"));
    }

    [Fact]
    public void Two_thousand_templates_in_one_type_all_generate()
    {
        var source = new StringBuilder("using PromptAnalyzers;\n[TokenBudget(1_000_000, Encoding = \"cl100k_base\")]\npublic partial class Many\n{\n");
        for (int i = 0; i < 2_000; i++)
        {
            source.Append("    [PromptTemplate] public const string T").Append(i).Append(" = \"Template ").Append(i).Append(" with {v").Append(i % 7).Append("}.\";\n");
        }

        LoadedPrompts loaded = GeneratorHarness.GenerateAndLoad(source.Append("}\n").ToString());
        PromptDefinition definition = loaded.Definition("Many");
        Assert.Equal(2_000, definition.Templates.Count);
        Assert.Equal(7, definition.Placeholders.Count);
        Assert.Equal("Template 1999 with {v4}.", definition.Templates[1_999].Template);
    }

    [Fact]
    public void Constants_built_from_constants_use_their_values()
    {
        const string source = """
            using PromptAnalyzers;
            public static class Parts
            {
                public const string Persona = "You are \"precise\". ";
            }

            [TokenBudget(1_000, Encoding = "o200k_base")]
            public partial class Composed
            {
                private const string Rule = "Answer about {topic}.";
                [PromptTemplate] public const string System = Parts.Persona + Rule + " See " + nameof(Composed) + ".";
                [PromptTemplate] public const string Named = nameof(System) + ": {question}";
            }
            """;
        LoadedPrompts loaded = GeneratorHarness.GenerateAndLoad(source);
        PromptDefinition definition = loaded.Definition("Composed");
        Assert.Equal("You are \"precise\". Answer about {topic}. See Composed.", definition.Templates[0].Template);
        Assert.Equal("System: {question}", definition.Templates[1].Template);
        Assert.Equal(new[] { "topic", "question" }, definition.Placeholders);
    }

    [Fact]
    public void Nested_generic_and_file_scoped_namespace_types_generate()
    {
        const string source = """
            using PromptAnalyzers;
            namespace Deep.Space;

            public static partial class Outer
            {
                public partial class Middle<T> where T : class
                {
                    [TokenBudget(500, Encoding = "cl100k_base")]
                    internal partial class Inner<TKey, TValue>
                    {
                        [PromptTemplate] public const string Ask = "Key {key}, value {value}.";
                    }
                }
            }
            """;
        LoadedPrompts loaded = GeneratorHarness.GenerateAndLoad(source);
        Type builder = loaded.Type("Deep.Space.Outer+Middle`1+Inner`2+Builder").MakeGenericType(typeof(string), typeof(int), typeof(long));
        var definition = (PromptDefinition)builder.GetProperty("Definition")!.GetValue(null)!;
        Assert.Equal("Key {key}, value {value}.", definition.Templates[0].Template);
    }

    [Fact]
    public void Templates_in_excluded_preprocessor_branches_are_not_seen()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(500, Encoding = "cl100k_base")]
            public partial class Conditional
            {
            #if NEVER_DEFINED
                [PromptTemplate] public const string Hidden = "{unbalanced";
            #else
                [PromptTemplate] public const string Shown = "Shown {x}";
            #endif
            }
            """;
        LoadedPrompts loaded = GeneratorHarness.GenerateAndLoad(source);
        PromptDefinition definition = loaded.Definition("Conditional");
        Assert.Equal(new[] { "Shown {x}" }, definition.Templates.Select(t => t.Template));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_malformed_template_is_a_diagnostic_and_the_other_prompts_still_generate()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(500, Encoding = "cl100k_base")]
            public partial class Broken
            {
                [PromptTemplate] public const string Bad = "Unbalanced {brace and }} more {";
            }

            [TokenBudget(500, Encoding = "cl100k_base")]
            public partial class Fine
            {
                [PromptTemplate] public const string Good = "All {good}";
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAllDiagnosticsAsync();
        Diagnostic malformed = Assert.Single(diagnostics, d => d.Id == "PROMPT004");
        Assert.Equal(4, malformed.Location.GetLineSpan().StartLinePosition.Line);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        GeneratorResult result = GeneratorHarness.Run(compilation);
        Assert.Contains(result.Sources, s => s.SourceText.ToString().Contains("class Fine", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Sources, s => s.SourceText.ToString().Contains("class Broken", StringComparison.Ordinal));
        Assert.Empty(result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
