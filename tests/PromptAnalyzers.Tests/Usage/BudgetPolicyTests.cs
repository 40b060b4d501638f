using System;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class BudgetPolicyTests
{
    private static BudgetEnforcer Enforce(params BudgetPolicy[] policies) => new(new UsageTracker(), policies);

    [Fact]
    public void Defaults_are_the_whole_application_per_day_rejecting_with_alerts_at_half_four_fifths_and_all()
    {
        var policy = new BudgetPolicy("daily");

        Assert.Equal("daily", policy.Name);
        Assert.Null(policy.Key);
        Assert.Null(policy.Dimension);
        Assert.Null(policy.Model);
        Assert.Equal(UsageWindow.Day, policy.Window);
        Assert.Equal(BudgetAction.Reject, policy.Action);
        Assert.Equal(0.8, policy.DegradeAt);
        Assert.Equal(new[] { 0.5, 0.8, 1.0 }, policy.AlertThresholds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_policy_needs_a_name(string name)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new BudgetPolicy(name));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_and_dimension_together_are_refused_naming_the_policy()
    {
        var policy = new BudgetPolicy("p") { Key = UsageKey.User("alice"), Dimension = "user", MaxTokens = 10 };

        ArgumentException error = Assert.Throws<ArgumentException>(() => Enforce(policy));

        Assert.Contains("'p'", error.Message, StringComparison.Ordinal);
        Assert.Contains("both Key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_without_a_limit_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Enforce(new BudgetPolicy("nothing")));
        Assert.Contains("no limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(10.01)]
    [InlineData(double.NaN)]
    public void Thresholds_outside_zero_to_ten_are_refused(double threshold)
    {
        var policy = new BudgetPolicy("p") { MaxTokens = 10 };

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.AlertThresholds.Add(threshold));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.AlertThresholds[0] = threshold);
    }

    [Theory]
    [InlineData(10.0)]
    [InlineData(1.5)]
    [InlineData(0.01)]
    public void Thresholds_up_to_ten_times_the_limit_are_accepted(double threshold)
    {
        var policy = new BudgetPolicy("p") { MaxTokens = 10 };

        policy.AlertThresholds.Add(threshold);

        policy.Validate();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void DegradeAt_outside_zero_to_one_is_refused(double at)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetPolicy("p") { DegradeAt = at });
    }

    [Fact]
    public void Degrade_without_a_fallback_model_or_an_output_cap_is_refused()
    {
        var policy = new BudgetPolicy("soft") { MaxCost = 1m, Action = BudgetAction.Degrade };

        ArgumentException error = Assert.Throws<ArgumentException>(() => Enforce(policy));

        Assert.Contains("FallbackModel", error.Message, StringComparison.Ordinal);
        Assert.Contains("DegradedMaxOutputTokens", error.Message, StringComparison.Ordinal);
        policy.DegradedMaxOutputTokens = 200;
        Enforce(policy);
    }

    [Fact]
    public void Limits_models_and_dimensions_are_checked_as_they_are_set()
    {
        var policy = new BudgetPolicy("p");

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.MaxTokens = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.MaxCost = -1m);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.DegradedMaxOutputTokens = 0);
        Assert.Throws<ArgumentException>(() => policy.Model = "*");
        Assert.Throws<ArgumentException>(() => policy.FallbackModel = "");
        Assert.Throws<ArgumentException>(() => policy.Dimension = "us er");
        Assert.Throws<ArgumentException>(() => policy.Key = default(UsageKey));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Window = (UsageWindow)42);
        policy.Dimension = "User";
        Assert.Equal("user", policy.Dimension);
    }

    [Fact]
    public void Two_policies_with_one_name_are_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Enforce(new BudgetPolicy("same") { MaxTokens = 1 }, new BudgetPolicy("same") { MaxCost = 1m }));
        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_is_frozen_once_an_enforcer_has_it()
    {
        var policy = new BudgetPolicy("p") { MaxTokens = 100 };
        BudgetEnforcer enforcer = Enforce(policy);

        Assert.Same(policy, Assert.Single(enforcer.Policies));
        Assert.Throws<InvalidOperationException>(() => policy.MaxTokens = 1_000_000);
        Assert.Throws<InvalidOperationException>(() => policy.AlertThresholds.Clear());
        Assert.Equal(100, policy.MaxTokens);
    }
}
