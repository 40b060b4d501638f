using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace PromptAnalyzers.Generators.Tests.Reliability;

/// <summary>The generator's output is byte-identical across runs and across the order of the source files (issue 7.3).</summary>
public class DeterminismTests
{
    private static readonly string[] s_sources = Enumerable.Range(0, 12).Select(i => $$"""
        using PromptAnalyzers;
        namespace Order{{i % 3}}
        {
            [TokenBudget({{1_000 + i}}, Model = "{{(i % 2 == 0 ? "gpt-4o" : "gpt-4")}}", ReservedOutput = 100)]
            public partial class Prompt{{i}}
            {
                [PromptTemplate(Role = PromptRole.System)] public const string System = "You are prompt {{i}}: {tone}.";
                [PromptTemplate] [TokenBudget(Percent = 50, Truncation = Truncation.Sentences)] public const string Context = "Docs:\n{docs}";
                [PromptTemplate] public const string Question = "Q{{i}}: {question}";
            }
        }
        """).Concat(new[]
        {
            // One type split over two files, and two types whose names differ only in case.
            "using PromptAnalyzers;\nnamespace Split { [TokenBudget(900, Encoding = \"cl100k_base\")] public partial class Halves { [PromptTemplate] public const string A = \"first {a}\"; } }",
            "using PromptAnalyzers;\nnamespace Split { public partial class Halves { [PromptTemplate] public const string B = \"second {b}\"; } }",
            "using PromptAnalyzers;\nnamespace Case { [TokenBudget(900, Encoding = \"cl100k_base\")] public partial class Name { [PromptTemplate] public const string T = \"x {y}\"; } }",
            "using PromptAnalyzers;\nnamespace Case { [TokenBudget(900, Encoding = \"cl100k_base\")] public partial class NAME { [PromptTemplate] public const string T = \"x {y}\"; } }",
        }).ToArray();

    [Fact]
    public void Two_runs_give_byte_identical_output()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(s_sources);
        Assert.Equal(Generate(compilation), Generate(compilation));
    }

    [Fact]
    public void Reordered_files_give_byte_identical_output()
    {
        // The same files (same paths, same text) handed to the compiler in other orders.
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(s_sources);
        SyntaxTree[] trees = compilation.SyntaxTrees.ToArray();
        IReadOnlyList<(string, string)> forward = Generate(compilation);
        var random = new Random(3);
        for (int shuffle = 0; shuffle < 3; shuffle++)
        {
            SyntaxTree[] reordered = trees.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(forward, Generate(compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(reordered)));
        }

        Assert.Equal(forward, Generate(compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(trees.Reverse())));
    }

    /// <summary>Each generated file's hint name and UTF-8 bytes (as base64), in hint-name order.</summary>
    private static IReadOnlyList<(string HintName, string Bytes)> Generate(CSharpCompilation compilation)
    {
        GeneratorResult result = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(result.Output);
        return result.Sources
            .Select(s => (s.HintName, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s.SourceText.ToString()))))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToList();
    }
}
