using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PromptAnalyzers.Benchmarks.Generator;

/// <summary>
/// A synthetic project of many prompt types (issue 6, target 2): each type has three templates of 50 to 500 tokens
/// with one or two placeholders, one file per type, deterministic for a given seed.
/// </summary>
public sealed class SyntheticPrompts
{
    private static readonly string[] s_words =
        ("answer the question using only the documents below and cite each source you use keep it short polite and "
         + "accurate if the documents do not contain the answer say so never invent product names prices or dates "
         + "summarize translate classify extract entities from customer support tickets invoices contracts emails "
         + "release notes incident reports with severity owner status next steps and open questions").Split(' ');

    public SyntheticPrompts(int types, int seed = 1000)
    {
        var random = new Random(seed);
        var trees = new SyntheticTree[types];
        for (int t = 0; t < types; t++)
        {
            var templates = new string[3];
            for (int k = 0; k < templates.Length; k++)
            {
                templates[k] = Template(random, words: random.Next(40, 400), placeholders: 1 + random.Next(2));
            }

            trees[t] = new SyntheticTree($"Prompt{t:D4}", templates);
        }

        Types = trees;
        Trees = Array.ConvertAll(trees, tree => Parse(tree.Name, tree.Templates));
        Compilation = GeneratorRun.CompilationOf(Trees);
    }

    public IReadOnlyList<SyntheticTree> Types { get; }

    public SyntaxTree[] Trees { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary>The compilation with type <paramref name="type"/>'s first template changed to text never seen before.</summary>
    public CSharpCompilation WithEditedTemplate(int type, int edition)
    {
        SyntheticTree edited = Types[type];
        var templates = (string[])edited.Templates.Clone();
        templates[0] = templates[0] + " Revision " + edition + ".";
        return Compilation.ReplaceSyntaxTree(Trees[type], Parse(edited.Name, templates));
    }

    public static SyntaxTree Parse(string name, IReadOnlyList<string> templates)
    {
        var source = new StringBuilder();
        source.Append("using PromptAnalyzers;\n\nnamespace Synthetic;\n\n")
            .Append("[TokenBudget(16_000, Model = \"gpt-4o\", ReservedOutput = 1_000)]\n")
            .Append("public static partial class ").Append(name).Append("\n{\n");
        for (int k = 0; k < templates.Count; k++)
        {
            source.Append(k == 0 ? "    [PromptTemplate(Role = PromptRole.System)]\n" : "    [PromptTemplate]\n")
                .Append("    public const string Template").Append(k).Append(" = \"").Append(templates[k]).Append("\";\n\n");
        }

        source.Append("}\n");
        return CSharpSyntaxTree.ParseText(source.ToString(), GeneratorRun.ParseOptions, path: name + ".cs");
    }

    private static string Template(Random random, int words, int placeholders)
    {
        var text = new StringBuilder();
        int[] at = new int[placeholders];
        for (int p = 0; p < placeholders; p++)
        {
            at[p] = random.Next(words);
        }

        for (int w = 0; w < words; w++)
        {
            text.Append(w == 0 ? string.Empty : w % 17 == 0 ? ". " : " ").Append(s_words[random.Next(s_words.Length)]);
            for (int p = 0; p < placeholders; p++)
            {
                if (at[p] == w)
                {
                    text.Append(" {value").Append(p).Append('}');
                }
            }
        }

        return text.Append('.').ToString();
    }
}

/// <summary>One synthetic prompt type: its name and template texts.</summary>
public sealed record SyntheticTree(string Name, string[] Templates);
