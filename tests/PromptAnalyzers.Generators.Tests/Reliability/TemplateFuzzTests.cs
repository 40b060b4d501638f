using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;
using Xunit.Abstractions;

namespace PromptAnalyzers.Generators.Tests.Reliability;

/// <summary>
/// Random templates from the adversarial alphabet (issue 7, point 2): for each, the generator and the analyzer do not
/// throw, the generated code compiles without warnings, the template read back from the generated code equals the
/// original exactly, and the build-time count equals a run-time count of the same static text.
/// Fixed seed in CI; PROMPTANALYZERS_FUZZ_CASES and PROMPTANALYZERS_FUZZ_SEED run more or other cases on demand.
/// </summary>
public class TemplateFuzzTests(ITestOutputHelper output)
{
    private const int TemplatesPerType = 100;
    private const int TypesPerCompilation = 10;

    private static readonly string[] s_alphabet =
    {
        "a", "Z", "word", " ", "  ", "\t", "\n", "\r\n", "\r", "\"", "\\", "\"\"\"", "\"\"\"\"", "*/", "/*", "//", "<!--", "-->",
        "<b>", "&amp;", "&", "#", "#if DEBUG", "#endif", "#region", "{{", "}}", "\0", "\uD800", "\uDC00", "\u2028", "\u2029",
        "\u0085", "\u200F", "\u200E", "\u202E", "👩‍💻", "👨‍👩‍👧‍👦", "😀", "漢字", "שלום", "مرحبا", "𝐀's", "𝟏𝟐𝟑", "'re", "123",
        "4567", "!", "?", ".", "…", "\u00A0", "\uFEFF", "<|endoftext|>", "$", "@", "%", "'", "`", "\v", "\f", "\a", "e\u0301",
    };

    private static readonly string[] s_placeholderNames =
    {
        "x", "value", "class", "event", "return", "_1st", "a_2", "x9", "__b", "Question", "userName", "string", "@", "default",
    };

    [Fact]
    public void Random_templates_round_trip_exactly_and_count_the_same_at_build_and_run_time()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("PROMPTANALYZERS_FUZZ_CASES"), out int n) && n > 0 ? n : 10_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("PROMPTANALYZERS_FUZZ_SEED"), out int s) ? s : 20261124;
        var random = new Random(seed);
        int perCompilation = TemplatesPerType * TypesPerCompilation;
        int checkedTemplates = 0;
        for (int batch = 0; checkedTemplates < cases; batch++)
        {
            int count = Math.Min(perCompilation, cases - checkedTemplates);
            var templates = new List<FuzzTemplate>(count);
            for (int i = 0; i < count; i++)
            {
                templates.Add(FuzzTemplate.Create(random));
            }

            CheckBatch(batch, templates, random);
            checkedTemplates += count;
        }

        output.WriteLine($"{checkedTemplates} random templates checked (seed {seed})");
        Assert.True(checkedTemplates >= cases);
    }

    private static void CheckBatch(int batch, List<FuzzTemplate> templates, Random random)
    {
        string encoding = batch % 2 == 0 ? TiktokenEncodings.O200kBase : TiktokenEncodings.Cl100kBase;
        var source = new StringBuilder("using PromptAnalyzers;\n\nnamespace Fuzz;\n\n");
        int types = (templates.Count + TemplatesPerType - 1) / TemplatesPerType;
        for (int t = 0; t < types; t++)
        {
            source.Append("[TokenBudget(10_000_000, Encoding = \"").Append(encoding).Append("\")]\npublic static partial class P").Append(t).Append("\n{\n");
            for (int k = t * TemplatesPerType; k < Math.Min(templates.Count, (t + 1) * TemplatesPerType); k++)
            {
                source.Append("    [PromptTemplate] public const string T").Append(k).Append(" = ").Append(Literal(templates[k].Text, random)).Append(";\n");
            }

            source.Append("}\n\n");
        }

        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source.ToString());
        ImmutableArray<Diagnostic> analyzer = compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PromptAnalyzer()))
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.DoesNotContain(analyzer, d => d.Id == "AD0001");
        Assert.DoesNotContain(analyzer, d => d.Id.StartsWith("PROMPT", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);

        GeneratorResult result = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(result.Output);
        LoadedPrompts loaded = LoadedPrompts.Load(result.Output);
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        for (int t = 0; t < types; t++)
        {
            PromptDefinition definition = loaded.Definition("Fuzz.P" + t);
            for (int k = t * TemplatesPerType, j = 0; k < Math.Min(templates.Count, (t + 1) * TemplatesPerType); k++, j++)
            {
                FuzzTemplate expected = templates[k];
                TemplateDefinition actual = definition.Templates[j];
                Assert.True(expected.Text == actual.Template, $"T{k}: read back {Escape(actual.Template)}, wrote {Escape(expected.Text)}");
                int runtime = tokenizer.CountTokens(expected.StaticText);
                Assert.Equal(runtime, loaded.TokenCount("Fuzz.P" + t, "T" + k));
                Assert.Equal(runtime, actual.StaticTokens);
            }
        }
    }

    /// <summary>The template as a C# literal of a random kind: regular, verbatim or raw (when the text allows it).</summary>
    private static string Literal(string text, Random random)
    {
        bool printable = text.All(c => c >= ' ' && c != '\u007F' && !char.IsSurrogate(c) && c != '\u2028' && c != '\u2029' && c != '\u0085' && c != '\uFEFF');
        switch (random.Next(3))
        {
            case 1 when printable:
                return "@\"" + text.Replace("\"", "\"\"") + "\"";
            case 2 when printable && !text.Contains('"') && text.Length > 0:
                return "\"\"\"" + text + "\"\"\"";
            default:
                return SymbolDisplay.FormatLiteral(text, quote: true);
        }
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c < ' ' || c > '~' ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()));

    private sealed record FuzzTemplate(string Text, string StaticText)
    {
        public static FuzzTemplate Create(Random random)
        {
            var text = new StringBuilder();
            var staticText = new StringBuilder();
            int pieces = random.Next(0, 24);
            for (int i = 0; i < pieces; i++)
            {
                if (random.Next(6) == 0)
                {
                    string name = s_placeholderNames[random.Next(s_placeholderNames.Length)];
                    if (name != "@")
                    {
                        text.Append('{').Append(name).Append('}');
                        continue;
                    }
                }

                string fragment = s_alphabet[random.Next(s_alphabet.Length)];
                staticText.Append(fragment.Replace("{{", "{").Replace("}}", "}"));
                text.Append(fragment);
            }

            return new FuzzTemplate(text.ToString(), staticText.ToString());
        }
    }
}
