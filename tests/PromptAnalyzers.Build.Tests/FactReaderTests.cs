using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace PromptAnalyzers.Build.Tests;

public sealed class FactReaderTests
{
    private const string HandWritten = """
        [assembly: PromptAnalyzers.Reporting.PromptBudgetFact("N.P", "Ask", Order = 2, Role = "system", Placeholders = "a,b",
            Model = "m \"q\" \\ \u2028", Encoding = "cl100k_base", ApproximationMargin = 0.25, StaticTokens = 7, AllocationKind = "percent",
            AllocationValue = 40, AllocationTokens = 400, TotalTokens = 1200, ReservedOutput = 200, InputBudget = 1000,
            ChatOverhead = 9, InputPricePerMillion = "1.5", OutputPricePerMillion = "6", PricesAsOf = "2025-01-02")]
        [assembly: System.Reflection.AssemblyMetadata("k", "v")]
        [assembly: PromptAnalyzers.Reporting.PromptBudgetFact("N.P", "Other")]
        """;

    [Fact]
    public void Every_named_argument_of_a_fact_is_read_without_loading_the_assembly()
    {
        (string name, List<BudgetFact> facts) = BudgetFactReader.Read(new MemoryStream(TestAssemblies.Compile(HandWritten, "Hand")), "fallback");

        Assert.Equal("Hand", name);
        Assert.Equal(2, facts.Count);
        BudgetFact fact = facts[0];
        Assert.Equal(("N.P", "Ask", 2, "system", "a,b"), (fact.Prompt, fact.Template, fact.Order, fact.Role, fact.Placeholders));
        Assert.Equal("m \"q\" \\ \u2028", fact.Model);
        Assert.Equal(("cl100k_base", 0.25, 7), (fact.Encoding, fact.ApproximationMargin, fact.StaticTokens));
        Assert.Equal(("percent", 40, 400), (fact.AllocationKind, fact.AllocationValue, fact.AllocationTokens));
        Assert.Equal((1200, 200, 1000, 9), (fact.TotalTokens, fact.ReservedOutput, fact.InputBudget, fact.ChatOverhead));
        Assert.Equal(("1.5", "6", "2025-01-02"), (fact.InputPricePerMillion, fact.OutputPricePerMillion, fact.PricesAsOf));

        BudgetFact bare = facts[1];
        Assert.Equal(("N.P", "Other", 0, null, null, 0), (bare.Prompt, bare.Template, bare.Order, bare.Role, bare.Model, bare.StaticTokens));
    }

    [Fact]
    public void An_attribute_defined_in_the_assembly_itself_is_read_and_unknown_arguments_are_ignored()
    {
        // As a newer generator might emit it: a property this reader does not know, and an enum-typed one.
        const string source = """
            [assembly: PromptAnalyzers.Reporting.PromptBudgetFact("P", "T", StaticTokens = 3, Future = 42, Kind = PromptAnalyzers.Reporting.Kind.B)]
            namespace PromptAnalyzers.Reporting
            {
                public enum Kind { A, B }

                [System.AttributeUsage(System.AttributeTargets.Assembly, AllowMultiple = true)]
                public sealed class PromptBudgetFactAttribute : System.Attribute
                {
                    public PromptBudgetFactAttribute(string prompt, string template) { }
                    public int StaticTokens { get; set; }
                    public int Future { get; set; }
                    public Kind Kind { get; set; }
                }
            }
            """;

        Exception? failure = Record.Exception(() => BudgetFactReader.Read(new MemoryStream(TestAssemblies.Compile(source, withRuntime: false)), "x"));

        // An enum argument cannot be decoded without its assembly: the reader says so instead of guessing.
        Assert.IsType<BadImageFormatException>(failure);

        (_, List<BudgetFact> facts) = BudgetFactReader.Read(
            new MemoryStream(TestAssemblies.Compile(source.Replace(", Kind = PromptAnalyzers.Reporting.Kind.B", string.Empty, StringComparison.Ordinal), withRuntime: false)), "x");
        Assert.Equal(("P", "T", 3), (facts.Single().Prompt, facts.Single().Template, facts.Single().StaticTokens));
    }

    [Fact]
    public void An_assembly_without_prompts_has_no_facts()
    {
        (string name, List<BudgetFact> facts) = BudgetFactReader.Read(new MemoryStream(TestAssemblies.Compile("public class C { }", "Plain")), "x");

        Assert.Equal("Plain", name);
        Assert.Empty(facts);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_bad_image()
    {
        Assert.Throws<BadImageFormatException>(() => BudgetFactReader.Read(new MemoryStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), "x"));
    }

    [Fact]
    public void The_report_of_a_generated_assembly_holds_the_counts_its_TokenCounts_constants_hold()
    {
        const string source = """
            using PromptAnalyzers;
            namespace Consumer
            {
                [TokenBudget(8_000, Model = "gpt-4o", ReservedOutput = 1_000)]
                public static partial class Support
                {
                    [PromptTemplate(Role = PromptRole.System), TokenBudget(100)]
                    public const string System = "You are Contoso's support agent. Answer {tone}.";

                    [PromptTemplate, TokenBudget(Percent = 50)]
                    public const string Context = "Use only these documents:\n{documents}";

                    [PromptTemplate]
                    public const string Question = "Question: {question}";
                }

                [TokenBudget(20_000, Model = "claude-sonnet-4")]
                public static partial class Claude
                {
                    [PromptTemplate] public const string Ask = "Please answer carefully: {question}";
                }
            }
            """;
        byte[] image = TestAssemblies.Compile(source, "Generated", generate: true);

        (string name, List<BudgetFact> facts) = BudgetFactReader.Read(new MemoryStream(image), "x");
        BudgetReport report = BudgetReport.Create(name, "net10.0", facts);

        var context = new AssemblyLoadContext("BuildTests", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(image));
            Assert.Equal(new[] { "Consumer.Claude", "Consumer.Support" }, report.Prompts.Select(p => p.Type));
            foreach (BudgetReport.PromptEntry prompt in report.Prompts)
            {
                Type counts = assembly.GetType(prompt.Type + "+TokenCounts", throwOnError: true)!;
                foreach (BudgetReport.TemplateEntry template in prompt.Templates)
                {
                    int constant = (int)counts.GetField(template.Name)!.GetRawConstantValue()!;
                    Assert.Equal(constant, template.StaticTokens);
                }
            }

            BudgetReport.PromptEntry support = report.Prompts[1];
            Assert.Equal(new[] { "System", "Context", "Question" }, support.Templates.Select(t => t.Name));
            Assert.Equal(new[] { 100, 3_500 }, support.Templates.Take(2).Select(t => t.AllocationTokens));
            Assert.Equal(7_000 - support.ChatOverhead - 100 - 3_500, support.Templates[2].AllocationTokens);
            Assert.Equal(2.5m, support.InputPricePerMillion);
            Assert.Equal(7_000 * 2.5m / 1_000_000m + 1_000 * 10m / 1_000_000m, support.MaxCostPerCall);
            Assert.True(report.Prompts[0].IsApproximate);
        }
        finally
        {
            context.Unload();
        }
    }
}
