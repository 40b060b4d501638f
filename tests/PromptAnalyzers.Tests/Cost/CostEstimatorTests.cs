using System;
using Xunit;

namespace PromptAnalyzers.Tests.Cost
{
    // Every expectation is computed by hand from the list prices below (USD per 1M tokens); the first test pins them to the catalog.
    public class CostEstimatorTests
    {
        private static readonly CostEstimator Estimator = CostEstimator.Default;

        [Fact]
        public void The_prices_used_below_are_the_catalogs()
        {
            ModelPricing gpt4o = ModelCatalog.Default.Get("gpt-4o").Pricing!;
            Assert.Equal((2.50m, 1.25m, (decimal?)10.00m, (decimal?)0.5m), (gpt4o.Input, gpt4o.CachedInput!.Value, gpt4o.Output, gpt4o.BatchDiscount));

            ModelPricing sonnet = ModelCatalog.Default.Get("claude-sonnet-4").Pricing!;
            Assert.Equal((3.00m, 0.30m, 3.75m, (decimal?)15.00m), (sonnet.Input, sonnet.CachedInput!.Value, sonnet.CacheWrite!.Value, sonnet.Output));
            LongContextPricing tier = sonnet.LongContext!;
            Assert.Equal((200_000, 6.00m, (decimal?)0.60m, (decimal?)7.50m, (decimal?)22.50m), (tier.ThresholdTokens, tier.Input, tier.CachedInput, tier.CacheWrite, tier.Output));

            ModelPricing o3 = ModelCatalog.Default.Get("o3").Pricing!;
            Assert.Equal((2.00m, (decimal?)8.00m), (o3.Input, o3.Output));
        }

        [Fact]
        public void OpenAI_cached_tokens_are_inside_the_input_count()
        {
            // 6,000 uncached × 2.50 + 4,000 cached × 1.25 + 2,000 out × 10.00, per 1M.
            CostBreakdown cost = Estimator.Price("gpt-4o", new TokenUsage(inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 4_000));

            Assert.Equal(CachedTokensConvention.IncludedInInput, cost.Convention);
            Assert.Equal(6_000, cost.UncachedInputTokens);
            Assert.Equal(10_000, cost.PromptTokens);
            Assert.Equal(0.015m, cost.Input);
            Assert.Equal(0.005m, cost.CachedInput);
            Assert.Equal(0m, cost.CacheWrite);
            Assert.Equal(0.02m, cost.Output);
            Assert.Equal(0.04m, cost.Total);
        }

        [Fact]
        public void Anthropic_cache_reads_and_writes_are_beside_the_input_count()
        {
            // 1,000 × 3.00 + 20,000 × 0.30 + 5,000 × 3.75 + 500 × 15.00, per 1M.
            CostBreakdown cost = Estimator.Price("claude-sonnet-4", new TokenUsage(inputTokens: 1_000, outputTokens: 500, cachedInputTokens: 20_000, cacheWriteTokens: 5_000));

            Assert.Equal(CachedTokensConvention.SeparateFromInput, cost.Convention);
            Assert.Equal(1_000, cost.UncachedInputTokens);
            Assert.Equal(26_000, cost.PromptTokens);
            Assert.Equal(0.003m, cost.Input);
            Assert.Equal(0.006m, cost.CachedInput);
            Assert.Equal(0.01875m, cost.CacheWrite);
            Assert.Equal(0.0075m, cost.Output);
            Assert.Equal(0.03525m, cost.Total);
        }

        [Fact]
        public void The_same_call_reported_either_way_costs_the_same()
        {
            CostBreakdown separate = Estimator.Price("claude-sonnet-4", new TokenUsage(1_000, 500, 20_000, 5_000));
            CostBreakdown included = Estimator.Price("claude-sonnet-4", new TokenUsage(26_000, 500, 20_000, 5_000),
                new CostOptions { CachedTokens = CachedTokensConvention.IncludedInInput });
            Assert.Equal(separate.Total, included.Total);
            Assert.Equal(0.03525m, included.Total);

            // OpenAI usage read as Anthropic's would bill the cached tokens twice: 10,000 uncached + 4,000 cached.
            CostBreakdown wrong = Estimator.Price("gpt-4o", new TokenUsage(10_000, 2_000, 4_000), new CostOptions { CachedTokens = CachedTokensConvention.SeparateFromInput });
            Assert.Equal(0.025m + 0.005m + 0.02m, wrong.Total);
        }

