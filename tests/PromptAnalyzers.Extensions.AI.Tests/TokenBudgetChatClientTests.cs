using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    public class TokenBudgetChatClientTests
    {
        private static readonly ModelInfo Tiny = new ModelInfo(
            "tiny-test", "openai", contextWindow: 400, maxOutput: 100, encoding: "o200k_base", pricing: new ModelPricing(1m, 2m, cachedInput: 0.5m));

        private static readonly ModelCatalog Catalog = ModelCatalog.Default.WithModel(Tiny);

        private static readonly UsageKey Alice = UsageKey.User("alice");

        [Fact]
        public async Task Max_output_tokens_are_capped_to_the_reserved_output()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 500).Client;

            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 2_000 });
            Assert.Equal(500, inner.LastCall.MaxOutputTokens);

            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" });
            Assert.Equal(500, inner.LastCall.MaxOutputTokens);

            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 120 });
            Assert.Equal(120, inner.LastCall.MaxOutputTokens);
        }

        [Fact]
        public async Task The_reserved_output_never_exceeds_the_models_maximum_output()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 100_000).Client;

            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Equal(ModelCatalog.Default.Get("gpt-4o").MaxOutput, inner.LastCall.MaxOutputTokens);
        }

        [Fact]
        public async Task The_conversation_is_fitted_into_the_window_less_the_reserved_output()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 100).Client;
            List<ChatMessage> history = LongHistory(turns: 20);

            await client.GetResponseAsync(history, new ChatOptions { ModelId = "tiny-test" });

            List<ChatMessage> sent = inner.LastCall.Messages;
            TokenCounter counter = TokenCounter.ForModel(Tiny);
            Assert.True(counter.CountChatMessages(history) > 300);
            Assert.True(sent.Count < history.Count);
            Assert.True(counter.CountChatMessages(sent) <= 300, $"{counter.CountChatMessages(sent)} > 300");
            Assert.Same(history[0], sent[0]);
            Assert.Same(history[^1], sent[^1]);
            Assert.Equal(100, inner.LastCall.MaxOutputTokens);
        }

        [Fact]
        public async Task Function_tools_and_instructions_take_their_share_of_the_window()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 100).Client;
            List<ChatMessage> history = LongHistory(turns: 20);
            AIFunction tool = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Gets the current weather in a city.");
            var options = new ChatOptions { ModelId = "tiny-test", Tools = new List<AITool> { tool }, Instructions = "Answer in one sentence." };

            await client.GetResponseAsync(history, new ChatOptions { ModelId = "tiny-test" });
            int withoutTools = inner.LastCall.Messages.Count;
            await client.GetResponseAsync(history, options);

            TokenCounter counter = TokenCounter.ForModel(Tiny);
            int overhead = counter.CountChatTools(options.Tools) + counter.CountMessage(new PromptMessage(PromptRole.System, options.Instructions));
            Assert.True(overhead > 20);
            Assert.True(inner.LastCall.Messages.Count < withoutTools);
            Assert.True(counter.CountChatMessages(inner.LastCall.Messages) + overhead <= 300);
        }

        [Fact]
        public async Task A_conversation_whose_kept_messages_cannot_fit_fails_before_the_call()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 100).Client;
            var history = new List<ChatMessage> { new ChatMessage(ChatRole.User, string.Join(" ", Enumerable.Repeat("word", 400))) };

            await Assert.ThrowsAsync<ConversationBudgetExceededException>(() => client.GetResponseAsync(history, new ChatOptions { ModelId = "tiny-test" }));

            Assert.Empty(inner.Calls);
        }

        [Fact]
        public async Task A_rejecting_policy_throws_BudgetExceededException_and_the_inner_client_is_never_called()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 });
            var policy = new BudgetPolicy("alice-daily") { Key = Alice, MaxTokens = 50, Window = UsageWindow.Day };
            TokenBudgetChatClient client = Create(inner, o => o.ReservedOutputTokens = 20, policy).Client;
            ChatOptions options = new ChatOptions { ModelId = "gpt-4o" }.WithUsageKeys(Alice);

            BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
                () => client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, string.Join(" ", Enumerable.Repeat("word", 60))) }, options));

            Assert.Equal("alice-daily", error.PolicyName);
            Assert.Equal(Alice.ToString(), error.Scope);
            Assert.Empty(inner.Calls);

            // Another user is not limited by Alice's policy.
            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" }.WithUsageKeys(UsageKey.User("bob")));
            Assert.Single(inner.Calls);
        }

        [Fact]
        public async Task A_degrading_policy_sends_the_call_to_the_fallback_model_with_a_lower_output_cap()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 30, OutputTokenCount = 7 });
            var policy = new BudgetPolicy("degrade")
            {
                MaxTokens = 1_000_000, Action = BudgetAction.Degrade, DegradeAt = 0.0000001, FallbackModel = "gpt-4o-mini", DegradedMaxOutputTokens = 64,
            };
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner, o => o.ReservedOutputTokens = 1_000, policy);

            await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Equal("gpt-4o-mini", inner.LastCall.ModelId);
            Assert.Equal(64, inner.LastCall.MaxOutputTokens);
            UsageTotals mini = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o-mini", UsageWindow.Day);
            UsageTotals requested = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o", UsageWindow.Day);
            Assert.Equal(1, mini.Calls);
            Assert.Equal(0, requested.Calls);
        }

        [Fact]
        public async Task The_reported_usage_is_recorded_for_the_calls_keys()
        {
            var usage = new UsageDetails { InputTokenCount = 1_234, OutputTokenCount = 56, CachedInputTokenCount = 200, ReasoningTokenCount = 10 };
            var inner = new ScriptedChatClient(usage: usage);
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner, o => o.Keys = (messages, options) => new[] { UsageKey.Project("checkout") });
            ChatOptions options = new ChatOptions { ModelId = "gpt-4o" }.WithUsageKeys(Alice);

            await client.GetResponseAsync(Question(), options);

            foreach (UsageKey? key in new UsageKey?[] { null, Alice, UsageKey.Project("checkout") })
            {
                UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(key, "gpt-4o", UsageWindow.Day);
                Assert.Equal(1, totals.Calls);
                Assert.Equal(1_234, totals.InputTokens);
                Assert.Equal(200, totals.CachedInputTokens);
                Assert.Equal(56, totals.OutputTokens);
                Assert.True(totals.Cost > 0);
            }
        }

        [Fact]
        public async Task The_keys_property_does_not_reach_the_inner_client_and_the_callers_options_are_unchanged()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner).Client;
            ChatOptions options = new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 100_000 }.WithUsageKeys(Alice);
            options.AdditionalProperties!["other"] = 1;

            await client.GetResponseAsync(Question(), options);

            Assert.False(inner.LastCall.Options!.AdditionalProperties!.ContainsKey(TokenBudgetChatClientOptions.KeysProperty));
            Assert.Equal(1, inner.LastCall.Options.AdditionalProperties["other"]);
            Assert.True(options.AdditionalProperties.ContainsKey(TokenBudgetChatClientOptions.KeysProperty));
            Assert.Equal(100_000, options.MaxOutputTokens);
            Assert.NotSame(options, inner.LastCall.Options);
        }

        [Fact]
        public async Task Keys_given_as_text_are_parsed()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 9, OutputTokenCount = 1 });
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner);
            var options = new ChatOptions { ModelId = "gpt-4o", AdditionalProperties = new AdditionalPropertiesDictionary { [TokenBudgetChatClientOptions.KeysProperty] = new[] { "user:alice", "role:analyst" } } };

            await client.GetResponseAsync(Question(), options);

            Assert.Equal(1, (await enforcer.Tracker.GetTotalsAsync(Alice, null, UsageWindow.Day)).Calls);
            Assert.Equal(1, (await enforcer.Tracker.GetTotalsAsync(UsageKey.Role("analyst"), null, UsageWindow.Day)).Calls);
        }

        [Fact]
        public async Task A_streamed_response_is_charged_once_with_the_sum_of_its_usage_updates()
        {
            var inner = new ScriptedChatClient("A streamed answer in several chunks.")
            {
                UsageUpdates = new List<(int, UsageDetails)>
                {
                    (2, new UsageDetails { InputTokenCount = 500, CachedInputTokenCount = 100 }),
                    (8, new UsageDetails { OutputTokenCount = 42 }),
                },
            };
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner);

            var text = new System.Text.StringBuilder();
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" }.WithUsageKeys(Alice)))
            {
                text.Append(update.Text);
            }

            Assert.Equal(inner.Text, text.ToString());
            UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(Alice, "gpt-4o", UsageWindow.Day);
            Assert.Equal(1, totals.Calls);
            Assert.Equal(500, totals.InputTokens);
            Assert.Equal(100, totals.CachedInputTokens);
            Assert.Equal(42, totals.OutputTokens);
        }

        [Fact]
        public async Task A_stream_stopped_early_is_charged_with_the_usage_seen_so_far()
        {
            var inner = new ScriptedChatClient("A streamed answer in several chunks.")
            {
                UsageUpdates = new List<(int, UsageDetails)> { (1, new UsageDetails { InputTokenCount = 300, OutputTokenCount = 3 }), (8, new UsageDetails { OutputTokenCount = 30 }) },
            };
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner);

            int seen = 0;
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" }))
            {
                if (++seen == 4)
                {
                    break;
                }
            }

            Assert.Equal(1, inner.StreamsDisposed);
            UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o", UsageWindow.Day);
            Assert.Equal(1, totals.Calls);
            Assert.Equal(300, totals.InputTokens);
            Assert.Equal(3, totals.OutputTokens);
        }

        [Fact]
        public async Task A_stream_stopped_before_any_usage_is_charged_with_the_counted_estimate()
        {
            var inner = new ScriptedChatClient("Hello there, friend.") { ChunkSize = 6, UsageUpdates = new List<(int, UsageDetails)>() };
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner);
            List<ChatMessage> question = Question();

            var seen = new System.Text.StringBuilder();
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(question, new ChatOptions { ModelId = "gpt-4o" }))
            {
                seen.Append(update.Text);
                if (seen.Length >= 12)
                {
                    break;
                }
            }

            TokenCounter counter = TokenCounter.ForModel("gpt-4o");
            UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o", UsageWindow.Day);
            Assert.Equal(1, totals.Calls);
            Assert.Equal(counter.CountChatMessages(question), totals.InputTokens);
            Assert.Equal(counter.CountTokens(seen.ToString()), totals.OutputTokens);
        }

        [Fact]
        public async Task A_response_without_usage_is_recorded_with_the_counted_estimate()
        {
            var inner = new ScriptedChatClient("Four words of output.");
            (TokenBudgetChatClient client, BudgetEnforcer enforcer) = Create(inner);
            List<ChatMessage> question = Question();

            await client.GetResponseAsync(question, new ChatOptions { ModelId = "gpt-4o" });

            TokenCounter counter = TokenCounter.ForModel("gpt-4o");
            UsageTotals totals = await enforcer.Tracker.GetTotalsAsync(null, "gpt-4o", UsageWindow.Day);
            Assert.Equal(counter.CountChatMessages(question), totals.InputTokens);
            Assert.Equal(counter.CountTokens(inner.Text), totals.OutputTokens);
        }

        [Fact]
        public async Task The_model_comes_from_the_options_then_the_default_model_then_the_inner_clients_metadata()
        {
            var inner = new ScriptedChatClient(defaultModel: "gpt-4o-mini");
            TokenBudgetChatClient fromMetadata = Create(inner).Client;
            TokenBudgetChatClient fromDefault = Create(inner, o => o.DefaultModel = "tiny-test").Client;

            await fromMetadata.GetResponseAsync(Question());
            Assert.Equal("gpt-4o-mini", inner.LastCall.ModelId);
            await fromDefault.GetResponseAsync(Question());
            Assert.Equal("tiny-test", inner.LastCall.ModelId);
            await fromDefault.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" });
            Assert.Equal("gpt-4o", inner.LastCall.ModelId);
        }

        [Fact]
        public async Task A_call_without_any_model_fails_clearly()
        {
            TokenBudgetChatClient client = Create(new ScriptedChatClient()).Client;

            InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Question()));

            Assert.Contains("ModelId", error.Message);
        }

        [Fact]
        public async Task An_unknown_model_fails_with_UnknownModelException()
        {
            var inner = new ScriptedChatClient();
            TokenBudgetChatClient client = Create(inner).Client;

            await Assert.ThrowsAsync<UnknownModelException>(() => client.GetResponseAsync(Question(), new ChatOptions { ModelId = "no-such-model-xyz" }));
            Assert.Empty(inner.Calls);
        }

        [Fact]
        public async Task A_store_failure_is_logged_and_does_not_fail_the_call()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 1, OutputTokenCount = 1 });
            var logs = new CapturingLoggerFactory();
            var tracker = new UsageTracker(new FailingStore(), new CostEstimator(Catalog), timeProvider: FixedTimeProvider.Noon);
            var client = new TokenBudgetChatClient(inner, new TokenBudgetChatClientOptions { Tracker = tracker, LoggerFactory = logs });

            ChatResponse response = await client.GetResponseAsync(Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Equal(inner.Text, response.Text);
            LogEntry error = Assert.Single(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
            Assert.IsType<InvalidOperationException>(error.Exception);
        }

        [Fact]
        public async Task Without_a_tracker_calls_are_fitted_and_capped_but_not_recorded()
        {
            var inner = new ScriptedChatClient();
            var client = new TokenBudgetChatClient(inner, new TokenBudgetChatClientOptions { Catalog = Catalog, ReservedOutputTokens = 50 });

            await client.GetResponseAsync(LongHistory(20), new ChatOptions { ModelId = "tiny-test" });

            Assert.Equal(50, inner.LastCall.MaxOutputTokens);
            Assert.True(TokenCounter.ForModel(Tiny).CountChatMessages(inner.LastCall.Messages) <= 350);
        }

        internal static (TokenBudgetChatClient Client, BudgetEnforcer Enforcer) Create(
            IChatClient inner, Action<TokenBudgetChatClientOptions>? configure = null, params BudgetPolicy[] policies)
        {
            var tracker = new UsageTracker(new InMemoryUsageStore(FixedTimeProvider.Noon), new CostEstimator(Catalog), timeProvider: FixedTimeProvider.Noon);
            var enforcer = new BudgetEnforcer(tracker, policies);
            var options = new TokenBudgetChatClientOptions { Catalog = Catalog, Enforcer = enforcer };
            configure?.Invoke(options);
            return (new TokenBudgetChatClient(inner, options), enforcer);
        }

        internal static List<ChatMessage> Question() => new List<ChatMessage>
        {
            new ChatMessage(ChatRole.System, "You are terse."),
            new ChatMessage(ChatRole.User, "What is the capital of France?"),
        };

        internal static List<ChatMessage> LongHistory(int turns)
        {
            var history = new List<ChatMessage> { new ChatMessage(ChatRole.System, "You are a helpful assistant.") };
            for (int t = 0; t < turns; t++)
            {
                history.Add(new ChatMessage(ChatRole.User, $"Question number {t}: tell me something about the number {t * 17}."));
                history.Add(new ChatMessage(ChatRole.Assistant, $"Answer number {t}: the number {t * 17} is a fine number indeed."));
            }

            history.Add(new ChatMessage(ChatRole.User, "And the last question?"));
            return history;
        }

        private sealed class FailingStore : IUsageStore
        {
            public Task<IReadOnlyList<UsageTotals>> AddAsync(IReadOnlyList<UsageIncrement> increments, CancellationToken cancellationToken = default) =>
                throw new InvalidOperationException("store down");

            public Task<IReadOnlyList<UsageTotals>> GetAsync(IReadOnlyList<UsageCounter> counters, CancellationToken cancellationToken = default) =>
                throw new InvalidOperationException("store down");

            public Task<IReadOnlyList<UsageCounterTotals>> ListAsync(UsageWindow window, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
                throw new InvalidOperationException("store down");
        }
    }
}
