using System.Linq;
using PromptAnalyzers.Internal.Catalog;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class ResolutionTests
    {
        [Theory]
        [InlineData("gpt-4o", "gpt-4o")]
        [InlineData("GPT-4O", "gpt-4o")]
        [InlineData("  gpt-4o-mini ", "gpt-4o-mini")]
        [InlineData("gpt-4o-latest", "gpt-4o")]
        [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
        [InlineData("gpt-4o-2024-05-13", "gpt-4o-2024-05-13")]
        [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
        [InlineData("ft:gpt-4o-mini:org::id", "gpt-4o-mini")]
        [InlineData("ft:gpt-4o-mini-2024-07-18:acme:support:9abc", "gpt-4o-mini")]
        [InlineData("ft:gpt-3.5-turbo-0125:personal::abc", "gpt-3.5-turbo")]
        [InlineData("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini")]
        [InlineData("gpt-4.1-2025-04-14", "gpt-4.1")]
        [InlineData("gpt-4-turbo-2024-04-09", "gpt-4-turbo")]
        [InlineData("gpt-4-1106-preview", "gpt-4-turbo")]
        [InlineData("gpt-4-0613", "gpt-4")]
        [InlineData("gpt-4-0314", "gpt-4")]
        [InlineData("gpt-35-turbo", "gpt-3.5-turbo")]
        [InlineData("gpt-3.5-turbo-instruct-0914", "gpt-3.5-turbo-instruct")]
        [InlineData("gpt-5-2025-08-07", "gpt-5")]
        [InlineData("gpt-5-mini-2025-08-07", "gpt-5-mini")]
        [InlineData("gpt-5-chat-latest", "gpt-5-chat-latest")]
        [InlineData("o3-2025-04-16", "o3")]
        [InlineData("o3-mini-2025-01-31", "o3-mini")]
        [InlineData("o4-mini-2025-04-16", "o4-mini")]
        [InlineData("o1-preview-2024-09-12", "o1-preview")]
        [InlineData("openai/gpt-4o", "gpt-4o")]
        [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
        [InlineData("claude-3.5-sonnet", "claude-3-5-sonnet")]
        [InlineData("claude-3-opus-20240229", "claude-3-opus")]
        [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4")]
        [InlineData("anthropic/claude-sonnet-4", "claude-sonnet-4")]
        [InlineData("llama-2-7b-chat", "llama-2")]
        [InlineData("meta-llama/Llama-2-13b-chat-hf", "llama-2")]
        [InlineData("meta-llama/Meta-Llama-3-8B-Instruct", "llama-3")]
        [InlineData("meta-llama/Meta-Llama-3.1-70B-Instruct", "llama-3.1")]
        [InlineData("llama3.1:8b", "llama-3.1")]
        [InlineData("llama3", "llama-3")]
        public void Resolves(string name, string expected)
        {
            Assert.True(ModelCatalogData.Builtin.TryResolve(name, out ModelEntry model), name);
            Assert.Equal(expected, model.Name);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("gpt")]
        [InlineData("gpt-4.5-preview")]
        [InlineData("gpt-4oo")]
        [InlineData("gpt-40")]
        [InlineData("o5")]
        [InlineData("o30")]
        [InlineData("llama-3.2-1b")]
        [InlineData("ft:")]
        [InlineData("mistral-large")]
        [InlineData("xgpt-4o")]
        public void Does_not_resolve(string name)
        {
            Assert.False(ModelCatalogData.Builtin.TryResolve(name, out ModelEntry model), name);
            Assert.Null(model);
        }

        [Fact]
        public void Null_does_not_resolve()
        {
            Assert.False(ModelCatalogData.Builtin.TryResolve(null!, out _));
        }

        [Fact]
        public void Longest_prefix_wins_regardless_of_document_order()
        {
            static ModelEntry Entry(string name) => new ModelEntry(
                name, "x", 1000, null, 10, "cl100k_base", 0, null, null, new[] { name }, null, null, null, null);
            var catalog = new ModelCatalogData("", new[] { Entry("a"), Entry("a-b"), Entry("a-b-c") });
            var reversed = new ModelCatalogData("", new[] { Entry("a-b-c"), Entry("a-b"), Entry("a") });
            foreach (ModelCatalogData c in new[] { catalog, reversed })
            {
                Assert.True(c.TryResolve("a-b-c-2024", out ModelEntry m1));
                Assert.Equal("a-b-c", m1.Name);
                Assert.True(c.TryResolve("a-b-x", out ModelEntry m2));
                Assert.Equal("a-b", m2.Name);
                Assert.True(c.TryResolve("a-bx", out ModelEntry m3));
                Assert.Equal("a", m3.Name);
            }
        }

        [Fact]
        public void Exact_aliases_beat_prefixes()
        {
            // "gpt-4-1106-preview" starts with the family "gpt-4" but is an alias of gpt-4-turbo.
            Assert.True(ModelCatalogData.Builtin.TryResolve("GPT-4-1106-PREVIEW", out ModelEntry model));
            Assert.Equal("gpt-4-turbo", model.Name);
        }

        [Theory]
        [InlineData("gpt4o", "gpt-4o")]
        [InlineData("gpt-4-o", "gpt-4o")]
        [InlineData("claude-sonet-4", "claude-sonnet-4")]
        [InlineData("o4mini", "o4-mini")]
        [InlineData("text-embedding-3-smal", "text-embedding-3-small")]
        public void Suggests_close_names(string typo, string expected)
        {
            var suggestions = ModelCatalogData.Builtin.SuggestNames(typo);
            Assert.NotEmpty(suggestions);
            Assert.Equal(expected, suggestions[0]);
            Assert.True(suggestions.Count <= 3);
            Assert.Equal(suggestions.Count, suggestions.Distinct().Count());
        }

        [Fact]
        public void Suggests_nothing_for_unrelated_names()
        {
            Assert.Empty(ModelCatalogData.Builtin.SuggestNames("mistral-large-2407"));
            Assert.Empty(ModelCatalogData.Builtin.SuggestNames(""));
        }
    }
}
