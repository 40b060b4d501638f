using System;
using System.Globalization;
using System.IO;
using System.Linq;
using PromptAnalyzers.Internal.Catalog;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class BuiltinCatalogTests
    {
        public static readonly TheoryData<string> RequiredModels = new TheoryData<string>
        {
            "gpt-4o", "gpt-4o-mini", "gpt-4-turbo", "gpt-4", "gpt-3.5-turbo", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
            "gpt-5", "gpt-5-mini", "gpt-5-nano", "o1", "o3", "o3-mini", "o4-mini", "text-embedding-3-small",
            "text-embedding-3-large", "claude-3-opus", "claude-3-5-sonnet", "claude-sonnet-4", "llama-2", "llama-3", "llama-3.1",
        };

        private static ModelEntry Get(string name)
        {
            Assert.True(ModelCatalogData.Builtin.TryGetExact(name, out ModelEntry model), $"'{name}' is not in the built-in catalog.");
            return model;
        }

        [Fact]
        public void Embedded_resource_loads_without_errors()
        {
            Assert.Empty(ModelCatalogData.BuiltinErrors);
            Assert.True(ModelCatalogData.Builtin.Models.Count >= RequiredModels.Count);
            Assert.Equal("2025-08-15", ModelCatalogData.Builtin.AsOf);
        }

        [Fact]
        public void Embedded_resource_matches_the_source_file()
        {
            string path = Path.Combine(FindRepoRoot(), "src", "Shared", "Catalog", "models.json");
            CatalogParseResult fromFile = ModelCatalogData.Parse(File.ReadAllText(path), path);
            Assert.True(fromFile.Success, string.Join("\n", fromFile.Errors));
            Assert.Equal(ModelCatalogData.Builtin, fromFile.Catalog);
        }

        [Theory]
        [MemberData(nameof(RequiredModels))]
        public void Required_model_is_present_with_sane_values(string name)
        {
            ModelEntry model = Get(name);
            Assert.Equal(name, model.Name);
            Assert.True(model.ContextWindow > 0);
            Assert.True(model.ContextWindow >= model.MaxOutput, "window >= max output");
            Assert.True(model.MaxOutput >= 0);
            Assert.True(model.MaxInput is null || (model.MaxInput > 0 && model.MaxInput <= model.ContextWindow));
            Assert.Contains(model.Encoding, new[] { "cl100k_base", "o200k_base" });
            Assert.Equal(model.ApproximationMargin == 0, model.IsExact);
            Assert.Equal(model.IsExact, model.ApproximationNote is null);
            if (!model.IsExact)
            {
                Assert.InRange(model.ApproximationMargin, 0.05, 1.0);
                Assert.DoesNotContain('\n', model.ApproximationNote!);
            }

            if (model.Prices is { } prices)
            {
                Assert.True(prices.Input >= 0);
                Assert.True(prices.Output is null or >= 0);
                Assert.True(prices.CachedInput is null || (prices.CachedInput >= 0 && prices.CachedInput < prices.Input), "cached input is cheaper");
                Assert.True(prices.CacheWrite is null || prices.CacheWrite > prices.Input, "cache writes cost more than input");
                Assert.True(prices.BatchDiscount is null or >= 0 and < 1);
                Assert.True(DateTime.TryParseExact(model.PricesAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
                Assert.StartsWith("https://", model.PricesSource);
            }
            else
            {
                Assert.Null(model.PricesAsOf);
            }
        }

        [Fact]
        public void Every_dated_field_parses()
        {
            Assert.True(DateTime.TryParseExact(ModelCatalogData.Builtin.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
            foreach (ModelEntry model in ModelCatalogData.Builtin.Models.Where(m => m.PricesAsOf is not null))
            {
                Assert.True(DateTime.TryParseExact(model.PricesAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), model.Name);
            }
        }

        [Theory]
        [InlineData("gpt-4o", 128_000, null, 16_384, "o200k_base")]
        [InlineData("gpt-4o-mini", 128_000, null, 16_384, "o200k_base")]
        [InlineData("gpt-4-turbo", 128_000, null, 4_096, "cl100k_base")]
        [InlineData("gpt-4", 8_192, null, 8_192, "cl100k_base")]
        [InlineData("gpt-3.5-turbo", 16_385, null, 4_096, "cl100k_base")]
        [InlineData("gpt-4.1", 1_047_576, null, 32_768, "o200k_base")]
        [InlineData("gpt-4.1-nano", 1_047_576, null, 32_768, "o200k_base")]
        [InlineData("gpt-5", 400_000, 272_000, 128_000, "o200k_base")]
        [InlineData("gpt-5-nano", 400_000, 272_000, 128_000, "o200k_base")]
        [InlineData("o1", 200_000, null, 100_000, "o200k_base")]
        [InlineData("o3", 200_000, null, 100_000, "o200k_base")]
        [InlineData("o3-mini", 200_000, null, 100_000, "o200k_base")]
        [InlineData("o4-mini", 200_000, null, 100_000, "o200k_base")]
        [InlineData("text-embedding-3-small", 8_191, null, 0, "cl100k_base")]
        [InlineData("text-embedding-3-large", 8_191, null, 0, "cl100k_base")]
        [InlineData("claude-3-opus", 200_000, null, 4_096, "cl100k_base")]
        [InlineData("claude-3-5-sonnet", 200_000, null, 8_192, "cl100k_base")]
        [InlineData("claude-sonnet-4", 200_000, null, 64_000, "cl100k_base")]
        [InlineData("llama-2", 4_096, null, 4_096, "cl100k_base")]
        [InlineData("llama-3", 8_192, null, 8_192, "cl100k_base")]
        [InlineData("llama-3.1", 131_072, null, 131_072, "cl100k_base")]
        public void Limits_and_encodings(string name, int window, int? maxInput, int maxOutput, string encoding)
        {
            ModelEntry model = Get(name);
            Assert.Equal((window, maxInput, maxOutput, encoding), (model.ContextWindow, model.MaxInput, model.MaxOutput, model.Encoding));
        }

        [Theory]
        [InlineData("gpt-4o", "2.50", "1.25", "10")]
        [InlineData("gpt-4o-mini", "0.15", "0.075", "0.60")]
        [InlineData("gpt-4.1", "2", "0.50", "8")]
        [InlineData("gpt-5", "1.25", "0.125", "10")]
        [InlineData("o3", "2", "0.50", "8")]
        [InlineData("o4-mini", "1.10", "0.275", "4.40")]
        [InlineData("claude-sonnet-4", "3", "0.30", "15")]
        public void List_prices(string name, string input, string cached, string output)
        {
            ModelPrices prices = Get(name).Prices!;
            Assert.Equal(decimal.Parse(input, CultureInfo.InvariantCulture), prices.Input);
            Assert.Equal(decimal.Parse(cached, CultureInfo.InvariantCulture), prices.CachedInput);
            Assert.Equal(decimal.Parse(output, CultureInfo.InvariantCulture), prices.Output);
            Assert.Equal(0.5m, prices.BatchDiscount);
        }

        [Fact]
        public void Claude_sonnet_4_has_cache_write_and_long_context_prices()
        {
            ModelEntry model = Get("claude-sonnet-4");
            Assert.Equal(3.75m, model.Prices!.CacheWrite);
            LongContextPrices tier = model.Prices.LongContext!;
            Assert.Equal((200_000, 6m, (decimal?)22.5m), (tier.ThresholdTokens, tier.Input, tier.Output));
            Assert.Equal("anthropic", model.Provider);
            Assert.Contains("anthropic.com", model.PricesSource);
        }

        [Fact]
        public void Embeddings_have_no_output_price()
        {
            ModelPrices prices = Get("text-embedding-3-small").Prices!;
            Assert.Equal(0.02m, prices.Input);
            Assert.Null(prices.Output);
        }

        [Theory]
        [InlineData("llama-2")]
        [InlineData("llama-3")]
        [InlineData("llama-3.1")]
        public void Open_weight_models_have_no_price_and_say_so(string name)
        {
            ModelEntry model = Get(name);
            Assert.Null(model.Prices);
            Assert.Null(model.PricesAsOf);
            Assert.Contains("no list price", model.Note);
            Assert.Equal("meta", model.Provider);
        }

        [Fact]
        public void Approximate_models_state_why()
        {
            Assert.True(Get("llama-2").ApproximationMargin > Get("llama-3").ApproximationMargin, "SentencePiece Llama 2 gets the larger margin");
            Assert.Contains("SentencePiece", Get("llama-2").ApproximationNote);
            Assert.Contains("not public", Get("claude-3-opus").ApproximationNote);
            Assert.All(ModelCatalogData.Builtin.Models.Where(m => m.Provider == "openai"), m => Assert.True(m.IsExact, m.Name));
            Assert.All(ModelCatalogData.Builtin.Models.Where(m => m.Provider != "openai"), m => Assert.False(m.IsExact, m.Name));
        }

        internal static string FindRepoRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Directory.Packages.props")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
        }
    }
}
