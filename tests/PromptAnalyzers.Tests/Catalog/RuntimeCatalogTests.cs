using System;
using System.IO;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    // Issue 4, point 5: the run-time catalog keeps limits apart, takes models from code and JSON files, and resolves families.
    public class RuntimeCatalogTests
    {
        [Fact]
        public void Window_input_output_and_price_tier_threshold_are_separate_fields()
        {
            ModelInfo gpt5 = ModelCatalog.Default.Get("gpt-5");
            Assert.Equal((400_000, (int?)272_000, 128_000), (gpt5.ContextWindow, gpt5.MaxInput, gpt5.MaxOutput));
            Assert.Null(gpt5.Pricing!.LongContext);

            ModelInfo sonnet = ModelCatalog.Default.Get("claude-sonnet-4");
            Assert.Equal((200_000, (int?)null, 64_000), (sonnet.ContextWindow, sonnet.MaxInput, sonnet.MaxOutput));
            Assert.Equal(200_000, sonnet.Pricing!.LongContext!.ThresholdTokens);

            // Changing one leaves the others alone.
            ModelInfo changed = sonnet.WithContextWindow(1_000_000).WithMaxInput(900_000);
            Assert.Equal((1_000_000, (int?)900_000, 64_000, 200_000), (changed.ContextWindow, changed.MaxInput, changed.MaxOutput, changed.Pricing!.LongContext!.ThresholdTokens));
        }

        [Fact]
        public void Models_are_added_and_overridden_in_code_with_window_limits_encoding_and_prices()
        {
            var prices = new ModelPricing(input: 0.5m, output: 1.5m, cachedInput: 0.05m, pricesAsOf: new DateTime(2026, 1, 1));
            ModelCatalog catalog = ModelCatalog.Default
                .WithModel(new ModelInfo("acme-large", "acme", 64_000, 8_000, "cl100k_base", maxInput: 56_000, approximationMargin: 0.2, pricing: prices, familyPrefixes: new[] { "acme-large" }))
                .WithModel("gpt-4o", m => m.WithMaxOutput(4_096).WithEncoding("cl100k_base", 0.1).WithPricing(prices));

            ModelInfo acme = catalog.Get("acme-large-2026-01-01");
            Assert.Equal(("acme-large", 64_000, (int?)56_000, 8_000, "cl100k_base", 0.2), (acme.Name, acme.ContextWindow, acme.MaxInput, acme.MaxOutput, acme.Encoding, acme.ApproximationMargin));
            Assert.False(acme.IsExactTokenizer);

            ModelInfo gpt4o = catalog.Get("gpt-4o");
            Assert.Equal((4_096, "cl100k_base", 0.1), (gpt4o.MaxOutput, gpt4o.Encoding, gpt4o.ApproximationMargin));
            Assert.Equal(new DateTime(2026, 1, 1), gpt4o.Pricing!.PricesAsOf);
            Assert.Equal(0.5m, new CostEstimator(catalog).Estimate("gpt-4o", 1_000_000, 0).Total);

            // The built-in catalog is untouched, and switching back to the model's own encoding makes counts exact.
            Assert.Equal(16_384, ModelCatalog.Default.Get("gpt-4o").MaxOutput);
            Assert.True(gpt4o.WithEncoding("o200k_base").IsExactTokenizer);
            Assert.Throws<ArgumentException>(() => gpt4o.WithEncoding("r50k_base"));
        }

        [Fact]
        public void Models_are_added_and_overridden_from_a_json_file()
        {
            string path = Path.Combine(Path.GetTempPath(), "pa-runtime-catalog-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, """
                { "asOf": "2026-02-01",
                  "providers": { "acme": { "pricesAsOf": "2026-02-01" } },
                  "models": [
                    { "name": "gpt-4o-mini", "maxOutput": 2048, "prices": { "input": 0.1, "output": 0.4 } },
                    { "name": "acme-small", "provider": "acme", "families": ["acme-small"], "contextWindow": 32000, "maxInput": 30000,
                      "maxOutput": 2000, "encoding": "o200k_base",
                      "prices": { "input": 1, "output": 2, "longContext": { "threshold": 16000, "input": 2, "output": 4 } } }
                  ] }
                """);
            try
            {
                ModelCatalog catalog = ModelCatalog.Default.WithJsonFile(path);
                ModelInfo mini = catalog.Get("gpt-4o-mini-2024-07-18");
                Assert.Equal(("gpt-4o-mini", 128_000, 2_048, 0.1m), (mini.Name, mini.ContextWindow, mini.MaxOutput, mini.Pricing!.Input));

                ModelInfo acme = catalog.Get("acme-small-v2");
                Assert.Equal((32_000, (int?)30_000, 2_000, 16_000), (acme.ContextWindow, acme.MaxInput, acme.MaxOutput, acme.Pricing!.LongContext!.ThresholdTokens));
                Assert.Equal(new DateTime(2026, 2, 1), acme.Pricing.PricesAsOf);

                // 20,000 prompt tokens pass the 16,000 threshold: 20,000 × 2 + 1,000 × 4, per 1M.
                Assert.Equal(0.044m, new CostEstimator(catalog).Estimate("acme-small", 20_000, 1_000).Total);
            }
            finally
            {
                File.Delete(path);
            }

            Assert.Throws<ArgumentNullException>(() => ModelCatalog.Default.WithJsonFile(null!));
            Assert.Throws<FileNotFoundException>(() => ModelCatalog.Default.WithJsonFile(path));
        }

        [Theory]
        [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
        [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
        [InlineData("ft:gpt-4o-mini:acme::abc123", "gpt-4o-mini")]
        [InlineData("ft:gpt-4o-2024-08-06:acme:support:xyz", "gpt-4o")]
        [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4")]
        [InlineData("GPT-4O-2024-11-20", "gpt-4o")]
        public void Names_with_a_known_prefix_resolve_to_their_family(string name, string family)
        {
            Assert.Equal(family, ModelCatalog.Default.Get(name).Name);
            Assert.Equal(family, CostEstimator.Default.Estimate(name, 10, 10).Model.Name);
        }

        [Fact]
        public void Unknown_names_are_a_clear_error()
        {
            var ex = Assert.Throws<UnknownModelException>(() => ModelCatalog.Default.Get("gtp-4o"));
            Assert.Equal("gtp-4o", ex.ModelName);
            Assert.Contains("gpt-4o", ex.Suggestions);
        }
    }
}
