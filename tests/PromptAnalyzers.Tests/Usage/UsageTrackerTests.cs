using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class UsageTrackerTests
{
    private static readonly DateTimeOffset LastSecondsOfJanuary = new(2025, 1, 31, 23, 59, 30, TimeSpan.Zero);
    private static readonly UsageKey Alice = UsageKey.User("alice");
    private static readonly UsageKey Checkout = UsageKey.Project("checkout");

    [Fact]
    public async Task Totals_are_kept_per_key_model_and_window_and_start_again_in_each_new_window()
    {
        var clock = new TestClock(LastSecondsOfJanuary);
        var tracker = new UsageTracker(timeProvider: clock);

        await tracker.RecordAsync("gpt-4o-mini", new TokenUsage(1_000, 100), new[] { Alice, Checkout });
        await tracker.RecordAsync("gpt-4o", new TokenUsage(2_000, 200), new[] { Checkout });

        foreach (UsageWindow window in Enum.GetValues<UsageWindow>())
        {
            Assert.Equal(new UsageTotals(2, 3_000, 0, 300, 0.00015m + 0.00006m + 0.005m + 0.002m), await tracker.GetTotalsAsync(null, null, window));
            Assert.Equal(2, (await tracker.GetTotalsAsync(Checkout, null, window)).Calls);
            Assert.Equal(1_100, (await tracker.GetTotalsAsync(Alice, null, window)).TotalTokens);
            Assert.Equal(1_100, (await tracker.GetTotalsAsync(Alice, "gpt-4o-mini", window)).TotalTokens);
            Assert.Equal(UsageTotals.Zero, await tracker.GetTotalsAsync(Alice, "gpt-4o", window));
            Assert.Equal(2_200, (await tracker.GetTotalsAsync(null, "gpt-4o", window)).TotalTokens);
        }

        // 40 seconds later it is February: a new minute, hour, day and month.
        clock.Advance(TimeSpan.FromSeconds(40));
        await tracker.RecordAsync("gpt-4o-mini", new TokenUsage(10, 1), new[] { Alice });
        foreach (UsageWindow window in Enum.GetValues<UsageWindow>())
        {
            Assert.Equal(11, (await tracker.GetTotalsAsync(null, null, window)).TotalTokens);
            Assert.Equal(11, (await tracker.GetTotalsAsync(Alice, "gpt-4o-mini", window)).TotalTokens);
            Assert.Equal(UsageTotals.Zero, await tracker.GetTotalsAsync(Checkout, null, window));
        }

        // Back in January's last minute, its totals are as they were.
        clock.Now = LastSecondsOfJanuary.AddSeconds(20);
        Assert.Equal(3_300, (await tracker.GetTotalsAsync(null, null, UsageWindow.Minute)).TotalTokens);
        Assert.Equal(3_300, (await tracker.GetTotalsAsync(null, null, UsageWindow.Month)).TotalTokens);
    }

    [Fact]
    public async Task One_record_is_one_store_add_of_every_scope_model_and_window_expiring_after_its_retention()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 3, 10, 14, 25, 40, TimeSpan.Zero));
        var store = new SpyUsageStore(clock);
        var options = new UsageTrackerOptions
        {
            MinuteRetention = TimeSpan.FromMinutes(30),
            HourRetention = TimeSpan.FromHours(5),
            DayRetention = TimeSpan.FromDays(7),
            MonthRetention = TimeSpan.FromDays(90),
        };
        var tracker = new UsageTracker(store, options: options, timeProvider: clock);

        UsageRecord record = await tracker.RecordAsync("gpt-4o", new TokenUsage(100, 10), new[] { Alice, Checkout, Alice });

        Assert.Equal(new[] { Alice, Checkout }, record.Keys);
        IReadOnlyList<UsageIncrement> add = Assert.Single(store.Adds);
        Assert.Equal(3 * 2 * 4, add.Count);
        Assert.Equal(add.Count, add.Select(i => i.Counter).Distinct().Count());
        foreach (string scope in new[] { "*", "user:alice", "project:checkout" })
        {
            foreach (string model in new[] { "*", "gpt-4o" })
            {
                foreach (UsageWindow window in Enum.GetValues<UsageWindow>())
                {
                    UsageIncrement increment = Assert.Single(add, i => i.Counter == new UsageCounter(scope, model, window, clock.Now));
                    Assert.Equal(record.Totals, increment.Amount);
                    Assert.Equal(UsageWindows.EndOf(window, clock.Now) + options.RetentionOf(window), increment.ExpiresAt);
                }
            }
        }

        Assert.Equal(new DateTimeOffset(2025, 3, 10, 14, 56, 0, TimeSpan.Zero), add.Single(i => i.Counter.Window == UsageWindow.Minute && i.Counter.Scope == "*" && i.Counter.Model == "*").ExpiresAt);
    }

    [Fact]
    public void Retention_defaults_are_two_hours_three_days_four_hundred_days_and_five_years()
    {
        var options = new UsageTrackerOptions();

        Assert.Equal(TimeSpan.FromHours(2), options.MinuteRetention);
        Assert.Equal(TimeSpan.FromDays(3), options.HourRetention);
        Assert.Equal(TimeSpan.FromDays(400), options.DayRetention);
        Assert.Equal(TimeSpan.FromDays(1_826), options.MonthRetention);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.DayRetention = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public async Task OpenAI_usage_is_priced_with_cached_tokens_inside_the_input()
    {
        var tracker = new UsageTracker(timeProvider: new TestClock(LastSecondsOfJanuary));
        var usage = new TokenUsage(inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 4_000);

        UsageRecord record = await tracker.RecordAsync("gpt-4o", usage);

        // 6,000 uncached at $2.50, 4,000 cached at $1.25, 2,000 out at $10 per 1M.
        Assert.True(record.IsPriced);
        Assert.Equal(new UsageTotals(1, 10_000, 4_000, 2_000, 0.015m + 0.005m + 0.02m), record.Totals);
        Assert.Equal(CostEstimator.Default.Price("gpt-4o", usage).Total, record.Totals.Cost);
        Assert.Same(usage, record.Usage);
    }

    [Fact]
    public async Task Anthropic_usage_is_normalized_to_all_prompt_tokens_and_priced_with_cache_reads_and_writes_beside_the_input()
    {
        var tracker = new UsageTracker(timeProvider: new TestClock(LastSecondsOfJanuary));
        var usage = new TokenUsage(inputTokens: 100, outputTokens: 50, cachedInputTokens: 1_000, cacheWriteTokens: 200);

        UsageRecord record = await tracker.RecordAsync("claude-3-5-sonnet", usage, new[] { Alice });

        // 100 at $3, 1,000 cache reads at $0.30, 200 cache writes at $3.75, 50 out at $15 per 1M.
        Assert.Equal(new UsageTotals(1, 1_300, 1_000, 50, 0.0003m + 0.0003m + 0.00075m + 0.00075m), record.Totals);
        Assert.Equal(1_350, (await tracker.GetTotalsAsync(Alice, null, UsageWindow.Day)).TotalTokens);
    }

    [Fact]
    public async Task A_model_without_list_prices_is_recorded_at_no_cost_and_unpriced()
    {
        var tracker = new UsageTracker(timeProvider: new TestClock(LastSecondsOfJanuary));

        UsageRecord llama = await tracker.RecordAsync("llama-3", new TokenUsage(500, 50), new[] { Alice });
        UsageRecord unknown = await tracker.RecordAsync("my-own-finetune", new TokenUsage(300, 30), new[] { Alice });
        UsageRecord embeddingWithOutput = await tracker.RecordAsync("text-embedding-3-small", new TokenUsage(100, 5));

        Assert.False(llama.IsPriced);
        Assert.Null(llama.CostBreakdown);
        Assert.False(unknown.IsPriced);
        Assert.False(embeddingWithOutput.IsPriced);
        Assert.Equal(new UsageTotals(1, 500, 0, 50, 0m), llama.Totals);
        Assert.Equal(new UsageTotals(2, 800, 0, 80, 0m), await tracker.GetTotalsAsync(Alice, null, UsageWindow.Hour));
        Assert.Equal(330, (await tracker.GetTotalsAsync(null, "my-own-finetune", UsageWindow.Hour)).TotalTokens);
    }

    [Fact]
    public async Task The_cached_token_convention_can_be_forced_for_a_model_the_catalog_does_not_know()
    {
        var clock = new TestClock(LastSecondsOfJanuary);
        var anthropicStyle = new TokenUsage(inputTokens: 10, outputTokens: 5, cachedInputTokens: 90);
        var defaults = new UsageTracker(timeProvider: clock);
        var separate = new UsageTracker(options: new UsageTrackerOptions { CostOptions = new CostOptions { CachedTokens = CachedTokensConvention.SeparateFromInput } }, timeProvider: clock);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => defaults.RecordAsync("claude-next", anthropicStyle));
        UsageRecord record = await separate.RecordAsync("claude-next", anthropicStyle);

        Assert.Contains("SeparateFromInput", error.Message, StringComparison.Ordinal);
        Assert.Equal(UsageTotals.Zero, await defaults.GetTotalsAsync(null, null, UsageWindow.Day));
        Assert.Equal(new UsageTotals(1, 100, 90, 5, 0m), record.Totals);
    }

    [Fact]
    public async Task Batch_pricing_takes_the_batch_discount_off()
    {
        var tracker = new UsageTracker(options: new UsageTrackerOptions { CostOptions = new CostOptions { Batch = true } }, timeProvider: new TestClock(LastSecondsOfJanuary));

        UsageRecord record = await tracker.RecordAsync("gpt-4o", new TokenUsage(1_000_000, 0));

        Assert.Equal(1.25m, record.Totals.Cost);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    public async Task A_model_name_that_is_empty_or_the_all_models_star_is_refused(string model)
    {
        var tracker = new UsageTracker(timeProvider: new TestClock(LastSecondsOfJanuary));

        await Assert.ThrowsAsync<ArgumentException>(() => tracker.RecordAsync(model, new TokenUsage(1, 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.RecordAsync("gpt-4o", new TokenUsage(1, 1), new[] { default(UsageKey) }));
    }

    [Fact]
    public async Task The_timestamp_is_the_trackers_clock()
    {
        var clock = new TestClock(LastSecondsOfJanuary);
        var tracker = new UsageTracker(timeProvider: clock);

        UsageRecord record = await tracker.RecordAsync("gpt-4o", new TokenUsage(1, 1));

        Assert.Equal(LastSecondsOfJanuary, record.Timestamp);
        Assert.Same(clock, tracker.TimeProvider);
        Assert.IsType<InMemoryUsageStore>(tracker.Store);
        Assert.Same(CostEstimator.Default, tracker.CostEstimator);
    }
}
