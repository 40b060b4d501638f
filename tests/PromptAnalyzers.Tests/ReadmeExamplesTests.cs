using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace PromptAnalyzers.Tests;

/// <summary>The README's runtime examples, as written there, compiled and checked.</summary>
public class ReadmeExamplesTests
{
    private const string UserText = "Does the warranty cover the battery? 🔋 保修包括电池吗？";

    [Fact]
    public void Counting_example()
    {
        var messages = new[] { new PromptMessage(PromptRole.User, UserText) };
        var tools = Array.Empty<ToolDefinition>();
        string document = string.Concat(Enumerable.Repeat("The warranty covers parts and labour. ", 2_000));

        TokenCounter counter = TokenCounter.ForModel("gpt-4o");
        int tokens = counter.CountTokens(UserText);
        int request = counter.CountMessages(messages) + counter.CountTools(tools);
        bool within = counter.IsWithin(document, 4_000, out _);
        TokenCount claude = TokenCounter.ForModel("claude-sonnet-4").Count(UserText);

        Assert.Equal(3 + 1 + tokens + 3, request);
        Assert.False(within);
        Assert.False(claude.IsExact);
        Assert.Contains("approximate", claude.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_example()
    {
        string document = string.Concat(Enumerable.Repeat("One sentence here. Another one there!\n", 500));
        TruncatedText head = TextTruncator.Truncate(document, 2_000, Truncation.KeepStart, "o200k_base");
        TruncatedText tail = TextTruncator.Truncate(document, 500, Truncation.KeepEnd, "cl100k_base");
        TruncatedText both = TextTruncator.Truncate(document, 800, Truncation.KeepBothEnds, "o200k_base");
        TruncatedText whole = TextTruncator.Truncate(document, 1_200, Truncation.Sentences, "o200k_base");

        Assert.True(head.IsTruncated && head.Tokens <= 2_000 && document.StartsWith(head.Text, StringComparison.Ordinal));
        Assert.True(tail.Tokens <= 500 && document.EndsWith(tail.Text, StringComparison.Ordinal));
        Assert.True(both.Tokens <= 800 && both.Text.Contains('…', StringComparison.Ordinal));
        Assert.True(whole.Tokens <= 1_200 && (whole.Text.EndsWith('!') || whole.Text.EndsWith('.') || whole.Text.EndsWith('\n')));
    }

    [Fact]
    public void Allocation_example()
    {
        int history = 5_000;
        int question = 40;
        BudgetAllocation a = BudgetAllocator.Allocate(8_000,
            BudgetPart.Fixed("system", 300, need: 120),
            BudgetPart.Percent("documents", 60),
            BudgetPart.Remainder("history", need: history),
            BudgetPart.Remainder("question", weight: 2, need: question));

        var byName = new Dictionary<string, int>();
        foreach (PartAllocation p in a)
        {
            byName[p.Name] = p.Tokens;
        }

        Assert.Equal(8_000, byName.Values.Sum());
        Assert.Equal(120, byName["system"]);
        Assert.Equal(40, byName["question"]);
    }

    [Fact]
    public async Task Conversation_example()
    {
        var window = new ConversationWindow(TokenCounter.ForModel("gpt-4o-mini"));
        window.Append(new PromptMessage(PromptRole.System, "You are Contoso's support agent."));
        window.Append(new PromptMessage(PromptRole.User, "My order number is 1234."), pinned: true);
        window.Append(PromptMessage.AssistantToolCalls(new[] { new ToolCall("call_1", "get_order", "{\"id\":1234}") }));
        window.Append(PromptMessage.Tool("call_1", "{\"status\":\"shipped\"}"));
        for (int i = 0; i < 200; i++)
        {
            window.Append(new PromptMessage(PromptRole.User, $"Question {i}: where is my parcel now, and when will it arrive?"));
            window.Append(new PromptMessage(PromptRole.Assistant, $"Answer {i}: it is on its way and should arrive tomorrow."));
        }

        ConversationFit fit = window.Fit(budget: 3_000);
        ConversationFit summarized = await window.FitAsync(3_000,
            (dropped, maxTokens, ct) => SummarizeAsync(dropped, maxTokens, ct), maxSummaryTokens: 200);

        Assert.InRange(fit.Tokens, 1, 3_000);
        Assert.True(fit.Dropped > 0);
        Assert.Equal("My order number is 1234.", fit.Messages[1].Content);
        Assert.InRange(summarized.Tokens, 1, 3_000);
        Assert.NotNull(summarized.Summary);
    }

    [Fact]
    public void Cost_example()
    {
        var costs = new CostEstimator();
        CostBreakdown before = costs.Estimate("gpt-4o", 10_000, expectedOutputTokens: 500,
            new CostOptions { Batch = true, ExpectedCachedInputTokens = 4_000 });
        CostBreakdown after = costs.Price("o3", new TokenUsage(inputTokens: 12_000, outputTokens: 3_000,
            cachedInputTokens: 8_000, reasoningTokens: 2_000));

        Assert.True(before.Total > 0m);
        Assert.Equal("USD", after.Currency);
        Assert.True(after.Total > 0m);
    }

    [Fact]
    public async Task Production_example_without_extensions_ai()
    {
        var alerts = new List<BudgetAlert>();
        int inputTokens = TokenCounter.ForModel("gpt-4o").CountMessages(new[] { new PromptMessage(PromptRole.User, UserText) });

        var tracker = new UsageTracker();
        var enforcer = new BudgetEnforcer(tracker, new[] { new BudgetPolicy("per-user-daily")
            { Dimension = UsageKey.UserDimension, MaxTokens = 200_000 } });
        enforcer.AlertRaised += (_, alert) => alerts.Add(alert);

        UsageKey[] keys = { UsageKey.User("alice") };
        BudgetDecision decision = await enforcer.CheckAsync(new BudgetRequest("gpt-4o", inputTokens, 1_000, keys));
        await enforcer.ChargeAsync(decision.Model, new TokenUsage(inputTokens: 1_200, outputTokens: 300), keys);

        Assert.Equal("gpt-4o", decision.Model);
        Assert.Equal(1_000, decision.MaxOutputTokens);
        Assert.False(decision.IsDegraded);
        UsageTotals alice = await tracker.GetTotalsAsync(UsageKey.User("alice"), null, UsageWindow.Day);
        Assert.Equal((1L, 1_200L, 300L), (alice.Calls, alice.InputTokens, alice.OutputTokens));
        Assert.Equal(CostEstimator.Default.Price("gpt-4o", new TokenUsage(1_200, 300)).Total, alice.Cost);
        Assert.Empty(alerts);

        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(inputTokens: 120_000, outputTokens: 0), keys);
        BudgetAlert half = Assert.Single(alerts);
        Assert.Equal(0.5, half.Threshold);
        await Assert.ThrowsAsync<BudgetExceededException>(() =>
            enforcer.CheckAsync(new BudgetRequest("gpt-4o", 100_000, 1_000, keys)));
    }

    private static Task<string> SummarizeAsync(IReadOnlyList<PromptMessage> dropped, int maxTokens, CancellationToken cancellationToken) =>
        Task.FromResult($"Earlier, the user asked {dropped.Count / 2} questions about the parcel; all were answered.");
}
