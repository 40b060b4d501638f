using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class BudgetEnforcerTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly UsageKey Alice = UsageKey.User("alice");
    private static readonly UsageKey Bob = UsageKey.User("bob");

    private static (BudgetEnforcer Enforcer, TestClock Clock) Create(params BudgetPolicy[] policies)
    {
        var clock = new TestClock(Noon);
        return (new BudgetEnforcer(new UsageTracker(timeProvider: clock), policies), clock);
    }

    [Fact]
    public async Task A_call_that_would_exceed_a_token_limit_is_rejected_with_the_limit_it_would_exceed()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("daily-tokens") { MaxTokens = 10_000 });
        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(8_000, 1_000));

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 500, 600)));

        Assert.Equal("daily-tokens", error.PolicyName);
        Assert.Equal("*", error.Scope);
        Assert.Equal(UsageWindow.Day, error.Window);
        Assert.Equal(BudgetLimitKind.Tokens, error.LimitKind);
        Assert.Equal(10_000m, error.Limit);
        Assert.Equal(9_000m, error.Used);
        Assert.Equal(1_100m, error.Requested);
        Assert.Equal("gpt-4o-mini", error.Model);
        Assert.Equal(new DateTimeOffset(2025, 6, 16, 0, 0, 0, TimeSpan.Zero), error.RetryAfter);
        foreach (string part in new[] { "'daily-tokens'", "day token limit is 10,000 tokens", "9,000 tokens used", "1,100 tokens requested", "2025-06-16T00:00:00Z" })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_call_that_fits_exactly_is_allowed_and_one_token_more_is_not()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("t") { MaxTokens = 10_000 });
        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(8_000, 900));

        BudgetDecision decision = await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 500, 600));
        await Assert.ThrowsAsync<BudgetExceededException>(() => enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 501, 600)));

        Assert.False(decision.IsDegraded);
        Assert.Equal("gpt-4o-mini", decision.Model);
        Assert.Equal(600, decision.MaxOutputTokens);
        Assert.Equal(1_100, decision.EstimatedTokens);
    }

    [Fact]
    public async Task A_cost_limit_rejects_with_the_cost_limit_kind()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("dollars") { MaxCost = 0.05m, MaxTokens = 10_000_000 });
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(10_000, 2_000)); // $0.045

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => enforcer.CheckAsync(new BudgetRequest("gpt-4o", 1_000, 500))); // $0.0075

        Assert.Equal(BudgetLimitKind.Cost, error.LimitKind);
        Assert.Equal(0.05m, error.Limit);
        Assert.Equal(0.045m, error.Used);
        Assert.Equal(0.0075m, error.Requested);
        Assert.Contains("day cost limit is $0.05", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_output_cap_the_estimate_is_the_models_own_output_limit_and_unknown_models_count_input_only()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("big") { MaxTokens = 1_000_000 });

        BudgetDecision mini = await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 1_000, null));
        BudgetDecision llama2 = await enforcer.CheckAsync(new BudgetRequest("llama-2", 1_000, null));
        BudgetDecision unknown = await enforcer.CheckAsync(new BudgetRequest("in-house-model", 1_000, null));

        Assert.Equal(1_000 + 16_384, mini.EstimatedTokens);
        Assert.Equal(CostEstimator.Default.Estimate("gpt-4o-mini", 1_000, 16_384).Total, mini.EstimatedCost);
        Assert.Equal(4_096, llama2.EstimatedTokens); // its 4,096-token window is shared by input and output
        Assert.Null(llama2.EstimatedCost);
        Assert.Equal(1_000, unknown.EstimatedTokens);
        Assert.Null(unknown.EstimatedCost);
    }

    [Fact]
    public async Task Degrade_switches_to_the_fallback_model_from_the_degrade_fraction_on()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("soft") { MaxCost = 1m, Action = BudgetAction.Degrade, DegradeAt = 0.8, FallbackModel = "gpt-4o-mini" });
        var request = new BudgetRequest("gpt-4o", 10_000, 1_000); // $0.035

        BudgetDecision before = await enforcer.CheckAsync(request);
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(310_000, 0)); // $0.775, + $0.035 = 81 %
        BudgetDecision after = await enforcer.CheckAsync(request);

        Assert.False(before.IsDegraded);
        Assert.Equal("gpt-4o", before.Model);
        Assert.True(after.IsDegraded);
        Assert.Equal("gpt-4o-mini", after.Model);
        Assert.Equal(1_000, after.MaxOutputTokens);
        Assert.Equal(new[] { "soft" }, after.DegradedBy);
        Assert.Equal(CostEstimator.Default.Estimate("gpt-4o-mini", 10_000, 1_000).Total, after.EstimatedCost);
    }

    [Fact]
    public async Task Degrade_caps_the_output_tokens()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("short") { MaxTokens = 100_000, Action = BudgetAction.Degrade, DegradeAt = 0.5, DegradedMaxOutputTokens = 256 });
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(50_000, 0));

        BudgetDecision uncapped = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 1_000, null));
        BudgetDecision lower = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 1_000, 100));

        Assert.Equal("gpt-4o", uncapped.Model);
        Assert.Equal(256, uncapped.MaxOutputTokens);
        Assert.Equal(1_256, uncapped.EstimatedTokens);
        Assert.True(uncapped.IsDegraded);
        Assert.Equal(100, lower.MaxOutputTokens); // already below the cap: nothing to degrade
        Assert.False(lower.IsDegraded);
    }

    [Fact]
    public async Task A_degraded_call_that_still_exceeds_the_limit_is_rejected()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("soft") { MaxTokens = 10_000, Action = BudgetAction.Degrade, FallbackModel = "gpt-4o-mini", DegradedMaxOutputTokens = 500 });
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(9_000, 0));

        BudgetDecision fits = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 400, 4_000));
        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(() => enforcer.CheckAsync(new BudgetRequest("gpt-4o", 600, 4_000)));

        Assert.Equal(("gpt-4o-mini", 500), (fits.Model, fits.MaxOutputTokens.GetValueOrDefault()));
        Assert.Equal(1_100m, error.Requested);
        Assert.Equal("gpt-4o-mini", error.Model);
    }

    [Fact]
    public async Task A_model_policy_stops_applying_once_the_call_falls_back_to_another_model()
    {
        var gpt4o = new BudgetPolicy("gpt-4o-cap") { Model = "gpt-4o", MaxTokens = 10_000, Action = BudgetAction.Degrade, FallbackModel = "gpt-4o-mini" };
        var reject4o = new BudgetPolicy("gpt-4o-hard") { Model = "gpt-4o", MaxTokens = 10_000 };
        (BudgetEnforcer enforcer, _) = Create(reject4o, gpt4o);
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(9_900, 0));

        // Over both gpt-4o policies: the degrade runs first, and the hard one no longer applies to gpt-4o-mini.
        BudgetDecision decision = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 1_000, 1_000));

        Assert.Equal("gpt-4o-mini", decision.Model);
        Assert.Equal(new[] { "gpt-4o-cap" }, decision.DegradedBy);
    }

    [Fact]
    public async Task Each_user_has_their_own_limit_under_a_dimension_policy()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("per-user") { Dimension = "user", MaxTokens = 1_000 });
        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(800, 100), new[] { Alice, UsageKey.Project("p") });

        await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 400, 100, new[] { Bob }));
        await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 400, 100, new[] { UsageKey.Project("p") })); // no user: not limited
        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 400, 100, new[] { Bob, Alice })));

        Assert.Equal("user:alice", error.Scope);
        Assert.Equal(900m, error.Used);
    }

    [Fact]
    public async Task A_key_policy_limits_only_calls_that_carry_the_key()
    {
        UsageKey checkout = UsageKey.Project("checkout");
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("checkout") { Key = checkout, MaxTokens = 1_000, Window = UsageWindow.Hour });
        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(1_000, 0), new[] { checkout });

        await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 400, 100, new[] { Alice }));
        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 1, 1, new[] { Alice, checkout })));

        Assert.Equal("project:checkout", error.Scope);
        Assert.Equal(UsageWindow.Hour, error.Window);
        Assert.Equal(new DateTimeOffset(2025, 6, 15, 13, 0, 0, TimeSpan.Zero), error.RetryAfter);
    }

    [Fact]
    public async Task The_limit_starts_again_in_the_next_window()
    {
        (BudgetEnforcer enforcer, TestClock clock) = Create(new BudgetPolicy("daily") { MaxTokens = 1_000 });
        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(1_000, 0));
        await Assert.ThrowsAsync<BudgetExceededException>(() => enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 10, 10)));

        clock.Now = new DateTimeOffset(2025, 6, 16, 0, 0, 0, TimeSpan.Zero);

        await enforcer.CheckAsync(new BudgetRequest("gpt-4o-mini", 10, 10));
    }

    [Fact]
    public async Task Checking_reads_every_counter_in_one_store_call()
    {
        var clock = new TestClock(Noon);
        var store = new SpyUsageStore(clock);
        var enforcer = new BudgetEnforcer(new UsageTracker(store, timeProvider: clock), new[]
        {
            new BudgetPolicy("app") { MaxTokens = 1_000_000 },
            new BudgetPolicy("users") { Dimension = "user", MaxTokens = 1_000, Window = UsageWindow.Minute },
            new BudgetPolicy("mini") { Model = "gpt-4o-mini", MaxCost = 1m, Window = UsageWindow.Month },
        });

        await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 10, 10, new[] { Alice, Bob }));

        IReadOnlyList<UsageCounter> read = Assert.Single(store.Gets);
        Assert.Equal(4, read.Count);
    }

    [Fact]
    public async Task Alerts_fire_at_half_four_fifths_and_the_whole_limit_exactly_once_each()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("daily") { MaxTokens = 1_000 });
        var alerts = new List<BudgetAlert>();
        enforcer.AlertRaised += (sender, alert) => { Assert.Same(enforcer, sender); alerts.Add(alert); };

        var raisedAfter = new List<int>();
        for (int call = 1; call <= 13; call++)
        {
            int before = alerts.Count;
            await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(90, 10));
            raisedAfter.AddRange(Enumerable.Repeat(call, alerts.Count - before));
        }

        Assert.Equal(new[] { 5, 8, 10 }, raisedAfter);
        Assert.Equal(new[] { 0.5, 0.8, 1.0 }, alerts.Select(a => a.Threshold));
        Assert.Equal(new[] { 500m, 800m, 1_000m }, alerts.Select(a => a.Used));
        Assert.All(alerts, a =>
        {
            Assert.Equal("daily", a.Policy.Name);
            Assert.Equal("*", a.Scope);
            Assert.Equal(BudgetLimitKind.Tokens, a.LimitKind);
            Assert.Equal(1_000m, a.Limit);
            Assert.Equal(new DateTimeOffset(2025, 6, 15, 0, 0, 0, TimeSpan.Zero), a.WindowStart);
        });
    }

    [Fact]
    public async Task One_charge_crossing_several_thresholds_raises_each_and_cost_alerts_are_their_own()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("both") { MaxTokens = 1_000_000, MaxCost = 1m, Dimension = "user" });
        var alerts = new List<BudgetAlert>();
        enforcer.AlertRaised += (_, alert) => alerts.Add(alert);

        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(340_000, 0), new[] { Alice }); // $0.85, 34 % of the tokens

        Assert.Equal(new[] { 0.5, 0.8 }, alerts.Select(a => a.Threshold));
        Assert.All(alerts, a => Assert.Equal((BudgetLimitKind.Cost, "user:alice", 0.85m), (a.LimitKind, a.Scope, a.Used)));
    }

    [Fact]
    public async Task Enforcers_sharing_one_store_raise_each_crossing_once_between_them()
    {
        var clock = new TestClock(Noon);
        var store = new InMemoryUsageStore(clock);
        var policy = new BudgetPolicy("shared") { MaxTokens = 100_000 };
        for (int t = 1; t <= 20; t++)
        {
            policy.AlertThresholds.Add(t / 20.0);
        }

        BudgetEnforcer[] instances = Enumerable.Range(0, 4)
            .Select(_ => new BudgetEnforcer(new UsageTracker(store, timeProvider: clock), new[] { policy })).ToArray();
        var alerts = new ConcurrentBag<BudgetAlert>();
        foreach (BudgetEnforcer instance in instances)
        {
            instance.AlertRaised += (_, alert) => alerts.Add(alert);
        }

        await Task.WhenAll(instances.Select(instance => Task.Run(async () =>
        {
            for (int i = 0; i < 500; i++)
            {
                await instance.ChargeAsync("gpt-4o-mini", new TokenUsage(37, 13));
            }
        })));

        // 2,000 charges of 50 tokens reach 100,000: every one of 0.05, 0.1, ..., 1.0 (0.5, 0.8 and 1.0 given twice) once.
        Assert.Equal(20, alerts.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(t => t / 20.0), alerts.Select(a => a.Threshold).OrderBy(t => t));
    }

    [Fact]
    public async Task Alerts_of_a_model_policy_count_only_that_models_calls()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("4o") { Model = "gpt-4o", MaxTokens = 100 });
        var alerts = new List<BudgetAlert>();
        enforcer.AlertRaised += (_, alert) => alerts.Add(alert);

        await enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(1_000, 0));
        Assert.Empty(alerts);
        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(60, 0));

        Assert.Equal(0.5, Assert.Single(alerts).Threshold);
    }

    [Fact]
    public async Task A_throwing_alert_handler_does_not_lose_the_charge_or_the_other_alerts()
    {
        (BudgetEnforcer enforcer, _) = Create(new BudgetPolicy("daily") { MaxTokens = 100 });
        var seen = new List<double>();
        enforcer.AlertRaised += (_, alert) =>
        {
            seen.Add(alert.Threshold);
            throw new InvalidOperationException("handler " + alert.Threshold);
        };

        AggregateException error = await Assert.ThrowsAsync<AggregateException>(() => enforcer.ChargeAsync("gpt-4o-mini", new TokenUsage(100, 0)));

        Assert.Equal(3, error.InnerExceptions.Count);
        Assert.Equal(new[] { 0.5, 0.8, 1.0 }, seen);
        Assert.Equal(100, (await enforcer.Tracker.GetTotalsAsync(null, null, UsageWindow.Day)).TotalTokens);
    }
}
