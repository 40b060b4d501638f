using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using PromptAnalyzers.Generators.Diagnostics;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Catalog;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

public class AnalyzerTests
{
    private static int Count(string encoding, string text) => TiktokenEncodings.Get(encoding).CountTokens(text);

    internal static string CatalogExamples => string.Join(", ",
        ModelCatalogData.Builtin.Models.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).Take(4));

    private static CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier> CreateTest(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<PromptAnalyzer, DefaultVerifier>
        {
            TestCode = "using PromptAnalyzers;\n" + source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        test.TestState.AdditionalReferences.Add(typeof(PromptDefinition).Assembly);
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private static Task Verify(string source, params DiagnosticResult[] expected) => CreateTest(source, expected).RunAsync();

    private static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    [Fact]
    public async Task ACleanPromptHasNoDiagnostics()
    {
        await Verify("""
            [TokenBudget(16_000, Model = "gpt-4o-mini", ReservedOutput = 1_000)]
            partial class SupportPrompt
            {
                [PromptTemplate(Role = PromptRole.System), TokenBudget(200)]
                public const string System = "You are Contoso's support agent. Answer {tone}.";

                [PromptTemplate, TokenBudget(Percent = 60, Truncation = Truncation.Sentences)]
                [TokenBudget(2_000, Placeholder = "documents")]
                public const string Context = "Use only these documents:\n{documents}";

                [PromptTemplate]
                public const string Question = "Question: {question}";
            }
            """);
    }

    [Fact]
    public async Task Prompt001FixedAllocation()
    {
        int tokens = Count("o200k_base", "You are Contoso's support agent. Answer .");
        await Verify("""
            [TokenBudget(1_000, Model = "gpt-4o")]
            partial class P
            {
                [PromptTemplate(Role = PromptRole.System), TokenBudget(5)]
                public const string System = {|#0:"You are Contoso's support agent. Answer {tone}."|};
            }
            """,
            Diagnostic(DiagnosticDescriptors.StaticTextExceedsAllocation).WithLocation(0).WithArguments("System", tokens.ToString(), "o200k_base", "5"));
    }

    [Fact]
    public async Task Prompt001PercentAllocationStatesTheInputBudget()
    {
        int tokens = Count("cl100k_base", "Twenty words of static text that are definitely more than five tokens long. ");
        await Verify("""
            [TokenBudget(120, Encoding = "cl100k_base", ReservedOutput = 20)]
            partial class P
            {
                [PromptTemplate, TokenBudget(Percent = 5)]
                public const string Ask = {|#0:"Twenty words of static text that are definitely more than five tokens long. {x}"|};
            }
            """,
            Diagnostic(DiagnosticDescriptors.StaticTextExceedsAllocation).WithLocation(0)
                .WithArguments("Ask", tokens.ToString(), "cl100k_base", "5 (5 % of the input budget 100)"));
    }

    [Fact]
    public async Task Prompt001ApproximateModelsSayApproximate()
    {
        ModelEntry model = Catalog.Approximate;
        int exact = Count(model.Encoding, "Summarise the report below for an executive audience: ");
        await Verify("""
            [TokenBudget(Model = "APPROXIMATE")]
            partial class P
            {
                [PromptTemplate, TokenBudget(8)]
                public const string Ask = {|#0:"Summarise the report below for an executive audience: {report}"|};
            }
            """.Replace("APPROXIMATE", model.Name, StringComparison.Ordinal),
            Diagnostic(DiagnosticDescriptors.StaticTextExceedsAllocation).WithLocation(0)
                .WithArguments("Ask", BudgetMath.ApplyMargin(exact, model.ApproximationMargin).ToString(), Catalog.Description(model), "8"));
    }

    [Fact]
    public async Task Prompt002IncludesStaticTextOfRemainderTemplatesAndChatOverhead()
    {
        int overhead = 3 + (3 + Count("o200k_base", "system")) + (3 + Count("o200k_base", "user") + 1 + Count("o200k_base", "ana"))
            + (3 + Count("o200k_base", "user"));
        int remainderStatic = Count("o200k_base", "Question: ");
        int needed = 60 + 30 + remainderStatic + overhead;
        await Verify("""
            [{|#0:TokenBudget(100, Encoding = "o200k_base")|}]
            partial class P
            {
                [PromptTemplate(Role = PromptRole.System), TokenBudget(60)]
                public const string A = "Be brief.";

                [PromptTemplate(Name = "ana"), TokenBudget(Percent = 30)]
                public const string B = "{x}";

                [PromptTemplate]
                public const string C = "Question: {q}";
            }
            """,
            Diagnostic(DiagnosticDescriptors.AllocationsExceedInputBudget).WithLocation(0)
                .WithArguments("P", needed.ToString(), "o200k_base", overhead.ToString(), "100", "100", "0"));
        Assert.True(needed > 100 && 60 + 30 <= 100, "the overrun must come from static text and overhead");
    }

    [Fact]
    public async Task Prompt003UnknownModel()
    {
        await Verify("""
            [TokenBudget(Model = {|#0:"gpt-99"|})]
            partial class P
            {
                [PromptTemplate] public const string A = "x";
            }
            """,
            Diagnostic(DiagnosticDescriptors.UnknownModel).WithLocation(0)
                .WithArguments("P", "model 'gpt-99' is not in the model catalog and no Encoding is given", CatalogExamples));
    }

    [Fact]
    public async Task Prompt003NoModelAndNoEncoding()
    {
        await Verify("""
            partial class {|#0:P|}
            {
                [PromptTemplate] public const string A = "x";
            }
            """,
            Diagnostic(DiagnosticDescriptors.UnknownModel).WithLocation(0).WithArguments("P", "it names no Model and no Encoding", CatalogExamples));
    }

    [Fact]
    public async Task Prompt003IsNotReportedWhenAnEncodingIsGiven()
    {
        await Verify("""
            [TokenBudget(500, Model = "my-private-model", Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate] public const string A = "x {y}";
            }
            """);
    }

    [Theory]
    [InlineData("\"Hello {name\"", 6, 1, "'{' opens a placeholder that is never closed (write '{{' for a literal brace)")]
    [InlineData("\"Hello name} and more\"", 10, 1, "'}' closes no placeholder (write '}}' for a literal brace)")]
    [InlineData("\"Say {} now\"", 4, 2, "'{}' is a placeholder without a name")]
    [InlineData("\"Say {{ok}} {1x} now\"", 11, 4, "'{1x}' is not a valid placeholder name (use letters, digits and '_', not starting with a digit)")]
    [InlineData("\"Hi {a b}\"", 3, 5, "'{a b}' is not a valid placeholder name (use letters, digits and '_', not starting with a digit)")]
    public async Task Prompt004PointsAtTheExactCharacters(string literal, int offset, int length, string detail)
    {
        const string prefix = "    [PromptTemplate] public const string A = ";
        int column = prefix.Length + 1 + 1 + offset; // 1-based column, past the opening quote
        await Verify($$"""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
            {{prefix}}{{literal}};
            }
            """,
            Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithSpan(5, column, 5, column + length).WithArguments("A", detail));
    }

    [Theory]
    [InlineData("\"tab\\t then {\"")]
    [InlineData("@\"verbatim {\"")]
    [InlineData("\"\"\"raw {\"\"\"")]
    [InlineData("\"a\" + \"{\"")]
    public async Task Prompt004MarksTheWholeInitializerWhenOffsetsDoNotMap(string initializer)
    {
        const string prefix = "    [PromptTemplate] public const string A = ";
        int column = prefix.Length + 1;
        await Verify($$"""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
            {{prefix}}{{initializer}};
            }
            """,
            Diagnostic(DiagnosticDescriptors.MalformedTemplate).WithSpan(5, column, 5, column + initializer.Length)
                .WithArguments("A", "'{' opens a placeholder that is never closed (write '{{' for a literal brace)"));
    }

    [Fact]
    public async Task Prompt005TemplateMustBeConstString()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate] public static readonly string {|#0:A|} = "x";
                [PromptTemplate] public const int {|#1:B|} = 3;
            }
            """,
            Diagnostic(DiagnosticDescriptors.TemplateMustBeConstString).WithLocation(0).WithArguments("A", "P"),
            Diagnostic(DiagnosticDescriptors.TemplateMustBeConstString).WithLocation(1).WithArguments("B", "P"));
    }

    [Fact]
    public async Task Prompt005IsNotAddedToACompilerErrorInTheInitializer()
    {
        var test = CreateTest("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate] public const string A = {|CS0103:NotDefined|};
            }
            """);
        await test.RunAsync();
    }

    [Fact]
    public async Task Prompt006TypeAndContainingTypesMustBePartial()
    {
        await Verify("""
            class {|#0:Outer|}
            {
                [TokenBudget(500, Encoding = "o200k_base")]
                partial class P
                {
                    [PromptTemplate] public const string A = "x";
                }
            }

            [TokenBudget(500, Encoding = "o200k_base")]
            class {|#1:Q|}
            {
                [PromptTemplate] public const string A = "x";
            }

            [TokenBudget(500, Encoding = "o200k_base")]
            file partial class {|#2:F|}
            {
                [PromptTemplate] public const string A = "x";
            }

            partial interface {|#3:I|}
            {
                [PromptTemplate] public const string A = "x";
            }
            """,
            Diagnostic(DiagnosticDescriptors.TypeMustBePartial).WithLocation(0).WithArguments("Containing type", "Outer", "P"),
            Diagnostic(DiagnosticDescriptors.TypeMustBePartial).WithLocation(1).WithArguments("Type", "Q", "Q"),
            Diagnostic(DiagnosticDescriptors.TypeMustBePartial).WithLocation(2).WithArguments("Type", "F", "F"),
            Diagnostic(DiagnosticDescriptors.TypeMustBePartial).WithLocation(3).WithArguments("Type", "I", "I"));
    }

    [Fact]
    public async Task Prompt007PlaceholderBudgetForAMissingPlaceholder()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate, TokenBudget(5, Placeholder = {|#0:"nope"|})]
                public const string A = "{x} and {y}";
            }
            """,
            Diagnostic(DiagnosticDescriptors.UnknownPlaceholderBudget).WithLocation(0).WithArguments("nope", "A", "{x}, {y}"));
    }

    [Fact]
    public async Task Prompt008InvalidFieldBudgets()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate, TokenBudget(Percent = {|#0:150|})]
                public const string A = "a {x}";

                [PromptTemplate, TokenBudget({|#1:-3|})]
                public const string B = "b {x}";

                [PromptTemplate, TokenBudget(10, Percent = {|#2:5|})]
                public const string C = "c {x}";

                [PromptTemplate, TokenBudget(10, Model = {|#3:"gpt-4o"|})]
                public const string D = "d {x}";

                [PromptTemplate, TokenBudget(10), {|#4:TokenBudget(20)|}]
                public const string E = "e {x}";

                [PromptTemplate, TokenBudget(Truncation = {|#5:(Truncation)9|})]
                public const string F = "f {x}";
            }
            """,
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(0).WithArguments("A", "Percent is 150; it must be within 1 and 100"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(1).WithArguments("B", "Tokens is -3; an allocation cannot be negative"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(2).WithArguments("C", "give Tokens or Percent, not both"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(3).WithArguments("D", "Model applies to the prompt type, not to a template"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(4).WithArguments("E", "a template takes one [TokenBudget] without Placeholder"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(5).WithArguments("F", "Truncation 9 is not a Truncation value"));
    }

    [Fact]
    public async Task Prompt008InvalidTypeBudgets()
    {
        Assert.True(ModelCatalogData.Builtin.TryResolve("gpt-4o", out ModelEntry gpt4o));
        int window = gpt4o.ContextWindow;
        await Verify("""
            [TokenBudget({|#0:-1|}, Encoding = "o200k_base")]
            partial class Negative { [PromptTemplate] public const string A = "x"; }

            [TokenBudget(100, Encoding = {|#1:"p50k_base"|})]
            partial class BadEncoding { [PromptTemplate] public const string A = "x"; }

            [TokenBudget(100, Encoding = "o200k_base", ReservedOutput = {|#2:100|})]
            partial class AllReserved { [PromptTemplate] public const string A = "x"; }

            [TokenBudget(100, Encoding = "o200k_base", ReservedOutput = {|#3:-5|})]
            partial class NegativeReserved { [PromptTemplate] public const string A = "x"; }

            [{|#4:TokenBudget(Encoding = "o200k_base")|}]
            partial class NoWindow { [PromptTemplate] public const string A = "x"; }

            [TokenBudget(100, Encoding = "o200k_base", Percent = {|#5:10|})]
            partial class FieldOnly { [PromptTemplate] public const string A = "x"; }

            [TokenBudget({|#6:TOO_LARGE|}, Model = "gpt-4o")]
            partial class TooLarge { [PromptTemplate] public const string A = "x"; }
            """.Replace("TOO_LARGE", (window + 1).ToString(), StringComparison.Ordinal),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(0).WithArguments("Negative", "Tokens is -1; a budget cannot be negative"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(1).WithArguments("BadEncoding", "Encoding 'p50k_base' is not supported; use cl100k_base or o200k_base"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(2).WithArguments("AllReserved", "ReservedOutput (100) must be less than the total budget (100)"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(3).WithArguments("NegativeReserved", "ReservedOutput is -5; it cannot be negative"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(4).WithArguments("NoWindow", "it has no total budget; give Tokens or a Model whose context window is known"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(5).WithArguments("FieldOnly", "Percent applies to template fields, not to the prompt type"),
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(6).WithArguments("TooLarge",
                $"Tokens ({window + 1}) exceeds the context window of 'gpt-4o' ({window})"));
    }

    [Fact]
    public async Task Prompt008ToolRoleIsNotATemplateRole()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate(Role = {|#0:PromptRole.Tool|})]
                public const string A = "x";
            }
            """,
            Diagnostic(DiagnosticDescriptors.InvalidBudget).WithLocation(0).WithArguments("A",
                "Role Tool is not a template role (a tool result answers a tool call id; templates are System, User, Assistant or Developer messages)"));
    }

    [Fact]
    public async Task Prompt009GeneratedNameConflict()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class {|#0:P|}
            {
                [PromptTemplate] public const string A = "x";
                public static int CreateBuilder() => 0;
            }

            class Base { public class TokenCounts { } }

            [TokenBudget(500, Encoding = "o200k_base")]
            partial class {|#1:Derived|} : Base
            {
                [PromptTemplate] public const string A = "x";
            }
            """,
            Diagnostic(DiagnosticDescriptors.GeneratedNameConflict).WithLocation(0).WithArguments("P", "CreateBuilder"),
            Diagnostic(DiagnosticDescriptors.GeneratedNameConflict).WithLocation(1).WithArguments("Derived", "TokenCounts"));
    }

    [Fact]
    public async Task Prompt010PlaceholdersThatMapToOneMethod()
    {
        await Verify("""
            [TokenBudget(500, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate] public const string A = "Hi {user_name}";
                [PromptTemplate] public const string B = {|#0:"Bye {userName}"|};
            }
            """,
            Diagnostic(DiagnosticDescriptors.PlaceholderMethodConflict).WithLocation(0).WithArguments("user_name", "userName", "P", "WithUserName"));
    }

    private const string TightSource = """
        [TokenBudget(1_000, Encoding = "o200k_base")]
        partial class P
        {
            [PromptTemplate, TokenBudget(ALLOCATION)]
            public const string A = {|#0:"You are Contoso's support agent. Answer {tone}."|};

            [PromptTemplate, TokenBudget(ALLOCATION)]
            public const string NoPlaceholders = "You are Contoso's support agent. Answer now.";
        }
        """;

    [Fact]
    public async Task Prompt011WarnsWhenLittleRoomIsLeftForPlaceholders()
    {
        int tokens = Count("o200k_base", "You are Contoso's support agent. Answer .");
        int allocation = tokens + 1;
        int percent = 100 / allocation;
        await Verify(TightSource.Replace("ALLOCATION", allocation.ToString(), StringComparison.Ordinal),
            Diagnostic(DiagnosticDescriptors.LittleHeadroom).WithLocation(0)
                .WithArguments("A", tokens.ToString(), "o200k_base", allocation.ToString(), "1", percent.ToString(), "{tone}"));
    }

    [Fact]
    public async Task Prompt011ThresholdIsConfigurable()
    {
        int tokens = Count("o200k_base", "You are Contoso's support agent. Answer .");
        var quiet = CreateTest(TightSource.Replace("{|#0:", "", StringComparison.Ordinal).Replace("|};", ";", StringComparison.Ordinal)
            .Replace("ALLOCATION", (tokens + 1).ToString(), StringComparison.Ordinal));
        quiet.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\npromptanalyzers.min_headroom_percent = 0\n"));
        await quiet.RunAsync();

        int allocation = tokens * 2;
        var strict = CreateTest(TightSource.Replace("ALLOCATION", allocation.ToString(), StringComparison.Ordinal),
            Diagnostic(DiagnosticDescriptors.LittleHeadroom).WithLocation(0)
                .WithArguments("A", tokens.ToString(), "o200k_base", allocation.ToString(), tokens.ToString(), "50", "{tone}"));
        strict.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\npromptanalyzers.min_headroom_percent = 60\n"));
        await strict.RunAsync();
    }

    [Fact]
    public async Task PragmaSuppressesADiagnosticAtItsSourceLocation()
    {
        await Verify("""
            [TokenBudget(1_000, Encoding = "o200k_base")]
            partial class P
            {
            #pragma warning disable PROMPT001
                [PromptTemplate, TokenBudget(2)]
                public const string A = "Far more than two tokens of static text {x}";
            #pragma warning restore PROMPT001
            }
            """);
    }

    [Fact]
    public async Task SeverityCanBeChangedInEditorConfig()
    {
        int tokens = Count("o200k_base", "Far more than two tokens of static text ");
        var test = CreateTest("""
            [TokenBudget(1_000, Encoding = "o200k_base")]
            partial class P
            {
                [PromptTemplate, TokenBudget(2)]
                public const string A = {|#0:"Far more than two tokens of static text {x}"|};
            }
            """,
            Diagnostic(DiagnosticDescriptors.StaticTextExceedsAllocation).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
                .WithArguments("A", tokens.ToString(), "o200k_base", "2"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PROMPT001.severity = warning\n"));
        await test.RunAsync();
    }

    [Fact]
    public void EveryDescriptorHasACategoryAHelpLinkAndADocPage()
    {
        string docs = System.IO.Path.Combine(TestPaths.RepoRoot(), "docs", "diagnostics");
        string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot(), "src", "PromptAnalyzers.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in DiagnosticDescriptors.All)
        {
            Assert.False(string.IsNullOrEmpty(descriptor.Category));
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            string page = System.IO.File.ReadAllText(System.IO.Path.Combine(docs, descriptor.Id + ".md"));
            Assert.Contains("dotnet_diagnostic." + descriptor.Id + ".severity", page, StringComparison.Ordinal);
            Assert.Contains(descriptor.Id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity, unshipped, StringComparison.Ordinal);
        }
    }
}
