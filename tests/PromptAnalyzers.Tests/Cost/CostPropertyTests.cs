using System;
using Xunit;

namespace PromptAnalyzers.Tests.Cost
{
    public class CostPropertyTests
    {
        private const int Cases = 10_000;

        [Fact]
        public void Every_token_is_priced_once_whichever_way_the_usage_is_reported()
        {
            var random = new Random(4_2024);
            string[] models = { "gpt-4o", "gpt-4o-mini", "o3", "claude-sonnet-4", "claude-3-5-sonnet", "gpt-5" };
            var estimator = CostEstimator.Default;
            for (int c = 0; c < Cases; c++)
            {
                string model = models[random.Next(models.Length)];
                ModelPricing p = ModelCatalog.Default.Get(model).Pricing!;
                long uncached = random.Next(0, 300_000);
                long cached = random.Next(0, 100_000);
                long written = random.Next(0, 20_000);
                long output = random.Next(0, 50_000);
                long reasoning = random.Next(0, (int)output + 1);
                bool batch = random.Next(2) == 0;
                string label = $"case {c}: {model} uncached {uncached} cached {cached} write {written} out {output} reasoning {reasoning} batch {batch}";

                CostBreakdown separate = estimator.Price(model, new TokenUsage(uncached, output, cached, written, reasoning),
                    new CostOptions { Batch = batch, CachedTokens = CachedTokensConvention.SeparateFromInput });
                CostBreakdown included = estimator.Price(model, new TokenUsage(uncached + cached + written, output, cached, written, reasoning),
                    new CostOptions { Batch = batch, CachedTokens = CachedTokensConvention.IncludedInInput });
                CostBreakdown estimate = estimator.Estimate(model, uncached + cached + written, output,
                    new CostOptions { Batch = batch, ExpectedCachedInputTokens = cached, ExpectedCacheWriteTokens = written, ExpectedReasoningTokens = reasoning });

                Assert.True(separate.Total == included.Total && included.Total == estimate.Total, label);
                Assert.True(separate.Total == separate.Input + separate.CachedInput + separate.CacheWrite + separate.Output + separate.Reasoning, label);

                // Independent computation: prices of the tier the whole prompt falls in, times the batch factor.
                bool tier = p.LongContext is { } t && uncached + cached + written > t.ThresholdTokens;
                decimal input = tier ? p.LongContext!.Input : p.Input;
                decimal cachedPrice = tier ? p.LongContext!.CachedInput!.Value : p.CachedInput ?? p.Input;
                decimal writePrice = tier ? p.LongContext!.CacheWrite!.Value : p.CacheWrite ?? p.Input;
                decimal outputPrice = tier ? p.LongContext!.Output!.Value : p.Output!.Value;
                decimal factor = batch ? 1 - p.BatchDiscount!.Value : 1;
                decimal expected = ((uncached * input) + (cached * cachedPrice) + (written * writePrice) + (output * outputPrice)) / 1_000_000m * factor;
                Assert.True(Math.Abs(expected - separate.Total) < 0.000000000001m, label + $": expected {expected}, got {separate.Total}");
                Assert.True(separate.IsLongContext == tier, label);
            }
        }
    }
}
