using System;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

public class GeneratorTests
{
    private const string Support = """
        using PromptAnalyzers;

        namespace Contoso.Prompts
        {
            [TokenBudget(16_000, Model = "gpt-4o-mini", ReservedOutput = 1_000)]
            public static partial class SupportPrompt
            {
                [PromptTemplate(Role = PromptRole.System)]
                [TokenBudget(200)]
                public const string System = "You are Contoso's support agent. Answer {tone}.";

                [PromptTemplate]
                [TokenBudget(Percent = 60, Truncation = Truncation.Sentences)]
                [TokenBudget(2_000, Placeholder = "documents", Truncation = Truncation.KeepBothEnds)]
                public const string Context = "Use only these documents:\n{documents}";

                [PromptTemplate(Name = "customer")]
                [TokenBudget(500, Truncation = Truncation.KeepStart)]
                public const string Question = "Question from {user_name} ({tone}): {question}";
            }
        }
        """;

    private static int Count(string encoding, string text) => TiktokenEncodings.Get(encoding).CountTokens(text);

    [Fact]
    public void TokenCountsAreTheStaticTextCountedIndependently()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Support);
        const string type = "Contoso.Prompts.SupportPrompt";
        Assert.Equal(Count("o200k_base", "You are Contoso's support agent. Answer ."), prompts.TokenCount(type, "System"));
        Assert.Equal(Count("o200k_base", "Use only these documents:\n"), prompts.TokenCount(type, "Context"));
        Assert.Equal(Count("o200k_base", "Question from  (): "), prompts.TokenCount(type, "Question"));
        Assert.NotEqual(Count("cl100k_base", "Question from  (): ") + 100, prompts.TokenCount(type, "Question"));
    }

    [Fact]
    public void DefinitionCarriesBudgetTemplatesAllocationsAndCounts()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Support);
        PromptDefinition definition = prompts.Definition("Contoso.Prompts.SupportPrompt");

        Assert.Equal("SupportPrompt", definition.Name);
        Assert.Equal("o200k_base", definition.Encoding);
        Assert.Equal(16_000, definition.TotalTokens);
        Assert.Equal(1_000, definition.ReservedOutput);
        Assert.Equal("gpt-4o-mini", definition.Model);
        Assert.Equal(0, definition.ApproximationMargin);
        Assert.Equal(new[] { "tone", "documents", "user_name", "question" }, definition.Placeholders);

        Assert.Equal(new[] { "System", "Context", "Question" }, definition.Templates.Select(t => t.Name));
        TemplateDefinition system = definition.Templates[0];
        Assert.Equal(PromptRole.System, system.Role);
        Assert.Equal("You are Contoso's support agent. Answer {tone}.", system.Template);
        Assert.Equal(TokenAllocation.Fixed(200), system.Allocation);
        Assert.Equal(Count("o200k_base", "You are Contoso's support agent. Answer ."), system.StaticTokens);
        Assert.Null(system.MessageName);
        Assert.Empty(system.PlaceholderBudgets);

        TemplateDefinition context = definition.Templates[1];
        Assert.Equal(PromptRole.User, context.Role);
        Assert.Equal(TokenAllocation.Percent(60), context.Allocation);
        Assert.Equal(Truncation.Sentences, context.Truncation);
        PlaceholderBudget documents = Assert.Single(context.PlaceholderBudgets);
        Assert.Equal("documents", documents.Placeholder);
        Assert.Equal(TokenAllocation.Fixed(2_000), documents.Allocation);
        Assert.Equal(Truncation.KeepBothEnds, documents.Truncation);

        TemplateDefinition question = definition.Templates[2];
        Assert.Equal("customer", question.MessageName);
        Assert.Equal(Truncation.KeepStart, question.Truncation);
    }

    [Fact]
    public void BuilderHasOneTypedMethodPerDistinctPlaceholder()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Support);
        Type builder = prompts.Type("Contoso.Prompts.SupportPrompt+Builder");
        string[] methods = builder.GetMethods().Where(m => m.Name.StartsWith("With", StringComparison.Ordinal))
            .Select(m => m.Name + "(" + string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name)) + ")")
            .OrderBy(m => m, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "WithDocuments(String documents)", "WithQuestion(String question)", "WithTone(String tone)", "WithUserName(String userName)" }, methods);
        Assert.Same(builder, builder.GetMethod("WithTone")!.ReturnType);
        Assert.Equal(typeof(BudgetedPrompt), builder.GetMethod("Build")!.ReturnType);
    }

    [Fact]
    public void WithMethodsRejectNull()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Support);
        object builder = prompts.CreateBuilder("Contoso.Prompts.SupportPrompt");
        ArgumentNullException exception = Assert.Throws<ArgumentNullException>(() => LoadedPrompts.With(builder, "WithUserName", null));
        Assert.Equal("userName", exception.ParamName);
        Assert.Same(builder, LoadedPrompts.With(builder, "WithTone", "briefly"));
    }

    [Fact]
    public void BuildFillsThePlaceholdersInOrder()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Support);
        object builder = prompts.CreateBuilder("Contoso.Prompts.SupportPrompt");
        LoadedPrompts.With(builder, "WithTone", "briefly");
        LoadedPrompts.With(builder, "WithDocuments", "Doc A. Doc B.");
        LoadedPrompts.With(builder, "WithUserName", "Ana");
        LoadedPrompts.With(builder, "WithQuestion", "Where is my order?");
        BudgetedPrompt prompt = LoadedPrompts.Build(builder);

        Assert.Equal(
            new[] { "You are Contoso's support agent. Answer briefly.", "Use only these documents:\nDoc A. Doc B.", "Question from Ana (briefly): Where is my order?" },
            prompt.Messages.Select(m => m.Content));
        Assert.Equal(new[] { PromptRole.System, PromptRole.User, PromptRole.User }, prompt.Messages.Select(m => m.Role));
        Assert.Equal("customer", prompt.Messages[2].Name);
        Assert.True(prompt.InputTokens <= prompt.InputBudget);
    }

    [Fact]
    public void BuildCutsValuesToTheGeneratedBudgets()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "o200k_base", ReservedOutput = 200)]
            public partial class Small
            {
                [PromptTemplate(Role = PromptRole.System), TokenBudget(50)]
                public const string Rules = "Answer in one sentence.";

                [PromptTemplate, TokenBudget(Percent = 25, Truncation = Truncation.KeepEnd)]
                public const string History = "Earlier: {history}";

                [PromptTemplate, TokenBudget(30, Truncation = Truncation.Fail)]
                public const string Question = "Q: {question}";
            }
            """;
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        string history = string.Concat(Enumerable.Repeat("The customer asked about invoices again. ", 200));

        object builder = prompts.CreateBuilder("Small");
        LoadedPrompts.With(builder, "WithHistory", history);
        LoadedPrompts.With(builder, "WithQuestion", "Why?");
        BudgetedPrompt prompt = LoadedPrompts.Build(builder);
        Assert.Equal(800, prompt.InputBudget);
        Assert.True(prompt.InputTokens <= 800);
        PromptSegment segment = prompt.Segments.Single(s => s.Name == "History");
        Assert.Equal(200, segment.Allocation);
        Assert.True(segment.IsTruncated);
        Assert.True(segment.Tokens <= 200);
        Assert.EndsWith("invoices again. ", prompt.Messages[1].Content, StringComparison.Ordinal);

        object failing = prompts.CreateBuilder("Small");
        LoadedPrompts.With(failing, "WithHistory", "short");
        LoadedPrompts.With(failing, "WithQuestion", history);
        TokenBudgetExceededException exception = Assert.Throws<TokenBudgetExceededException>(() => LoadedPrompts.Build(failing));
        Assert.True(exception.Allocation <= 30, "the value's room comes from Question's 30 tokens");
        Assert.Contains("uestion", exception.Segment, StringComparison.Ordinal);
    }

    [Fact]
    public void ApproximateModelsCountWithTheMarginAndSayTheyAreApproximate()
    {
        var model = Catalog.Approximate;
        string source = """
            using PromptAnalyzers;
            [TokenBudget(Model = "APPROXIMATE")]
            public partial class Approx
            {
                [PromptTemplate] public const string Ask = "Summarise the following report for an executive audience: {report}";
            }
            """.Replace("APPROXIMATE", model.Name, StringComparison.Ordinal);
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        GeneratorHarness.AssertClean(result.Output);
        LoadedPrompts prompts = LoadedPrompts.Load(result.Output);
        int exact = Count(model.Encoding, "Summarise the following report for an executive audience: ");
        Assert.Equal(BudgetMath.ApplyMargin(exact, model.ApproximationMargin), prompts.TokenCount("Approx", "Ask"));
        Assert.True(prompts.TokenCount("Approx", "Ask") > exact);
        PromptDefinition definition = prompts.Definition("Approx");
        Assert.Equal(model.ApproximationMargin, definition.ApproximationMargin);
        Assert.Equal(model.ContextWindow, definition.TotalTokens);
        Assert.Equal(model.Encoding, definition.Encoding);
        Assert.Equal(exact, definition.Templates[0].StaticTokens);
        string generated = result.Sources.Single().SourceText.ToString();
        Assert.Contains(Catalog.Description(model), generated, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodingOverridesTheModelsAndWorksWithoutAModel()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(4_096, Encoding = "cl100k_base")]
            public partial class Plain
            {
                [PromptTemplate] public const string Ask = "Hello {name}, how are you today?";
            }
            [TokenBudget(Model = "gpt-4o", Encoding = "cl100k_base", ReservedOutput = 100)]
            public partial class Overridden
            {
                [PromptTemplate] public const string Ask = "Hello {name}, how are you today?";
            }
            """;
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        Assert.Equal(Count("cl100k_base", "Hello , how are you today?"), prompts.TokenCount("Plain", "Ask"));
        Assert.Equal("cl100k_base", prompts.Definition("Plain").Encoding);
        Assert.Null(prompts.Definition("Plain").Model);
        Assert.Equal(4_096, prompts.Definition("Plain").TotalTokens);
        PromptDefinition overridden = prompts.Definition("Overridden");
        Assert.Equal("cl100k_base", overridden.Encoding);
        Assert.Equal(Catalog.Get("gpt-4o").ContextWindow, overridden.TotalTokens);
        Assert.Equal(100, overridden.ReservedOutput);
    }

    [Fact]
    public void OutputIsDeterministic()
    {
        string first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Support)).Sources.Single().SourceText.ToString();
        string second = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Support)).Sources.Single().SourceText.ToString();
        Assert.Equal(first, second);
        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"PromptAnalyzers\", ", first, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsOnGeneratedMembersStateCountsAndAllocations()
    {
        string generated = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Support)).Sources.Single().SourceText.ToString();
        int system = Count("o200k_base", "You are Contoso's support agent. Answer .");
        Assert.Contains($"/// Static text of <c>System</c>: {system} tokens (o200k_base).", generated, StringComparison.Ordinal);
        Assert.Contains("/// Allocation: 200 tokens.", generated, StringComparison.Ordinal);
        Assert.Contains("/// Allocation: 60 % of the input budget (9000 tokens).", generated, StringComparison.Ordinal);
        Assert.Contains("model gpt-4o-mini, budget 16000 tokens (input 15000, reserved output 1000), counted with o200k_base.", generated, StringComparison.Ordinal);
        int overhead = 3 + (3 + Count("o200k_base", "system")) + (3 + Count("o200k_base", "user"))
            + (3 + Count("o200k_base", "user") + 1 + Count("o200k_base", "customer"));
        Assert.Contains($" Chat overhead: {overhead} tokens.", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedCodeMatchesTheSnapshot()
    {
        // The reviewed shape of the output. To accept a deliberate change: set UPDATE_SNAPSHOTS=1, run, review the diff.
        string generated = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Support)).Sources.Single().SourceText.ToString();
        string path = System.IO.Path.Combine(TestPaths.RepoRoot(), "tests", "PromptAnalyzers.Generators.Tests", "Snapshots", "SupportPrompt.g.cs.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            System.IO.File.WriteAllText(path, generated);
        }

        Assert.Equal(System.IO.File.ReadAllText(path), generated);
    }

    [Fact]
    public void CSharp73ConsumersGetCodeWithoutNullableSyntax()
    {
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Support, LanguageVersion.CSharp7_3, Microsoft.CodeAnalysis.NullableContextOptions.Disable));
        GeneratorHarness.AssertClean(result.Output);
        string generated = result.Sources.Single().SourceText.ToString();
        Assert.DoesNotContain("#nullable", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("string?", generated, StringComparison.Ordinal);
        LoadedPrompts prompts = LoadedPrompts.Load(result.Output);
        Assert.Equal(3, prompts.Definition("Contoso.Prompts.SupportPrompt").Templates.Count);
    }

    [Theory]
    [InlineData("public static class NotPartial { [PromptTemplate] public const string A = \"x\"; }")]
    [InlineData("public partial class NotConst { [PromptTemplate] public static readonly string A = \"x\"; }")]
    [InlineData("public partial class Malformed { [PromptTemplate] public const string A = \"x {\"; }")]
    [InlineData("[TokenBudget(Model = \"no-such-model\")] public partial class UnknownModel { [PromptTemplate] public const string A = \"x\"; }")]
    [InlineData("public partial class NoBudget { [PromptTemplate] public const string A = \"x\"; }")]
    [InlineData("[TokenBudget(-1, Encoding = \"o200k_base\")] public partial class Negative { [PromptTemplate] public const string A = \"x\"; }")]
    [InlineData("[TokenBudget(100, Encoding = \"p50k_base\")] public partial class BadEncoding { [PromptTemplate] public const string A = \"x\"; }")]
    [InlineData("[TokenBudget(100, Encoding = \"o200k_base\")] public partial class Conflict { [PromptTemplate] public const string A = \"x\"; public int Builder; }")]
    [InlineData("[TokenBudget(100, Encoding = \"o200k_base\")] public partial class Same { [PromptTemplate] public const string A = \"{user_name} {userName}\"; }")]
    [InlineData("[TokenBudget(100, Encoding = \"o200k_base\")] public partial class Missing { [PromptTemplate, TokenBudget(5, Placeholder = \"nope\")] public const string A = \"{x}\"; }")]
    [InlineData("[TokenBudget(100, Encoding = \"o200k_base\")] public partial class Pct { [PromptTemplate, TokenBudget(Percent = 101)] public const string A = \"{x}\"; }")]
    public void WhatCannotBeGeneratedIsSkippedSilently(string declaration)
    {
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("using PromptAnalyzers;\n" + declaration));
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void OverBudgetPromptsStillGenerate()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(50, Encoding = "o200k_base")]
            public partial class Tight
            {
                [PromptTemplate, TokenBudget(2)] public const string A = "This static text is far longer than two tokens {x}";
            }
            """;
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        Assert.Equal(TokenAllocation.Fixed(2), prompts.Definition("Tight").Templates[0].Allocation);
    }
}
