using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

/// <summary>The examples of docs/production/usage-and-budgets.md, as written there, compiled and checked.</summary>
public class UsageDocsExamplesTests
{
    [Fact]
    public async Task Tracking_usage_example()
    {
        var tracker = new UsageTracker();   // InMemoryUsageStore, CostEstimator.Default, TimeProvider.System

        // After each call, record what the provider reported, with the keys the call is attributed to.
        UsageKey[] keys = { UsageKey.User("alice"), UsageKey.Project("checkout") };
        UsageRecord record = await tracker.RecordAsync("gpt-4o-mini",
            new TokenUsage(inputTokens: 1_200, outputTokens: 300, cachedInputTokens: 1_000), keys);
        Console.WriteLine($"{record.Totals.TotalTokens} tokens, ${record.Totals.Cost} (priced: {record.IsPriced})");

        // Totals of the current window of a kind: one key (null: every call), one model (null: every model).
        UsageTotals aliceToday = await tracker.GetTotalsAsync(UsageKey.User("alice"), null, UsageWindow.Day);
        UsageTotals miniThisMonth = await tracker.GetTotalsAsync(null, "gpt-4o-mini", UsageWindow.Month);

        // A report over any range, per scope and model.
        UsageReport lastWeek = await tracker.GetReportAsync(DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow);
        foreach (KeyValuePair<UsageKey, UsageTotals> row in lastWeek.ByKey)
        {
            Console.WriteLine($"{row.Key}: {row.Value}");
        }

        Assert.Equal(1_500, record.Totals.TotalTokens);
        Assert.True(record.IsPriced);
        Assert.Equal(record.Totals, aliceToday);
        Assert.Equal(record.Totals, miniThisMonth);
        Assert.Equal(2, lastWeek.ByKey.Count);
        Assert.Equal(record.Totals, lastWeek.Total);
    }

    [Fact]
    public async Task Budgets_example()
    {
        var output = new List<string>();
        var policies = new[]
        {
            // Each user: 200,000 tokens per day, rejected beyond.
            new BudgetPolicy("per-user-daily") { Dimension = UsageKey.UserDimension, MaxTokens = 200_000 },

            // The checkout project: $50 per month.
            new BudgetPolicy("checkout-monthly") { Key = UsageKey.Project("checkout"), MaxCost = 50m, Window = UsageWindow.Month },

            // The whole application: from 80 % of $20 a day on, gpt-4o calls fall back to gpt-4o-mini with at most 500 output tokens.
            new BudgetPolicy("app-daily-soft")
            {
                Model = "gpt-4o",
                MaxCost = 20m,
                Action = BudgetAction.Degrade,
                DegradeAt = 0.8,
                FallbackModel = "gpt-4o-mini",
                DegradedMaxOutputTokens = 500,
            },
        };
        var enforcer = new BudgetEnforcer(new UsageTracker(), policies);
        enforcer.AlertRaised += (_, alert) => Console.WriteLine(alert);   // "Budget 'per-user-daily' for user:alice reached 80 % ..."

        UsageKey[] keys = { UsageKey.User("alice"), UsageKey.Project("checkout") };
        try
        {
            // Before the call: input tokens (BudgetedPrompt.InputTokens) and the output cap you will send.
            BudgetDecision decision = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", inputTokens: 3_000, maxOutputTokens: 1_000, keys));

            // Call decision.Model with decision.MaxOutputTokens (possibly degraded), then charge what the provider reported.
            TokenUsage reported = new TokenUsage(inputTokens: 3_000, outputTokens: 420);
            await enforcer.ChargeAsync(decision.Model, reported, keys);
            output.Add(decision.Model);
        }
        catch (BudgetExceededException e)
        {
            // For example an HTTP 429 with Retry-After: e.RetryAfter is the end of the window.
            Console.WriteLine($"{e.PolicyName} ({e.Scope}, {e.Window}, {e.LimitKind}): {e.Used} used + {e.Requested} > {e.Limit}; retry after {e.RetryAfter:O}");
            output.Add(e.PolicyName);
        }

        Assert.Equal(new[] { "gpt-4o" }, output);
        Assert.Equal(3_420, (await enforcer.Tracker.GetTotalsAsync(UsageKey.User("alice"), null, UsageWindow.Day)).TotalTokens);
    }

    [Fact]
    public async Task Alerts_example()
    {
        var policy = new BudgetPolicy("team-monthly") { Dimension = "team", MaxCost = 500m, Window = UsageWindow.Month };
        policy.AlertThresholds.Clear();
        policy.AlertThresholds.Add(0.9);
        policy.AlertThresholds.Add(1.5);    // hear about a 50 % overrun too
        var enforcer = new BudgetEnforcer(new UsageTracker(), new[] { policy });
        enforcer.AlertRaised += (_, alert) =>
            Console.WriteLine($"{alert.Policy.Name}: {alert.Scope} at {alert.Threshold:P0} of {alert.Limit} in the {alert.Window} from {alert.WindowStart:yyyy-MM-dd}");

        var seen = new List<double>();
        enforcer.AlertRaised += (_, alert) => seen.Add(alert.Threshold);
        await enforcer.ChargeAsync("o1-pro", new TokenUsage(0, 1_000_000), new[] { new UsageKey("team", "search") }); // $600

        Assert.Equal(new[] { 0.9 }, seen);
    }

    [Fact]
    public async Task Metrics_example()
    {
        // With dependency injection, pass the application's IMeterFactory; without, the instance owns a Meter named "PromptAnalyzers".
        using var metrics = new PromptBudgetMetrics(meterFactory: null)
        {
            // Microsoft.Extensions.AI's OpenTelemetryChatClient already reports gen_ai.client.token.usage: do not count it twice.
            ReportTokenUsage = false,
        };
        var tracker = new UsageTracker(metrics: metrics);
        var enforcer = new BudgetEnforcer(tracker, new[] { new BudgetPolicy("daily") { MaxTokens = 1_000_000 } }, metrics);

        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(10, 10));

        Assert.Equal("PromptAnalyzers", metrics.Meter.Name);
        Assert.False(metrics.ReportTokenUsage);
        Assert.Single(enforcer.Policies);
    }

    [Fact]
    public void The_metrics_table_of_the_docs_lists_every_instrument_constant()
    {
        string docs = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoRoot(), "docs", "production", "usage-and-budgets.md"));
        string[] names = typeof(GenAiTelemetry).GetFields()
            .Where(f => f.IsLiteral && (f.Name.EndsWith("Metric", StringComparison.Ordinal) || f.Name.EndsWith("Attribute", StringComparison.Ordinal)))
            .Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Contains("gen_ai.client.token.usage", names);
        Assert.All(names, n => Assert.Contains("`" + n + "`", docs, StringComparison.Ordinal));
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir, "PromptAnalyzers.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
