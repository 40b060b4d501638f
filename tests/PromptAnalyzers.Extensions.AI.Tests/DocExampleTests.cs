using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    /// <summary>The code of docs/production/extensions-ai.md, with the scripted client in place of OpenAI's.</summary>
    public class DocExampleTests
    {
        [Fact]
        public async Task The_dependency_injection_setup_runs_as_documented()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 40, OutputTokenCount = 10 });
            var services = new ServiceCollection();
            services.AddPromptBudgeting(options =>
            {
                options.DefaultModel = "gpt-4o-mini";
                options.ReservedOutputTokens = 1_000;
                options.Policies.Add(new BudgetPolicy("per-user-daily")
                {
                    Dimension = UsageKey.UserDimension,
                    Window = UsageWindow.Day,
                    MaxTokens = 200_000,
                });
                options.Policies.Add(new BudgetPolicy("app-monthly-cost")
                {
                    Window = UsageWindow.Month,
                    MaxCost = 500m,
                    Action = BudgetAction.Degrade,
                    FallbackModel = "gpt-4o-mini",
                    DegradedMaxOutputTokens = 300,
                });
            });
            services.AddSingleton<TimeProvider>(FixedTimeProvider.Noon);
            services.AddChatClient(_ => inner)
                .UseFunctionInvocation()
                .UseTokenBudget()
                .UseOpenTelemetry();
            using ServiceProvider provider = services.BuildServiceProvider();
            IChatClient client = provider.GetRequiredService<IChatClient>();

            ChatResponse answer = await client.GetResponseAsync(TokenBudgetChatClientTests.Question(),
                new ChatOptions().WithUsageKeys(UsageKey.User("u1"), UsageKey.Project("checkout")));

            Assert.Equal(inner.Text, answer.Text);
            Assert.Equal("gpt-4o-mini", inner.LastCall.ModelId);
            Assert.Equal(1_000, inner.LastCall.MaxOutputTokens);
            Assert.False(client.GetService<TokenBudgetChatClient>()!.ReportsTokenUsage);
            UsageTotals user = await provider.GetRequiredService<UsageTracker>().GetTotalsAsync(UsageKey.User("u1"), null, UsageWindow.Day);
            Assert.Equal(50, user.TotalTokens);
        }

        [Fact]
        public async Task With_function_invocation_outside_every_round_trip_of_a_tool_loop_is_charged()
        {
            var inner = new ScriptedChatClient("It is 18 C in Paris.", new UsageDetails { InputTokenCount = 60, OutputTokenCount = 15 });
            inner.Replies.Enqueue(new ChatMessage(ChatRole.Assistant, new List<AIContent>
            {
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
            }));
            AIFunction weather = AIFunctionFactory.Create((string city) => "18 C", "get_weather", "Gets the weather in a city.");
            (TokenBudgetChatClient _, BudgetEnforcer enforcer) = TokenBudgetChatClientTests.Create(new ScriptedChatClient());
            IChatClient client = new ChatClientBuilder(inner)
                .UseFunctionInvocation()
                .UseTokenBudget(o =>
                {
                    o.Enforcer = enforcer;
                    o.DefaultModel = "gpt-4o";
                })
                .Build();

            ChatResponse answer = await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { Tools = new List<AITool> { weather } });

            Assert.Equal("It is 18 C in Paris.", answer.Text);
            Assert.Equal(2, inner.Calls.Count);
            List<ChatMessage> second = inner.Calls[1].Messages;
            Assert.Contains(second, m => m.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == "call_1"));
            Assert.Contains(second, m => m.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == "call_1"));
            UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o", UsageWindow.Day);
            Assert.Equal(2, totals.Calls);
            Assert.Equal(150, totals.TotalTokens);
        }

        [Fact]
        public async Task The_setup_without_dependency_injection_and_the_reducer_pipeline_run_as_documented()
        {
            var innerClient = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 5, OutputTokenCount = 5 });
            var tracker = new UsageTracker(timeProvider: FixedTimeProvider.Noon);
            var enforcer = new BudgetEnforcer(tracker, new[] { new BudgetPolicy("daily") { MaxTokens = 1_000_000 } });

            IChatClient client = new ChatClientBuilder(innerClient)
                .UseTokenBudget(o =>
                {
                    o.Enforcer = enforcer;
                    o.DefaultModel = "gpt-4o";
                    o.ReservedOutputTokens = 800;
                })
                .Build();
            await client.GetResponseAsync(TokenBudgetChatClientTests.Question());
            Assert.Equal(800, innerClient.LastCall.MaxOutputTokens);
            Assert.Equal(10, (await tracker.GetTotalsAsync(null, null, UsageWindow.Day)).TotalTokens);

            List<ChatMessage> history = TokenBudgetChatClientTests.LongHistory(30);
            var reducer = new TokenBudgetChatReducer(TokenCounter.ForModel("gpt-4o"), maxTokens: 200);
            IChatClient reducing = new ChatClientBuilder(innerClient).UseChatReducer(reducer).Build();
            await reducing.GetResponseAsync(history);
            Assert.True(TokenCounter.ForModel("gpt-4o").CountChatMessages(innerClient.LastCall.Messages) <= 200);
            Assert.True(innerClient.LastCall.Messages.Count < history.Count);
        }
    }
}
