using System.IO;
using PromptAnalyzers.Internal.Catalog;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    /// <summary>Bad catalog text never throws (the generator depends on it) and every error position is consistent.</summary>
    public class RobustnessTests
    {
        private const string Document = """
            {
              "asOf": "2025-01-02",
              "providers": { "acme": { "pricesAsOf": "2025-01-01", "pricesSource": "https://acme.example/pricing" } },
              "models": [
                { "name": "acme-1", "provider": "acme", "aliases": ["a\u00e9\ud83d\ude00"], "families": ["acme-1"],
                  "contextWindow": 32000, "maxInput": 30000, "maxOutput": 2000, "encoding": "o200k_base",
                  "prices": { "input": 1.5e0, "cachedInput": 0.1, "output": 3, "batchDiscount": 0.5,
                              "longContext": { "threshold": 16000, "input": 2, "output": 6 } } },
                { "name": "acme-2", "provider": "acme", "contextWindow": 8192, "maxOutput": 8192, "tokenizer": "approximate",
                  "encoding": "cl100k_base", "approximationMargin": 0.2, "approximationNote": "stand-in", "prices": null }
              ]
            }
            """;

        [Fact]
        public void The_sample_document_is_valid()
        {
            CatalogParseResult result = ModelCatalogData.Parse(Document, "d.json");
            Assert.True(result.Success, string.Join("\n", result.Errors));
            Assert.Equal(2, result.Catalog!.Models.Count);
            Assert.Equal("a\u00e9\U0001F600", result.Catalog.Models[0].Aliases[0]);
        }

        [Fact]
        public void Every_truncation_and_every_deleted_character_gives_errors_with_consistent_positions()
        {
            for (int length = 0; length < Document.Length; length++)
            {
                Check(Document.Substring(0, length));
            }

            for (int index = 0; index < Document.Length; index++)
            {
                Check(Document.Remove(index, 1));
            }
        }

        [Fact]
        public void The_builtin_document_with_each_line_removed_never_throws()
        {
            string path = Path.Combine(BuiltinCatalogTests.FindRepoRoot(), "src", "Shared", "Catalog", "models.json");
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string[] rest = new string[lines.Length - 1];
                System.Array.Copy(lines, 0, rest, 0, i);
                System.Array.Copy(lines, i + 1, rest, i, lines.Length - i - 1);
                Check(string.Join("\n", rest));
            }
        }

        private static void Check(string text)
        {
            CatalogParseResult result = ModelCatalogData.Parse(text, "d.json", ModelCatalogData.Builtin);
            Assert.Equal(result.Success, result.Errors.Count == 0);
            foreach (CatalogError error in result.Errors)
            {
                Assert.InRange(error.Offset, 0, text.Length);
                (int line, int column) = LineAndColumn(text, error.Offset);
                Assert.True((line, column) == (error.Line, error.Column), $"{error} but offset {error.Offset} is ({line},{column}) in:\n{text}");
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            }
        }

        private static (int Line, int Column) LineAndColumn(string text, int offset)
        {
            int line = 1, lineStart = 0;
            for (int i = 0; i < offset; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, offset - lineStart + 1);
        }
    }
}
