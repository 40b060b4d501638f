using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Generators.Tests;

public class EscapingTests
{
    private static readonly string[] s_templates =
    {
        "quote \" and backslash \\ and \\n not a newline {x}",
        "triple \"\"\" quotes and \"\"\"\" more {x}",
        "end of comment */ and /* start, <!-- xml --> & <b>tags</b> {x}",
        "#if DEBUG\n#error no\n#endif\n#region r {x}",
        "nul \0 char and bell \a {x}",
        "lone \uD800 high and \uDC00 low surrogate {x}",
        "crlf\r\nline and lone cr\rline and lf\nline {x}",
        "line separator\u2028paragraph separator\u2029next line\u0085 {x}",
        "emoji 👩‍💻 and 😀 and CJK 漢字 and RTL שלום {x}",
        "{{literal}} braces }} and {{ {x}",
        "keywords {class} {event} {return}",
        "digits and underscores {_1st} {a_2} {x9} {__b}",
        "\t tabs and \v vertical \f feed {x}",
        "<|endoftext|> looks special {x}",
        "",
    };

    private static string Source(Func<int, string, string> field) =>
        "using PromptAnalyzers;\n[TokenBudget(100_000, Encoding = \"o200k_base\")]\npublic partial class Escapes\n{\n"
        + string.Concat(s_templates.Select((text, i) => "    [PromptTemplate] public const string T" + i + " = " + field(i, text) + ";\n"))
        + "}\n";

    [Fact]
    public void EveryTemplateRoundTripsExactly()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Source((_, text) => SymbolDisplay.FormatLiteral(text, quote: true)));
        PromptDefinition definition = prompts.Definition("Escapes");
        Assert.Equal(s_templates.Length, definition.Templates.Count);
        for (int i = 0; i < s_templates.Length; i++)
        {
            Assert.Equal(s_templates[i], definition.Templates[i].Template);
            string staticText = TemplateParser.Parse(s_templates[i]).StaticText;
            int expected = TiktokenEncodings.Get("o200k_base").CountTokens(staticText);
            Assert.Equal(expected, prompts.TokenCount("Escapes", "T" + i));
            Assert.Equal(expected, definition.Templates[i].StaticTokens);
        }
    }

    [Fact]
    public void VerbatimAndRawSourceLiteralsRoundTrip()
    {
        const string source = """"
            using PromptAnalyzers;
            [TokenBudget(1_000, Encoding = "cl100k_base")]
            public partial class Literals
            {
                [PromptTemplate] public const string Verbatim = @"C:\temp ""quoted"" {x}
            second line";
                [PromptTemplate] public const string Raw = """
                    raw "quoted" \n {y}
                      indented
                    """;
                [PromptTemplate] public const string Concatenated = "a" + Verbatim + "{z}";
            }
            """";
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(source);
        PromptDefinition definition = prompts.Definition("Literals");
        Assert.Equal("C:\\temp \"quoted\" {x}\nsecond line", definition.Templates[0].Template);
        Assert.Equal("raw \"quoted\" \\n {y}\n  indented", definition.Templates[1].Template);
        Assert.Equal("aC:\\temp \"quoted\" {x}\nsecond line{z}", definition.Templates[2].Template);
    }

    [Fact]
    public void KeywordPlaceholdersGetEscapedParameters()
    {
        LoadedPrompts prompts = GeneratorHarness.GenerateAndLoad(Source((_, text) => SymbolDisplay.FormatLiteral(text, quote: true)));
        Type builder = prompts.Type("Escapes+Builder");
        Assert.Equal("class", builder.GetMethod("WithClass")!.GetParameters().Single().Name);
        Assert.Equal("event", builder.GetMethod("WithEvent")!.GetParameters().Single().Name);
        Assert.Equal("return", builder.GetMethod("WithReturn")!.GetParameters().Single().Name);
        Assert.NotNull(builder.GetMethod("With_1st"));
        Assert.NotNull(builder.GetMethod("WithA2"));
        Assert.NotNull(builder.GetMethod("WithX9"));
        Assert.NotNull(builder.GetMethod("WithB"));
        Assert.Equal(new[] { "x", "class", "event", "return", "_1st", "a_2", "x9", "__b" }, prompts.Definition("Escapes").Placeholders);
    }

    [Fact]
    public void UserTextInDocCommentsIsEscaped()
    {
        // An unknown model with an explicit encoding reaches the doc comments; the docs must stay well-formed XML on one line.
        const string source = "using PromptAnalyzers;\n"
            + "[TokenBudget(1_000, Model = \"my\\u2028model */ <b>&amp;\\r\\nnext\\uD800\", Encoding = \"o200k_base\")]\n"
            + "public partial class Docs { [PromptTemplate] public const string A = \"hi {x}\"; }\n";
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        GeneratorHarness.AssertClean(result.Output);
        string generated = result.Sources.Single().SourceText.ToString();
        Assert.Contains("model my model */ &lt;b&gt;&amp;amp;  next\uFFFD, budget", generated, StringComparison.Ordinal);
        Assert.Equal("my\u2028model */ <b>&amp;\r\nnext\uD800", LoadedPrompts.Load(result.Output).Definition("Docs").Model);
        foreach (string line in generated.Split('\n'))
        {
            Assert.DoesNotContain('\u2028', line);
            Assert.DoesNotContain('\r', line);
        }
    }

    [Fact]
    public void GeneratedSourceIsValidUtf8AndAscii()
    {
        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source((_, text) => SymbolDisplay.FormatLiteral(text, quote: true))));
        string generated = result.Sources.Single().SourceText.ToString();
        Assert.Equal(generated, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(generated)));
    }
}
