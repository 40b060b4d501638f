using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PromptAnalyzers.Tests.Counting;
using Xunit;

namespace PromptAnalyzers.Tests.Conversation
{
    public class ConversationWindowTests
    {
        private const string Encoding = "o200k_base";

        private static PromptMessage User(string text) => new PromptMessage(PromptRole.User, text);

        private static PromptMessage Assistant(string text) => new PromptMessage(PromptRole.Assistant, text);

        private static ConversationWindow Chat(params PromptMessage[] messages)
        {
            var window = new ConversationWindow(TokenCounter.ForEncoding(Encoding));
            foreach (PromptMessage message in messages)
            {
                window.Append(message);
            }

            return window;
        }

        [Fact]
        public void Whole_history_fits_unchanged()
        {
            ConversationWindow window = Chat(new PromptMessage(PromptRole.System, "Be brief."), User("Hi"), Assistant("Hello!"));
            ConversationFit fit = window.Fit(1_000);
            Assert.Equal(window.Messages, fit.Messages);
            Assert.Equal(0, fit.Dropped);
            Assert.Null(fit.Summary);
            Assert.Equal(Scratch.Messages(fit.Messages, Encoding), fit.Tokens);
            Assert.Equal(window.Tokens, fit.Tokens);
        }

        [Fact]
        public void Oldest_turns_go_first_and_system_stays()
        {
            PromptMessage system = new PromptMessage(PromptRole.System, "Be brief.");
            ConversationWindow window = Chat(system, User("first question"), Assistant("first answer"), User("second question"), Assistant("second answer"));
            int budget = Scratch.Messages(new[] { system, window.Messages[3], window.Messages[4] }, Encoding);

            ConversationFit fit = window.Fit(budget);

            Assert.Equal(new[] { system, window.Messages[3], window.Messages[4] }, fit.Messages);
            Assert.Equal(2, fit.Dropped);
            Assert.Equal(budget, fit.Tokens);
            Assert.Equal(new[] { system, window.Messages[4] }, window.Fit(budget - 1).Messages);
        }

        [Fact]
        public void Pinned_messages_are_kept_anywhere()
        {
            var window = new ConversationWindow(TokenCounter.ForEncoding(Encoding));
            PromptMessage pinned = User("My account number is 42.");
            window.Append(pinned, pinned: true);
            window.Append(User("a long question about something that happened a while ago"));
            window.Append(Assistant("a long answer about something that happened a while ago"));
            window.Append(User("latest"));
            Assert.True(window.IsKept(0));
            Assert.False(window.IsKept(1));

            ConversationFit fit = window.Fit(Scratch.Messages(new[] { pinned, window.Messages[3] }, Encoding));

            Assert.Equal(new[] { pinned, window.Messages[3] }, fit.Messages);
        }

        [Fact]
        public void A_tool_call_and_its_results_go_together()
        {
            PromptMessage call = PromptMessage.AssistantToolCalls(new[]
            {
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "get_weather", "{\"city\":\"Oslo\"}"),
            });
            PromptMessage paris = PromptMessage.Tool("call_1", "{\"temp\":21}");
            PromptMessage oslo = PromptMessage.Tool("call_2", "{\"temp\":3}");
            PromptMessage answer = Assistant("Paris is warmer.");
            ConversationWindow window = Chat(User("Compare the weather"), call, paris, oslo, answer);

            // Room for the answer and one tool result, but not the whole call unit: the unit goes entirely.
            int budget = Scratch.Messages(new[] { oslo, answer }, Encoding);
            ConversationFit fit = window.Fit(budget);
            Assert.Equal(new[] { answer }, fit.Messages);
            Assert.Equal(4, fit.Dropped);

            ConversationFit withUnit = window.Fit(Scratch.Messages(new[] { call, paris, oslo, answer }, Encoding));
            Assert.Equal(new[] { call, paris, oslo, answer }, withUnit.Messages);
        }

        [Fact]
        public void Pinning_a_tool_result_keeps_its_call()
        {
            var window = new ConversationWindow(TokenCounter.ForEncoding(Encoding));
            PromptMessage call = PromptMessage.AssistantToolCalls(new[] { new ToolCall("c", "lookup", "{}") });
            PromptMessage result = PromptMessage.Tool("c", "the customer's plan is Pro");
            window.Append(call);
            window.Append(result, pinned: true);
            window.Append(User("and now?"));

            ConversationFit fit = window.Fit(Scratch.Messages(new[] { call, result }, Encoding));
            Assert.Equal(new[] { call, result }, fit.Messages);
        }

        [Fact]
        public void Orphaned_or_mismatched_tool_results_are_refused()
        {
            ConversationWindow window = Chat(User("hi"));
            Assert.Equal("message", Assert.Throws<ArgumentException>(() => window.Append(PromptMessage.Tool("x", "{}"))).ParamName);
            Assert.Throws<ArgumentException>(() => Chat().Append(PromptMessage.Tool("x", "{}")));

            window.Append(PromptMessage.AssistantToolCalls(new[] { new ToolCall("a", "f", "{}") }));
            Assert.Throws<ArgumentException>(() => window.Append(PromptMessage.Tool("b", "{}")));
            window.Append(PromptMessage.Tool("a", "{}"));
            Assert.Throws<ArgumentException>(() => window.Append(PromptMessage.Tool("a", "{}")));
            Assert.Equal(3, window.Count);
        }

