using System;
using System.Linq;
using System.Text;
using PromptAnalyzers.Internal.Runtime;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Tests.Runtime;

/// <summary>
/// The builder counts a content from its parts' counts when every junction splits where the parts end; whenever it
/// answers, the answer must be the from-scratch count.
/// </summary>
public class JoinedCountTests
{
    private static readonly string[] s_fragments =
    {
        "word", " word", "Word", "'re", "'ll", "'s", "’s", " ", "  ", "\n", "\r\n", "\n\n", "\t", "123", "4567", "!", "?!", ".",
        "...", "—", "漢字", "かな", "😀", "👨‍👩‍👧", "é", "e\u0301", "'", "\"", "/", "//", "x", "A", "AB", "ab", " 12", "𝐀", "\u00A0",
    };

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase)]
    [InlineData(TiktokenEncodings.O200kBase)]
    public void A_joined_count_is_always_the_from_scratch_count(string encoding)
    {
        var tokenizer = (OrdinaryTiktokenTokenizer)TiktokenEncodings.Get(encoding);
        var random = new Random(4242);
        int answered = 0;
        for (int n = 0; n < 4000; n++)
        {
            string before = Text(random, random.Next(0, 6)).Replace("{", "").Replace("}", "");
            string between = Text(random, random.Next(0, 4)).Replace("{", "").Replace("}", "");
            string after = Text(random, random.Next(0, 6)).Replace("{", "").Replace("}", "");
            string[] values = { Text(random, random.Next(0, 40)), Text(random, random.Next(0, 8)) };
            string templateText = before + "{a}" + between + "{b}" + after;
            var definition = new PromptDefinition("P", encoding, 100_000, 0, new[] { new TemplateDefinition("T", PromptRole.User, templateText) });
            TemplatePlan plan = definition.Plan.Templates[0];
            string content = TemplateFitter.Assemble(plan, values);
            int[] tokens = values.Select(v => tokenizer.CountTokens(v)).ToArray();
            PieceScan?[] scans = values.Select(v => random.Next(2) == 0 ? tokenizer.ScanStart(v, 1_000) : null).ToArray();

            int joined = JoinedCount.TryCount(tokenizer, plan, content, values, tokens, scans);
            if (joined >= 0)
            {
                answered++;
                Assert.True(joined == tokenizer.CountTokens(content), $"'{Escape(content)}': joined {joined}, whole {tokenizer.CountTokens(content)}");
            }
        }

        Assert.True(answered > 600, $"only {answered} of 4000 contents were counted from their parts");
    }

    private static string Text(Random random, int fragments)
    {
        var text = new StringBuilder();
        for (int i = 0; i < fragments; i++)
        {
            text.Append(s_fragments[random.Next(s_fragments.Length)]);
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("\n", "\\n").Replace("\r", "\\r");
}
