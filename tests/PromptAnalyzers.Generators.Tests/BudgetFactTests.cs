using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Reporting;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>The [assembly: PromptBudgetFact] attributes the generator emits for the build's budget report.</summary>
public class BudgetFactTests
{
    private const string Mixed = """
        using PromptAnalyzers;
        namespace Contoso.Prompts
        {
            public static partial class Outer
            {
                [TokenBudget(10_000, Model = "gpt-4o-mini", ReservedOutput = 1_000)]
                public static partial class Mixed
                {
                    [PromptTemplate(Role = PromptRole.System), TokenBudget(100)]
                    public const string System = "You are Contoso's support agent. Answer {tone}.";

                    [PromptTemplate, TokenBudget(Percent = 25)]
                    public const string Context = "Use only these documents:\n{documents}";

                    [PromptTemplate]
                    public const string Rules = "Never promise refunds.";

                    [PromptTemplate(Name = "customer")]
                    public const string History = "Earlier: {history}";

                    [PromptTemplate]
                    public const string Question = "Question: {question} ({tone})";
                }
            }
        }
        """;

    private static PromptBudgetFactAttribute[] Facts(Assembly assembly) =>
        assembly.GetCustomAttributes<PromptBudgetFactAttribute>().OrderBy(f => f.Prompt, StringComparer.Ordinal).ThenBy(f => f.Order).ToArray();