        [Fact]
        public void Too_small_a_budget_for_kept_messages_names_the_tokens_needed()
        {
            PromptMessage system = new PromptMessage(PromptRole.System, "You are Contoso's support agent.");
            ConversationWindow window = Chat(system, User("hello"));
            int needed = Scratch.Messages(new[] { system }, Encoding);

            ConversationBudgetExceededException error = Assert.Throws<ConversationBudgetExceededException>(() => window.Fit(needed - 1));
            Assert.Equal(needed, error.TokensNeeded);
            Assert.Equal(needed - 1, error.Budget);
            Assert.Contains(needed.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            Assert.Equal(new[] { system }, window.Fit(needed).Messages);
            Assert.Equal("budget", Assert.Throws<ArgumentOutOfRangeException>(() => window.Fit(-1)).ParamName);
        }

        [Fact]
        public void Summary_replaces_dropped_turns_within_budget()
        {
            PromptMessage system = new PromptMessage(PromptRole.System, "Be brief.");
            ConversationWindow window = Chat(system, User("one two three four five"), Assistant("six seven eight nine ten"), User("latest question"));
            IReadOnlyList<PromptMessage>? seen = null;
            int seenLimit = -1;
            int budget = Scratch.Messages(new[] { system, window.Messages[3] }, Encoding) + 3 + 1 + 10;

            ConversationFit fit = window.Fit(budget, (dropped, limit) =>
            {
                seen = dropped;
                seenLimit = limit;
                return "Earlier: counted to ten.";
            }, maxSummaryTokens: 10);

            Assert.Equal(new[] { window.Messages[1], window.Messages[2] }, seen);
            Assert.Equal(10, seenLimit);
            Assert.Equal("Earlier: counted to ten.", fit.Summary);
            Assert.Equal(new[] { system, fit.SummaryMessage!, window.Messages[3] }, fit.Messages);
            Assert.Equal(PromptRole.System, fit.SummaryMessage!.Role);
            Assert.Equal(2, fit.Dropped);
            Assert.Equal(Scratch.Messages(fit.Messages, Encoding), fit.Tokens);
            Assert.True(fit.Tokens <= budget);
        }

        [Fact]
        public void A_summary_longer_than_its_room_is_cut()
        {
            ConversationWindow window = Chat(User(string.Concat(Enumerable.Repeat("old words ", 40))), User("new"));
            int budget = Scratch.Messages(new[] { window.Messages[1] }, Encoding) + 3 + 1 + 8;
            string longSummary = string.Concat(Enumerable.Repeat("The user said old words. ", 20));

            ConversationFit fit = window.Fit(budget, (_, _) => longSummary, maxSummaryTokens: 8);

            Assert.NotNull(fit.Summary);
            Assert.True(Scratch.Text(fit.Summary!, Encoding) <= 8);
            Assert.StartsWith("The user said old words.", fit.Summary);
            Assert.Equal(Scratch.Messages(fit.Messages, Encoding), fit.Tokens);
            Assert.True(fit.Tokens <= budget);
        }

        [Fact]
        public void No_summary_is_asked_for_when_everything_fits()
        {
            ConversationWindow window = Chat(User("hi"));
            bool called = false;
            ConversationFit fit = window.Fit(100, (_, _) => { called = true; return "x"; }, 20);
            Assert.False(called);
            Assert.Null(fit.Summary);
            Assert.Throws<InvalidOperationException>(() => Chat(User("a b c d e f g"), User("z")).Fit(12, (_, _) => null!, 5));
        }

        [Fact]
        public async Task Async_summaries_are_budgeted_too()
        {
            ConversationWindow window = Chat(User("alpha beta gamma delta"), Assistant("epsilon zeta eta theta"), User("now"));
            int budget = Scratch.Messages(new[] { window.Messages[2] }, Encoding) + 3 + 1 + 6;
            using var cancellation = new CancellationTokenSource();

            ConversationFit fit = await window.FitAsync(
                budget,
                async (dropped, limit, token) =>
                {
                    await Task.Yield();
                    Assert.Equal(cancellation.Token, token);
                    return "Greek letters alpha to theta were listed by both sides at length.";
                },
                6,
                cancellation.Token);

            Assert.True(Scratch.Text(fit.Summary!, Encoding) <= 6);
            Assert.Equal(Scratch.Messages(fit.Messages, Encoding), fit.Tokens);
            Assert.True(fit.Tokens <= budget);
        }

        [Fact]
        public void Appending_counts_each_message_once()
        {
            var window = new ConversationWindow(TokenCounter.ForEncoding(Encoding));
            window.Append(new PromptMessage(PromptRole.System, "Be brief."));
            for (int i = 0; i < 200; i++)
            {
                window.Append(User("question " + i));
                window.Append(Assistant("answer " + i));
                window.Fit(60);
            }

            Assert.Equal(401, window.MessagesCounted);
            Assert.Equal(Scratch.Messages(window.Messages, Encoding), window.Tokens);
        }

        [Fact]
        public void Approximate_counters_fit_by_approximate_counts()
        {
            var window = new ConversationWindow(TokenCounter.ForModel("claude-sonnet-4"));
            window.Append(User("one two three four five six"));
            window.Append(User("seven"));
            ConversationFit fit = window.Fit(Scratch.Messages(new[] { window.Messages[1] }, "cl100k_base", 0.3));
            Assert.False(fit.IsExact);
            Assert.Equal(new[] { window.Messages[1] }, fit.Messages);
            Assert.Equal(Scratch.Messages(fit.Messages, "cl100k_base", 0.3), fit.Tokens);
        }
    }
}
