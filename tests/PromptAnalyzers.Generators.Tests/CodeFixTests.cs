using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PromptAnalyzers.CodeFixes;
using PromptAnalyzers.Generators.Diagnostics;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

/// <summary>
/// The code fixes, verified by the CodeFix testing package: each fix, then fix-all in the document, the project and the
/// solution (the package runs every scope).
/// </summary>
public class CodeFixTests
{
    private static CSharpCodeFixTest<PromptAnalyzer, TFix, DefaultVerifier> CreateTest<TFix>(string[] sources, string[] fixedSources)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<PromptAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        foreach (string source in sources)
        {
            test.TestState.Sources.Add("using PromptAnalyzers;\n" + source);
        }

        foreach (string source in fixedSources)
        {
            test.FixedState.Sources.Add("using PromptAnalyzers;\n" + source);
        }

        test.TestState.AdditionalReferences.Add(typeof(PromptDefinition).Assembly);
        test.FixedState.AdditionalReferences.Add(typeof(PromptDefinition).Assembly);
        return test;
    }

    private static string Overrun(string name, string tokens) => $$"""
        [TokenBudget(Model = "gpt-4o")]
        public static partial class {{name}}
        {
            [PromptTemplate(Role = PromptRole.System)]
            [TokenBudget({{tokens}})]
            public const string System = {|#0:"You are Contoso's support agent. Answer {tone}."|};
        }
        """;

    private static string Fixed(string name, string tokens) => Overrun(name, tokens).Replace("{|#0:", "").Replace("|};", ";");

    [Fact]
    public async Task PROMPT001_raises_the_allocation_to_the_measured_count()
    {
        var test = CreateTest<RaiseAllocationCodeFix>(new[] { Overrun("Overrun", "5") }, new[] { Fixed("Overrun", "10") });
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.StaticTextExceedsAllocation).WithLocation(0)
            .WithArguments("System", "10", "o200k_base", "5"));

        // At exactly its static count the template has no room left for {tone}: PROMPT011 says so.
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.LittleHeadroom).WithLocation(0)
            .WithArguments("System", "10", "o200k_base", "10", "0", "0", "{tone}"));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.FixedState.Sources[0] = ("/0/Test0.cs", Microsoft.CodeAnalysis.Text.SourceText.From("using PromptAnalyzers;\n" + Overrun("Overrun", "10")));
        test.CodeActionEquivalenceKey = nameof(RaiseAllocationCodeFix) + ".Exact";
        await test.RunAsync();
    }

    [Fact]
    public async Task PROMPT001_headroom_variant_leaves_a_fifth_for_the_placeholders_and_fixes_all()
    {
        var test = CreateTest<RaiseAllocationCodeFix>(
            new[] { Overrun("First", "5"), Overrun("Second", "7") },
            new[] { Fixed("First", "12"), Fixed("Second", "12") });
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.StaticTextExceedsAllocation).WithSpan("/0/Test0.cs", 7, 34, 7, 83)
            .WithArguments("System", "10", "o200k_base", "5"));
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.StaticTextExceedsAllocation).WithSpan("/0/Test1.cs", 7, 34, 7, 83)
            .WithArguments("System", "10", "o200k_base", "7"));
        test.TestState.MarkupHandling = MarkupMode.Ignore;
        test.CodeActionEquivalenceKey = nameof(RaiseAllocationCodeFix) + ".Headroom";
        test.CodeActionIndex = 1;
        await test.RunAsync();
    }

    [Fact]
    public async Task PROMPT002_scales_the_fixed_allocations_down_to_exactly_the_input_budget()
    {
        const string before = """
            [{|#0:TokenBudget(4_000, Model = "gpt-4o", ReservedOutput = 500)|}]
            public static partial class Budgeted
            {
                [PromptTemplate, TokenBudget(2_000)] public const string Documents = "Docs: {documents}";
                [PromptTemplate, TokenBudget(tokens: 1_500)] public const string History = "History: {history}";
                [PromptTemplate, TokenBudget(1_000)] public const string Question = "Question: {question}";
                [PromptTemplate, TokenBudget(Percent = 1)] public const string Note = "Note {note}";
            }
            """;
        const string after = """
            [TokenBudget(4_000, Model = "gpt-4o", ReservedOutput = 500)]
            public static partial class Budgeted
            {
                [PromptTemplate, TokenBudget(1531)] public const string Documents = "Docs: {documents}";
                [PromptTemplate, TokenBudget(tokens: 1149)] public const string History = "History: {history}";
                [PromptTemplate, TokenBudget(766)] public const string Question = "Question: {question}";
                [PromptTemplate, TokenBudget(Percent = 1)] public const string Note = "Note {note}";
            }
            """;
        var test = CreateTest<ScaleAllocationsCodeFix>(new[] { before }, new[] { after });
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.AllocationsExceedInputBudget).WithLocation(0)
            .WithArguments("Budgeted", "4554", "o200k_base", "19", "3500", "4000", "500"));
        await test.RunAsync();
    }

    /// <summary>The PROMPT012 arguments for static text <paramref name="before"/> rewritten to <paramref name="after"/>, counted here.</summary>
    private static object[] Saving(string template, string before, string after, string kinds)
    {
        int b = PromptAnalyzers.Internal.Tokenization.TiktokenEncodings.Get("o200k_base").CountTokens(before);
        int a = PromptAnalyzers.Internal.Tokenization.TiktokenEncodings.Get("o200k_base").CountTokens(after);
        Assert.True(a < b);
        return new object[] { template, kinds, (b - a).ToString(), b.ToString(), a.ToString(), "o200k_base" };
    }

    [Fact]
    public async Task PROMPT012_applies_the_rewrite_to_regular_and_verbatim_literals()
    {
        const string before = """
            [TokenBudget(1_000, Encoding = "o200k_base")]
            public static partial class Tidy
            {
                [PromptTemplate] public const string Regular = {|#0:"You are helpful.   \n\n\n\nAnswer   the {question}."|};
                [PromptTemplate] public const string Verbatim = {|#1:@"Rules:    be ""brief"".   "|};
            }
            """;
        const string after = """
            [TokenBudget(1_000, Encoding = "o200k_base")]
            public static partial class Tidy
            {
                [PromptTemplate] public const string Regular = "You are helpful.\n\nAnswer the {question}.";
                [PromptTemplate] public const string Verbatim = @"Rules: be ""brief"".";
            }
            """;
        var test = CreateTest<RewriteWastefulTextCodeFix>(new[] { before }, new[] { after });
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.WastefulText).WithLocation(0).WithArguments(
            Saving("Regular", "You are helpful.   \n\n\n\nAnswer   the .", "You are helpful.\n\nAnswer the .",
                "trailing white space, runs of spaces inside lines and more than one blank line in a row")));
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.WastefulText).WithLocation(1).WithArguments(
            Saving("Verbatim", "Rules:    be \"brief\".   ", "Rules: be \"brief\".", "trailing white space and runs of spaces inside lines")));
        await test.RunAsync();
    }
}