    [Fact]
    public void Every_template_gets_one_fact_with_the_counts_TokenCounts_holds_and_the_resolved_budget()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Mixed);
        PromptBudgetFactAttribute[] facts = Facts(prompts.Assembly);
        const string type = "Contoso.Prompts.Outer+Mixed";
        PromptDefinition definition = prompts.Definition(type);

        Assert.Equal(new[] { "System", "Context", "Rules", "History", "Question" }, facts.Select(f => f.Template));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, facts.Select(f => f.Order));
        Assert.All(facts, f => Assert.Equal("Contoso.Prompts.Outer.Mixed", f.Prompt));
        Assert.Equal(new[] { "system", "user", "user", "user", "user" }, facts.Select(f => f.Role));
        Assert.Equal(new[] { "tone", "documents", null, "history", "question,tone" }, facts.Select(f => f.Placeholders));
        foreach (PromptBudgetFactAttribute fact in facts)
        {
            Assert.Equal(prompts.TokenCount(type, fact.Template), fact.StaticTokens);
            Assert.Equal("gpt-4o-mini", fact.Model);
            Assert.Equal("o200k_base", fact.Encoding);
            Assert.Equal(0, fact.ApproximationMargin);
            Assert.Equal(10_000, fact.TotalTokens);
            Assert.Equal(1_000, fact.ReservedOutput);
            Assert.Equal(9_000, fact.InputBudget);
            Assert.Equal("0.15", fact.InputPricePerMillion);
            Assert.Equal("0.60", fact.OutputPricePerMillion);
            Assert.Equal("2025-08-15", fact.PricesAsOf);
        }

        Assert.Equal(("fixed", 100, 100), (facts[0].AllocationKind, facts[0].AllocationValue, facts[0].AllocationTokens));
        Assert.Equal(("percent", 25, 2_250), (facts[1].AllocationKind, facts[1].AllocationValue, facts[1].AllocationTokens));
        Assert.Equal(("remainder", 0), (facts[2].AllocationKind, facts[2].AllocationValue));

        // Chat overhead as the builder charges it: 3 + per message 3 + role (+ 1 + name).
        BudgetedPrompt empty = LoadedPrompts.Build(LoadedPrompts.With(LoadedPrompts.With(LoadedPrompts.With(LoadedPrompts.With(
            prompts.CreateBuilder(type), "WithTone", ""), "WithDocuments", ""), "WithHistory", ""), "WithQuestion", ""));
        int overhead = empty.InputTokens - facts.Sum(f => f.StaticTokens);
        Assert.All(facts, f => Assert.Equal(overhead, f.ChatOverhead));

        // Remainder: the rules need their static text only; history and question split what the capped templates and
        // every remainder template's static text leave, the odd token going to the first of them.
        int pool = 9_000 - overhead - 100 - 2_250 - facts[2].StaticTokens - facts[3].StaticTokens - facts[4].StaticTokens;
        Assert.Equal(facts[2].StaticTokens, facts[2].AllocationTokens);
        Assert.Equal(facts[3].StaticTokens + (pool / 2) + (pool % 2), facts[3].AllocationTokens);
        Assert.Equal(facts[4].StaticTokens + (pool / 2), facts[4].AllocationTokens);
        Assert.Equal(definition.InputBudget, facts[0].InputBudget);
    }

    [Fact]
    public void A_remainder_template_is_guaranteed_what_a_full_prompt_leaves_it()
    {
        // Fill the capped templates, then give the remainder template a value far larger than the budget: it is cut to
        // exactly the allocation the fact states.
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Mixed);
        PromptBudgetFactAttribute[] facts = Facts(prompts.Assembly);
        const string type = "Contoso.Prompts.Outer+Mixed";
        string huge = string.Concat(Enumerable.Repeat("The warranty covers parts and labour for two years. ", 3_000));
        object builder = prompts.CreateBuilder(type);
        builder = LoadedPrompts.With(builder, "WithTone", huge);
        builder = LoadedPrompts.With(builder, "WithDocuments", huge);
        builder = LoadedPrompts.With(builder, "WithHistory", huge);
        builder = LoadedPrompts.With(builder, "WithQuestion", huge);
        BudgetedPrompt prompt = LoadedPrompts.Build(builder);

        // Capped templates get their caps; the remainder templates get at least their guaranteed share, and more only by
        // the tokens a full capped template could not use (a cut rarely lands exactly on its cap).
        int unused = 0;
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(facts[i].AllocationTokens, prompt.Segments[i].Allocation);
            unused += prompt.Segments[i].Allocation - prompt.Segments[i].Tokens;
        }

        Assert.Equal(facts[2].AllocationTokens, prompt.Segments[2].Allocation);
        for (int i = 3; i < facts.Length; i++)
        {
            Assert.InRange(prompt.Segments[i].Allocation, facts[i].AllocationTokens, facts[i].AllocationTokens + unused);
        }

        Assert.Equal(facts[3].AllocationTokens + facts[4].AllocationTokens + unused, prompt.Segments[3].Allocation + prompt.Segments[4].Allocation);
    }

    [Fact]
    public void A_prompt_in_a_generic_type_is_named_as_CSharp_spells_it()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad("""
            using PromptAnalyzers;
            namespace N
            {
                public partial class Outer<TKey, TValue>
                {
                    [TokenBudget(1_000, Encoding = "o200k_base")]
                    public partial class Inner<T> { [PromptTemplate] public const string Ask = "Q: {q}"; }
                }
            }
            """);
        Assert.Equal("N.Outer<TKey, TValue>.Inner<T>", Facts(prompts.Assembly).Single().Prompt);
    }

    [Fact]
    public void A_model_counted_by_approximation_states_its_margin_and_the_raised_counts()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad("""
            using PromptAnalyzers;
            [TokenBudget(20_000, Model = "claude-sonnet-4", ReservedOutput = 2_000)]
            public static partial class Claude
            {
                [PromptTemplate] public const string Ask = "Please answer the following question carefully: {question}";
            }
            """);
        PromptBudgetFactAttribute fact = Facts(prompts.Assembly).Single();

        Assert.Equal("Claude", fact.Prompt);
        Assert.Equal("claude-sonnet-4", fact.Model);
        Assert.Equal("cl100k_base", fact.Encoding);
        Assert.True(fact.ApproximationMargin > 0);
        Assert.Equal(prompts.TokenCount("Claude", "Ask"), fact.StaticTokens);
        Assert.Equal(prompts.Definition("Claude").ApproximationMargin, fact.ApproximationMargin);
        Assert.NotNull(fact.InputPricePerMillion);
    }

    [Fact]
    public void An_encoding_without_a_model_has_no_model_and_no_prices()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad("""
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "cl100k_base")]
            public partial class Plain { [PromptTemplate, TokenBudget(Percent = 50)] public const string Ask = "Q: {q}"; }
            """);
        PromptBudgetFactAttribute fact = Facts(prompts.Assembly).Single();

        Assert.Null(fact.Model);
        Assert.Equal("cl100k_base", fact.Encoding);
        Assert.Null(fact.InputPricePerMillion);
        Assert.Null(fact.OutputPricePerMillion);
        Assert.Null(fact.PricesAsOf);
        Assert.Equal(500, fact.AllocationTokens);
    }

    [Fact]
    public void A_model_name_that_needs_escaping_round_trips_into_the_fact()
    {
        const string name = "acme \"quoted\" \\ back\nline\u2028sep";
        string modelFile = "{ \"models\": [ { \"name\": " + JsonString(name) + ", \"provider\": \"acme\", \"contextWindow\": 8000, \"maxOutput\": 2000, "
            + "\"encoding\": \"cl100k_base\", \"prices\": { \"input\": 1.25, \"output\": 2.5 } } ] }";
        string source = "using PromptAnalyzers;\n[TokenBudget(4_000, Model = " + SymbolDisplay.FormatLiteral(name, quote: true)
            + ", ReservedOutput = 500)]\npublic partial class Custom { [PromptTemplate] public const string Ask = \"Q: {question}\"; }\n";
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new PromptGenerator().AsSourceGenerator() },
            new AdditionalText[] { new InMemoryAdditionalText("/p/promptanalyzers.models.json", modelFile) },
            GeneratorHarness.ParseOptions());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        GeneratorHarness.AssertClean(output);

        PromptBudgetFactAttribute fact = Facts(LoadedPrompts.Load(output).Assembly).Single();
        Assert.Equal(name, fact.Model);
        Assert.Equal("1.25", fact.InputPricePerMillion);
        Assert.Equal("2.5", fact.OutputPricePerMillion);
        Assert.Null(fact.PricesAsOf);
    }

    [Fact]
    public void The_facts_compile_warning_free_for_CSharp_7_3()
    {
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Mixed, LanguageVersion.CSharp7_3, NullableContextOptions.Disable));
        GeneratorHarness.AssertClean(result.Output);
        Assert.Equal(5, Facts(LoadedPrompts.Load(result.Output).Assembly).Length);
    }

    private static string JsonString(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\u2028", "\\u2028", StringComparison.Ordinal) + "\"";

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }
}
