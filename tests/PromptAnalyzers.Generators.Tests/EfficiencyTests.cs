using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Generators.Parsing;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>PROMPT012 (text that costs tokens for nothing) and PROMPT013 (dynamic text ahead of long static text).</summary>
public class EfficiencyTests
{
    [Theory]
    [InlineData("Answer briefly.   ", "Answer briefly.", TokenDensity.TrailingWhiteSpace)]
    [InlineData("Answer\t \tbriefly", "Answer briefly", TokenDensity.InnerRuns)]
    [InlineData("a\n\n\n\nb", "a\n\nb", TokenDensity.BlankLines)]
    [InlineData("a\r\n  \r\n\r\n\r\nb", "a\r\n\r\nb", TokenDensity.BlankLines)]
    [InlineData("zero\u200Bwidth\uFEFF", "zerowidth", TokenDensity.Invisible)]
    public void The_rewrite_removes_exactly_what_costs_for_nothing(string text, string expected, string kind)
    {
        DensityRewrite rewrite = TokenDensity.Rewrite(text);
        Assert.Equal(expected, rewrite.Text);
        Assert.Contains(kind, rewrite.Kinds);
        Assert.True(TokenDensity.MayWaste(text));
    }

    [Theory]
    [InlineData("Clean text with {placeholder} and {{braces}}.")]
    [InlineData("    indented code\n        more indented\n\nparagraph")]
    [InlineData("line one\r\nline two\n\nline four")]
    [InlineData("")]
    public void Clean_text_is_left_alone(string text)
    {
        DensityRewrite rewrite = TokenDensity.Rewrite(text);
        Assert.Equal(text, rewrite.Text);
        Assert.Empty(rewrite.Kinds);
    }

    [Fact]
    public void The_quick_check_never_misses_a_rewrite()
    {
        var random = new Random(12);
        string[] pieces = { "a", "b", " ", "  ", "\t", "\n", "\r\n", "\r", "\u200B", "\uFEFF", "{x}", ".", "漢" };
        for (int i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            for (int k = random.Next(0, 12); k > 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string candidate = text.ToString();
            if (TokenDensity.Rewrite(candidate).Text != candidate)
            {
                Assert.True(TokenDensity.MayWaste(candidate), "missed: " + candidate.Replace("\n", "\\n").Replace("\r", "\\r"));
            }
        }
    }

    [Fact]
    public async Task Wasteful_text_is_reported_with_the_tokens_the_rewrite_saves()
    {
        const string template = "You are helpful.   \n\n\n\nAnswer   the {question}   briefly.\u200B";
        string source = Prompt("[PromptTemplate] public const string System = " + SymbolDisplay.FormatLiteral(template, quote: true) + ";");

        Diagnostic diagnostic = Assert.Single(await Diagnostics(source), d => d.Id == "PROMPT012");

        Tokenizer tokenizer = TiktokenEncodings.Get("o200k_base");
        int before = tokenizer.CountTokens(TemplateParser.Parse(template).StaticText);
        int after = tokenizer.CountTokens(TemplateParser.Parse("You are helpful.\n\nAnswer the {question} briefly.").StaticText);
        Assert.True(after < before);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(
            $"Template 'System' has trailing white space, runs of spaces inside lines, more than one blank line in a row and invisible characters; "
            + $"rewriting it saves {before - after} tokens ({before} → {after}, o200k_base)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Tidy_templates_get_no_density_hint()
    {
        string source = Prompt("[PromptTemplate] public const string System = \"You are helpful.\\n\\nAnswer the {question} briefly.\";");
        Assert.DoesNotContain(await Diagnostics(source), d => d.Id == "PROMPT012");
    }

    [Fact]
    public async Task Dynamic_text_ahead_of_long_static_text_is_a_cache_warning_with_the_tokens_it_costs()
    {
        string rules = LongRules();
        string template = "Today is {date}. " + rules;
        string source = Prompt(
            "[PromptTemplate(Role = PromptRole.System)] public const string System = " + SymbolDisplay.FormatLiteral(template, quote: true) + ";\n"
            + "    [PromptTemplate] public const string Question = \"{question}\";");

        Diagnostic diagnostic = Assert.Single(await Diagnostics(source), d => d.Id == "PROMPT013");

        Tokenizer tokenizer = TiktokenEncodings.Get("o200k_base");
        int prefix = tokenizer.CountTokens("Today is ");
        int total = tokenizer.CountTokens(TemplateParser.Parse(template).StaticText);
        int after = total - prefix;
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            $"Prompt 'Cached' sends {{date}} of 'System' before {after:N0} tokens of static text: its cacheable prefix is {prefix:N0} tokens, "
            + $"under the 1,024 tokens providers start caching at; with the dynamic parts after the static text, {total:N0} tokens would be cacheable (o200k_base)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Long_static_text_first_is_cache_friendly()
    {
        string template = LongRules() + " Today is {date}.";
        string source = Prompt("[PromptTemplate(Role = PromptRole.System)] public const string System = " + SymbolDisplay.FormatLiteral(template, quote: true) + ";");
        Assert.DoesNotContain(await Diagnostics(source), d => d.Id == "PROMPT013");
    }

    private static string LongRules()
    {
        var rules = new StringBuilder();
        for (int i = 1; i <= 120; i++)
        {
            rules.Append(i).Append(". Quote prices with their currency and billing period exactly as the documents state them. ");
        }

        return rules.ToString().TrimEnd();
    }

    private static string Prompt(string members) =>
        "using PromptAnalyzers;\n[TokenBudget(100_000, Encoding = \"o200k_base\")]\npublic partial class Cached\n{\n    " + members + "\n}\n";

    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics;
    }
}