        [Fact]
        public void Anthropic_usage_read_as_included_is_caught_when_the_cache_exceeds_the_input()
        {
            var ex = Assert.Throws<ArgumentException>(() => Estimator.Price("claude-sonnet-4", new TokenUsage(1_000, 500, 20_000),
                new CostOptions { CachedTokens = CachedTokensConvention.IncludedInInput }));
            Assert.Equal("usage", ex.ParamName);
            Assert.Contains("SeparateFromInput", ex.Message);
        }

        [Fact]
        public void Reasoning_tokens_are_billed_as_output_once()
        {
            // o3: 1,000 in × 2.00; 5,000 out × 8.00 of which 4,000 reasoning.
            CostBreakdown cost = Estimator.Price("o3", new TokenUsage(inputTokens: 1_000, outputTokens: 5_000, reasoningTokens: 4_000));
            Assert.Equal(0.002m, cost.Input);
            Assert.Equal(0.008m, cost.Output);
            Assert.Equal(0.032m, cost.Reasoning);
            Assert.Equal(0.042m, cost.Total);

            CostBreakdown estimate = Estimator.Estimate("o3", 1_000, 5_000, new CostOptions { ExpectedReasoningTokens = 4_000 });
            Assert.Equal(0.042m, estimate.Total);
            Assert.Equal(0.032m, estimate.Reasoning);
        }

        [Fact]
        public void Estimate_prices_prompt_and_expected_output()
        {
            // 10,000 × 2.50 + 2,000 × 10.00, per 1M; then 4,000 of the prompt expected from the cache.
            Assert.Equal(0.045m, Estimator.Estimate("gpt-4o", 10_000, 2_000).Total);
            CostBreakdown cached = Estimator.Estimate("gpt-4o", 10_000, 2_000, new CostOptions { ExpectedCachedInputTokens = 4_000 });
            Assert.Equal(0.04m, cached.Total);
            Assert.Equal(Estimator.Price("gpt-4o", new TokenUsage(10_000, 2_000, 4_000)).Total, cached.Total);
        }

        [Fact]
        public void Batch_takes_the_discount_off_every_part()
        {
            CostBreakdown cost = Estimator.Estimate("gpt-4o", 10_000, 2_000, new CostOptions { Batch = true });
            Assert.Equal(0.0125m, cost.Input);
            Assert.Equal(0.01m, cost.Output);
            Assert.Equal(0.0225m, cost.Total);
            Assert.Equal(0.5m, cost.BatchDiscount);
            Assert.Null(Estimator.Estimate("gpt-4o", 10_000, 2_000).BatchDiscount);
        }

        [Fact]
        public void Batch_on_a_model_without_a_batch_price_is_an_error()
        {
            var ex = Assert.Throws<ArgumentException>(() => Estimator.Estimate("o1-pro", 100, 100, new CostOptions { Batch = true }));
            Assert.Contains("o1-pro", ex.Message);
        }

        [Fact]
        public void Above_the_long_context_threshold_the_whole_request_uses_the_tier_prices()
        {
            // Prompt = 150,000 + 60,000 cached = 210,000 > 200,000: 150,000 × 6.00 + 60,000 × 0.60 + 1,000 × 22.50, per 1M.
            CostBreakdown cost = Estimator.Price("claude-sonnet-4", new TokenUsage(150_000, 1_000, cachedInputTokens: 60_000));
            Assert.True(cost.IsLongContext);
            Assert.Equal(0.9m, cost.Input);
            Assert.Equal(0.036m, cost.CachedInput);
            Assert.Equal(0.0225m, cost.Output);
            Assert.Equal(0.9585m, cost.Total);

            // Exactly at the threshold: base prices. 140,000 × 3.00 + 60,000 × 0.30 + 1,000 × 15.00.
            CostBreakdown at = Estimator.Price("claude-sonnet-4", new TokenUsage(140_000, 1_000, cachedInputTokens: 60_000));
            Assert.False(at.IsLongContext);
            Assert.Equal(0.453m, at.Total);

            // Long context and batch together: half of the tier prices.
            CostBreakdown both = Estimator.Estimate("claude-sonnet-4", 210_000, 1_000, new CostOptions { Batch = true });
            Assert.Equal((1.26m + 0.0225m) / 2, both.Total);
        }

