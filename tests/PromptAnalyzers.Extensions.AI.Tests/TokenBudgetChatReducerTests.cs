using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    public class TokenBudgetChatReducerTests
    {
        private static readonly TokenCounter Counter = TokenCounter.ForModel("gpt-4o");

        [Fact]
        public async Task A_conversation_within_the_budget_is_returned_unchanged()
        {
            List<ChatMessage> history = Conversation(turns: 3);
            var reducer = new TokenBudgetChatReducer(Counter, 10_000);

            IEnumerable<ChatMessage> reduced = await reducer.ReduceAsync(history, default);

            Assert.Equal(history, reduced);
        }

        [Fact]
        public void The_oldest_turns_are_dropped_first_and_the_system_message_is_kept()
        {
            List<ChatMessage> history = Conversation(turns: 6);
            int all = Counter.CountChatMessages(history);
            int withoutFirstTurn = Counter.CountChatMessages(history.Where((m, i) => i != 1 && i != 2));
            var reducer = new TokenBudgetChatReducer(Counter, withoutFirstTurn);

            ChatReduction reduction = reducer.Reduce(history);

            Assert.True(withoutFirstTurn < all);
            Assert.Equal(history.Where((m, i) => i != 1 && i != 2), reduction.Messages);
            Assert.Equal(2, reduction.Dropped);
            Assert.Equal(withoutFirstTurn, reduction.Tokens);
        }

        [Fact]
        public void The_reduced_messages_counted_from_scratch_fit_the_budget_exactly()
        {
            List<ChatMessage> history = Conversation(turns: 8);
            int total = Counter.CountChatMessages(history);
            for (int budget = total; budget >= 0; budget -= 7)
            {
                var reducer = new TokenBudgetChatReducer(Counter, budget);
                ChatReduction reduction;
                try
                {
                    reduction = reducer.Reduce(history);
                }
                catch (ConversationBudgetExceededException)
                {
                    Assert.True(ScratchCount(new[] { history[0], history[^1] }) > budget);
                    continue;
                }

                int scratch = ScratchCount(reduction.Messages);
                Assert.Equal(scratch, reduction.Tokens);
                Assert.True(scratch <= budget, $"{scratch} > {budget}");

                // Nothing more could have been kept: adding back the newest dropped turn would overrun the budget.
                int droppedTurns = (history.Count - reduction.Messages.Count) / 2;
                if (droppedTurns > 0)
                {
                    IEnumerable<ChatMessage> oneMore = history.Where((m, i) => i == 0 || i > 2 * (droppedTurns - 1));
                    Assert.True(ScratchCount(oneMore) > budget);
                }
            }
        }

        [Fact]
        public void A_function_call_is_dropped_together_with_its_results_and_never_split()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.System, "You answer weather questions."),
                new ChatMessage(ChatRole.User, "Weather in Paris and Rome?"),
                new ChatMessage(ChatRole.Assistant, new List<AIContent>
                {
                    new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                    new FunctionCallContent("c2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
                }),
                new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("c1", "18 C"), new FunctionResultContent("c2", "24 C") }),
                new ChatMessage(ChatRole.Assistant, "Paris 18 C, Rome 24 C."),
                new ChatMessage(ChatRole.User, "Thanks. And tomorrow?"),
            };

            // Budgets around every possible cut: the call (index 2) and its results (index 3) stay or go together.
            int total = Counter.CountChatMessages(history);
            for (int budget = Counter.CountChatMessages(new[] { history[0], history[5] }); budget <= total; budget++)
            {
                IReadOnlyList<ChatMessage> kept = new TokenBudgetChatReducer(Counter, budget).Reduce(history).Messages;
                Assert.Equal(kept.Contains(history[2]), kept.Contains(history[3]));
                AssertEveryResultHasItsCall(kept);
                Assert.Contains(history[0], kept);
                Assert.Contains(history[5], kept);
            }
        }

        [Fact]
        public void The_built_in_reducers_behaviour_is_not_repeated_function_calls_survive_when_they_fit()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.User, "What time is it?"),
                new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("t", "now") }),
                new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("t", "12:00") }),
            };

            IReadOnlyList<ChatMessage> kept = new TokenBudgetChatReducer(Counter, 1_000).Reduce(history).Messages;

            Assert.Equal(history, kept);
        }

        [Fact]
        public void The_current_tool_loop_is_kept_with_the_question_it_answers()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.User, Words(200)),
                new ChatMessage(ChatRole.Assistant, Words(200)),
                new ChatMessage(ChatRole.User, "What time is it?"),
                new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("t", "now") }),
                new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("t", "12:00") }),
            };
            int budget = Counter.CountChatMessages(history.Skip(2));

            IReadOnlyList<ChatMessage> kept = new TokenBudgetChatReducer(Counter, budget).Reduce(history).Messages;

            Assert.Equal(history.Skip(2), kept);
        }

        [Fact]
        public void A_result_whose_call_is_missing_is_removed()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("gone", "stale result") }),
                new ChatMessage(ChatRole.User, "Hello"),
            };

            ChatReduction reduction = new TokenBudgetChatReducer(Counter, 1_000).Reduce(history);

            Assert.Equal(new[] { history[1] }, reduction.Messages);
            Assert.Equal(1, reduction.Dropped);
            Assert.Equal(ScratchCount(reduction.Messages), reduction.Tokens);
        }

        [Fact]
        public void Text_between_a_call_and_its_result_stays_with_them()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.User, Words(50)),
                new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("x", "lookup") }),
                new ChatMessage(ChatRole.User, "(while waiting) " + Words(30)),
                new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("x", "found") }),
                new ChatMessage(ChatRole.Assistant, Words(40)),
                new ChatMessage(ChatRole.User, "Next question?"),
            };

            int total = Counter.CountChatMessages(history);
            for (int budget = Counter.CountChatMessages(history.Skip(5)); budget <= total; budget++)
            {
                IReadOnlyList<ChatMessage> kept = new TokenBudgetChatReducer(Counter, budget).Reduce(history).Messages;
                Assert.Equal(kept.Contains(history[1]), kept.Contains(history[3]));
                Assert.Equal(kept.Contains(history[1]), kept.Contains(history[2]));
                AssertEveryResultHasItsCall(kept);
            }
        }

        [Fact]
        public void Kept_messages_that_cannot_fit_throw_with_what_they_need()
        {
            var history = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.System, Words(100)),
                new ChatMessage(ChatRole.User, "Hi"),
            };
            int needed = Counter.CountChatMessages(history);

            ConversationBudgetExceededException error = Assert.Throws<ConversationBudgetExceededException>(
                () => new TokenBudgetChatReducer(Counter, needed - 1).Reduce(history));

            Assert.Equal(needed, error.TokensNeeded);
            Assert.Equal(needed - 1, error.Budget);
        }

        [Fact]
        public void Random_histories_keep_every_guarantee()
        {
            var random = new Random(20261125);
            for (int run = 0; run < 400; run++)
            {
                TokenCounter counter = run % 3 == 0 ? TokenCounter.ForModel("claude-sonnet-4") : Counter;
                List<ChatMessage> history = RandomHistory(random);
                int total = counter.CountChatMessages(history);
                int budget = random.Next(0, total + 20);
                ChatReduction reduction;
                try
                {
                    reduction = new TokenBudgetChatReducer(counter, budget).Reduce(history);
                }
                catch (ConversationBudgetExceededException error)
                {
                    Assert.True(error.TokensNeeded > budget);
                    continue;
                }

                IReadOnlyList<ChatMessage> kept = reduction.Messages;
                Assert.Equal(counter.CountChatMessages(kept), reduction.Tokens);
                Assert.True(reduction.Tokens <= budget, $"run {run}: {reduction.Tokens} > {budget}");
                Assert.Equal(history.Count - kept.Count, reduction.Dropped);
                Assert.All(history.Where(m => m.Role == ChatRole.System), m => Assert.Contains(m, kept));
                Assert.Contains(history.Last(m => m.Role == ChatRole.User), kept);
                AssertEveryResultHasItsCall(kept);
                AssertEveryCallKeepsItsResults(history, kept);

                // Order is preserved.
                List<int> positions = kept.Select(m => history.IndexOf(m)).ToList();
                Assert.Equal(positions.OrderBy(p => p), positions);
            }
        }

        private static void AssertEveryResultHasItsCall(IReadOnlyList<ChatMessage> messages)
        {
            var calls = new HashSet<string>();
            foreach (ChatMessage message in messages)
            {
                foreach (FunctionResultContent result in message.Contents.OfType<FunctionResultContent>())
                {
                    Assert.True(calls.Contains(result.CallId), $"result {result.CallId} without its call");
                }

                foreach (FunctionCallContent call in message.Contents.OfType<FunctionCallContent>())
                {
                    calls.Add(call.CallId);
                }
            }
        }

        private static void AssertEveryCallKeepsItsResults(IReadOnlyList<ChatMessage> history, IReadOnlyList<ChatMessage> kept)
        {
            foreach (ChatMessage message in kept)
            {
                foreach (FunctionCallContent call in message.Contents.OfType<FunctionCallContent>())
                {
                    foreach (ChatMessage withResult in history.Where(m => m.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == call.CallId)))
                    {
                        Assert.Contains(withResult, kept);
                    }
                }
            }
        }

        private static List<ChatMessage> RandomHistory(Random random)
        {
            var history = new List<ChatMessage>();
            if (random.Next(2) == 0)
            {
                history.Add(new ChatMessage(ChatRole.System, Words(random.Next(1, 30))));
            }

            int turns = random.Next(1, 8);
            int id = 0;
            for (int t = 0; t < turns; t++)
            {
                history.Add(new ChatMessage(ChatRole.User, Words(random.Next(1, 40))));
                if (random.Next(3) == 0)
                {
                    int calls = random.Next(1, 4);
                    var callContents = new List<AIContent>();
                    var results = new List<AIContent>();
                    for (int c = 0; c < calls; c++)
                    {
                        string callId = "call_" + id++;
                        callContents.Add(new FunctionCallContent(callId, "tool" + c, new Dictionary<string, object?> { ["q"] = Words(random.Next(1, 5)) }));
                        results.Add(new FunctionResultContent(callId, Words(random.Next(1, 30))));
                    }

                    history.Add(new ChatMessage(ChatRole.Assistant, callContents));
                    if (random.Next(2) == 0)
                    {
                        history.Add(new ChatMessage(ChatRole.Tool, results));
                    }
                    else
                    {
                        history.AddRange(results.Select(r => new ChatMessage(ChatRole.Tool, new List<AIContent> { r })));
                    }
                }

                if (random.Next(5) == 0)
                {
                    history.Add(new ChatMessage(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("orphan_" + id++, "stale") }));
                }

                history.Add(new ChatMessage(ChatRole.Assistant, Words(random.Next(1, 40))));
                if (random.Next(6) == 0)
                {
                    history.Add(new ChatMessage(ChatRole.System, Words(random.Next(1, 10))));
                }
            }

            history.Add(new ChatMessage(ChatRole.User, Words(random.Next(1, 20))));
            return history;
        }

        /// <summary>System message, then user/assistant turns of distinct lengths, then a final user question.</summary>
        private static List<ChatMessage> Conversation(int turns)
        {
            var history = new List<ChatMessage> { new ChatMessage(ChatRole.System, "You are a helpful assistant.") };
            for (int t = 0; t < turns; t++)
            {
                history.Add(new ChatMessage(ChatRole.User, Words(10 + t)));
                history.Add(new ChatMessage(ChatRole.Assistant, Words(20 + t)));
            }

            history.Add(new ChatMessage(ChatRole.User, "And finally?"));
            return history;
        }

        /// <summary>
        /// The cookbook rule written out for text-only and tool messages, independent of the reducer: 3 for the reply,
        /// per message 3 + role + content (+ 1 + name), per function call 3 + name + arguments, one tool message per result.
        /// </summary>
        private static int ScratchCount(IEnumerable<ChatMessage> messages)
        {
            int total = 3;
            foreach (ChatMessage message in messages)
            {
                List<FunctionResultContent> results = message.Contents.OfType<FunctionResultContent>().ToList();
                if (results.Count > 0)
                {
                    total += results.Sum(r => 3 + Counter.CountTokens("tool") + Counter.CountTokens((string)r.Result!));
                    continue;
                }

                string role = message.Contents.OfType<FunctionCallContent>().Any() ? "assistant" : message.Role.Value;
                total += 3 + Counter.CountTokens(role) + Counter.CountTokens(message.Text);
                foreach (FunctionCallContent call in message.Contents.OfType<FunctionCallContent>())
                {
                    total += 3 + Counter.CountTokens(call.Name) + Counter.CountTokens(call.GetArgumentsJson());
                }
            }

            return total;
        }

        private static readonly string[] Vocabulary = { "hello", "world", "the", "quick", "fox", "你好", "👋🏽", "مرحبا", "42", "Paris", "é", "\n" };

        private static string Words(int count)
        {
            var random = new Random(count * 7919);
            return string.Join(" ", Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
        }
    }
}
