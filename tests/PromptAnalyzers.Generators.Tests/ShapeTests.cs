using System;
using System.Linq;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

public class ShapeTests
{
    [Fact]
    public void TemplateNamedSystemDoesNotHideTheSystemNamespace()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "o200k_base")]
            public partial class Hiding
            {
                [PromptTemplate(Role = PromptRole.System)] public const string System = "Be brief {about}.";
                [PromptTemplate] public const string PromptAnalyzers = "About {about}.";
                [PromptTemplate] public new const string ToString = "As a string {about}.";
                [PromptTemplate] public new const string GetHashCode = "Hash {about}.";
            }
            """;
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        Assert.Equal(new[] { "System", "PromptAnalyzers", "ToString", "GetHashCode" }, prompts.Definition("Hiding").Templates.Select(t => t.Name));
        Assert.True(prompts.TokenCount("Hiding", "ToString") > 0);
    }

    [Fact]
    public void NestedGenericStructRecordAndNamespaces()
    {
        const string source = """
            using PromptAnalyzers;
            namespace A.B;

            public partial class Outer<T, U>
            {
                internal partial struct Middle
                {
                    [TokenBudget(1_000, Encoding = "o200k_base")]
                    public partial record Inner<V>
                    {
                        [PromptTemplate] public const string Ask = "Inner {value}";
                    }
                }

                [TokenBudget(1_000, Encoding = "o200k_base")]
                public partial record struct Pair
                {
                    [PromptTemplate] public const string Ask = "Pair {value}";
                }
            }

            [TokenBudget(1_000, Encoding = "o200k_base")]
            public partial struct Plain
            {
                [PromptTemplate] public const string Ask = "Plain {value}";
            }

            public static partial class Host
            {
                [TokenBudget(1_000, Encoding = "o200k_base")]
                public ref partial struct RefPrompt
                {
                    [PromptTemplate] public const string Ask = "Ref {value}";
                }
            }
            """;
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        GeneratorHarness.AssertClean(result.Output);
        Assert.Equal(
            new[] { "A.B.Host.RefPrompt.PromptAnalyzers.g.cs", "A.B.Outer`2.Middle.Inner`1.PromptAnalyzers.g.cs", "A.B.Outer`2.Pair.PromptAnalyzers.g.cs", "A.B.Plain.PromptAnalyzers.g.cs" },
            result.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        LoadedPrompts prompts = LoadedPrompts.Load(result.Output);
        Assert.True(prompts.TokenCount("A.B.Outer`2+Middle+Inner`1", "Ask") > 0);
        Assert.True(prompts.TokenCount("A.B.Outer`2+Pair", "Ask") > 0);
        Assert.Equal("Plain {value}", prompts.Definition("A.B.Plain").Templates.Single().Template);
        Assert.Equal("Ref {value}", prompts.Definition("A.B.Host+RefPrompt").Templates.Single().Template);
    }

    [Fact]
    public void GlobalNamespaceAndPartsInSeveralFiles()
    {
        string first = """
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "o200k_base")]
            public partial class Split
            {
                [PromptTemplate(Role = PromptRole.System)] public const string First = "One {a}";
                public const string NotATemplate = "ignored {";
                [PromptTemplate] public const string Second = "Two {b}";
            }
            """;
        string second = """
            using PromptAnalyzers;
            public partial class Split
            {
                [PromptTemplate] public const string Third = "Three {a} {c}";
            }
            """;
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(new[] { first, second }));
        GeneratorHarness.AssertClean(result.Output);
        Assert.Equal("Split.PromptAnalyzers.g.cs", result.Sources.Single().HintName);
        PromptDefinition definition = LoadedPrompts.Load(result.Output).Definition("Split");
        Assert.Equal(new[] { "First", "Second", "Third" }, definition.Templates.Select(t => t.Name));
        Assert.Equal(new[] { "a", "b", "c" }, definition.Placeholders);
    }

    [Fact]
    public void TypeWithoutPlaceholdersGetsABuilderWithOnlyBuild()
    {
        const string source = """
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "o200k_base")]
            public partial class Fixed
            {
                [PromptTemplate] public const string Only = "No holes here.";
            }
            """;
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        Assert.DoesNotContain(prompts.Type("Fixed+Builder").GetMethods(), m => m.Name.StartsWith("With", StringComparison.Ordinal));
        Assert.Empty(prompts.Definition("Fixed").Placeholders);
    }

    [Fact]
    public void TypesWhoseNamesDifferOnlyInCaseGetDistinctFiles()
    {
        const string source = """
            using PromptAnalyzers;
            namespace N
            {
                [TokenBudget(1_000, Encoding = "o200k_base")]
                public partial class Prompt { [PromptTemplate] public const string A = "Upper {x}"; }

                [TokenBudget(1_000, Encoding = "o200k_base")]
                public partial class prompt { [PromptTemplate] public const string A = "Lower {x}"; }
            }
            """;
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        GeneratorHarness.AssertClean(result.Output);
        Assert.Equal(2, result.Sources.Length);
        Assert.Equal(2, result.Sources.Select(s => s.HintName.ToUpperInvariant()).Distinct().Count());
        LoadedPrompts prompts = LoadedPrompts.Load(result.Output);
        Assert.Equal("Upper {x}", prompts.Definition("N.Prompt").Templates.Single().Template);
        Assert.Equal("Lower {x}", prompts.Definition("N.prompt").Templates.Single().Template);
    }
}