        [Fact]
        public void A_tier_without_cache_prices_scales_the_base_cache_prices()
        {
            var pricing = new ModelPricing(input: 1m, output: 4m, cachedInput: 0.1m, cacheWrite: 1.25m,
                longContext: new LongContextPricing(thresholdTokens: 1_000, input: 2m, output: 6m));
            var catalog = ModelCatalog.Empty.WithModel(new ModelInfo("acme-1", "anthropic", 10_000, 1_000, "cl100k_base", pricing: pricing));
            CostBreakdown cost = new CostEstimator(catalog).Price("acme-1", new TokenUsage(1_000, 100, cachedInputTokens: 1_000, cacheWriteTokens: 1_000));
            // 3,000 prompt tokens > 1,000: input 1,000 × 2; cached 1,000 × 0.2; write 1,000 × 2.5; output 100 × 6.
            Assert.Equal(0.002m, cost.Input);
            Assert.Equal(0.0002m, cost.CachedInput);
            Assert.Equal(0.0025m, cost.CacheWrite);
            Assert.Equal(0.0006m, cost.Output);
        }

        [Fact]
        public void Models_without_a_cached_price_bill_cached_tokens_at_the_input_price()
        {
            // gpt-4-turbo lists no cached price: 10,000 × 10.00 whatever the cache did.
            Assert.Equal(0.1m, Estimator.Price("gpt-4-turbo", new TokenUsage(10_000, 0, cachedInputTokens: 4_000)).Total);
        }

        [Fact]
        public void Breakdown_shows_model_currency_and_price_date()
        {
            CostBreakdown cost = Estimator.Estimate("gpt-4o-2024-08-06", 1_000, 0);
            Assert.Equal("gpt-4o-2024-08-06", cost.RequestedModel);
            Assert.Equal("gpt-4o", cost.Model.Name);
            Assert.Equal("USD", cost.Currency);
            Assert.Equal(new DateTime(2025, 8, 15), cost.PricesAsOf);
            Assert.Equal("0.0025 USD for gpt-4o (prices as of 2025-08-15)", cost.ToString());
        }

        [Fact]
        public void Models_without_prices_throw_instead_of_costing_nothing()
        {
            var ex = Assert.Throws<ModelPricesUnknownException>(() => Estimator.Estimate("llama-3.1", 1_000, 100));
            Assert.Equal("llama-3.1", ex.ModelName);
            Assert.Contains("no list prices", ex.Message);

            Assert.Equal(0.02m, Estimator.Estimate("text-embedding-3-small", 1_000_000, 0).Total);
            Assert.Throws<ModelPricesUnknownException>(() => Estimator.Estimate("text-embedding-3-small", 1_000, 10));
        }

        [Fact]
        public void Unknown_models_and_bad_counts_are_clear_errors()
        {
            Assert.Throws<UnknownModelException>(() => Estimator.Estimate("no-such-model", 1, 1));
            Assert.Throws<UnknownModelException>(() => Estimator.Price("no-such-model", new TokenUsage(1, 1)));
            Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => Estimator.Estimate(null!, 1, 1)).ParamName);
            Assert.Equal("usage", Assert.Throws<ArgumentNullException>(() => Estimator.Price("gpt-4o", null!)).ParamName);
            Assert.Equal("promptTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Estimate("gpt-4o", -1, 1)).ParamName);
            Assert.Equal("expectedOutputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Estimate("gpt-4o", 1, -1)).ParamName);
            Assert.Equal("promptTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Estimator.Estimate("gpt-4o", 10, 1, new CostOptions { ExpectedCachedInputTokens = 11 })).ParamName);
            Assert.Equal("ExpectedCachedInputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new CostOptions { ExpectedCachedInputTokens = -1 }).ParamName);
            Assert.Equal("inputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(-1, 0)).ParamName);
            Assert.Equal("outputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(0, -1)).ParamName);
            Assert.Equal("cachedInputTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(0, 0, -1)).ParamName);
            Assert.Equal("cacheWriteTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(0, 0, 0, -1)).ParamName);
            Assert.Equal("reasoningTokens", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenUsage(0, 10, 0, 0, 11)).ParamName);
        }

        [Fact]
        public void Default_convention_follows_the_provider()
        {
            Assert.Equal(CachedTokensConvention.SeparateFromInput, CostEstimator.DefaultConvention(ModelCatalog.Default.Get("claude-3-5-sonnet")));
            Assert.Equal(CachedTokensConvention.IncludedInInput, CostEstimator.DefaultConvention(ModelCatalog.Default.Get("gpt-4.1")));
        }
    }
}
