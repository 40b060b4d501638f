using System;
using System.Collections.Generic;
using System.Linq;
using PromptAnalyzers.Tests.Counting;
using Xunit;

namespace PromptAnalyzers.Tests.Conversation
{
    /// <summary>Seeded random histories and budgets: the fitted window's guarantees, checked against a from-scratch count.</summary>
    public class ConversationWindowPropertyTests
    {
        private const int Cases = 2_500;

        private static readonly string[] Words =
        {
            "hello", "world", "the", "quick", "fox", "你好", "世界", "👋🏽", "مرحبا", "<|endoftext|>", "  ", "\n", "42", "tool", "Paris", "é",
        };

        [Fact]
        public void Fitted_windows_keep_every_guarantee()
        {
            var random = new Random(20261123);
            int summarized = 0;
            int dropped = 0;
            for (int run = 0; run < Cases; run++)
            {
                bool approximate = run % 5 == 0;
                string encoding = approximate ? "cl100k_base" : run % 2 == 0 ? "o200k_base" : "cl100k_base";
                double margin = approximate ? 0.3 : 0;
                TokenCounter counter = approximate ? TokenCounter.ForModel("claude-sonnet-4") : TokenCounter.ForEncoding(encoding);
                var window = new ConversationWindow(counter);
                var pinned = new HashSet<PromptMessage>();
                BuildHistory(random, window, pinned);
                IReadOnlyList<PromptMessage> history = window.Messages;

                int kept = Scratch.Messages(history.Where((m, i) => window.IsKept(i)).ToArray(), encoding, margin);
                int total = Scratch.Messages(history, encoding, margin);
                Assert.Equal(total, window.Tokens);
                int budget = random.Next(Math.Max(0, kept - 5), total + 10);
                bool summarize = random.Next(3) == 0;
                int maxSummary = random.Next(0, 30);

                if (budget < kept)
                {
                    ConversationBudgetExceededException error = Assert.Throws<ConversationBudgetExceededException>(() => window.Fit(budget));
                    Assert.Equal(kept, error.TokensNeeded);
                    continue;
                }

                IReadOnlyList<PromptMessage>? summarizedMessages = null;
                int summaryLimit = -1;
                ConversationFit fit = summarize
                    ? window.Fit(budget, (d, limit) => { summarizedMessages = d; summaryLimit = limit; return Sentence(random, random.Next(1, 40)); }, maxSummary)
                    : window.Fit(budget);

                // The from-scratch count equals the reported one and is within the budget.
                int scratch = Scratch.Messages(fit.Messages, encoding, margin);
                Assert.Equal(scratch, fit.Tokens);
                Assert.True(scratch <= budget, $"case {run}: {scratch} > {budget}");
                Assert.Equal(approximate ? false : true, fit.IsExact);

                // The history's messages keep their order; the summary (if any) is the only new message.
                List<PromptMessage> fromHistory = fit.Messages.Where(m => !ReferenceEquals(m, fit.SummaryMessage)).ToList();
                AssertSubsequence(history, fromHistory);
                Assert.Equal(history.Count - fromHistory.Count, fit.Dropped);

                // System, developer and pinned messages are kept.
                for (int i = 0; i < history.Count; i++)
                {
                    if (window.IsKept(i))
                    {
                        Assert.Contains(history[i], fromHistory);
                    }
                }

                // No tool result without its call right before it (directly or after that call's other results).
                AssertToolUnitsIntact(history, fit.Messages);
                Assert.NotEqual(PromptRole.Tool, fit.Messages.FirstOrDefault()?.Role);

                if (fit.SummaryMessage is not null)
                {
                    summarized++;
                    Assert.True(summarizedMessages!.Count > 0);
                    Assert.True(Scratch.Text(fit.Summary!, encoding, margin) <= summaryLimit);
                    Assert.True(summaryLimit <= maxSummary);
                    Assert.Equal(summarizedMessages.Count, fit.Dropped);

                    // The summary stands where the first dropped message was.
                    int firstDropped = history.ToList().IndexOf(summarizedMessages[0]);
                    int before = fromHistory.Count(m => history.ToList().IndexOf(m) < firstDropped);
                    Assert.Same(fit.SummaryMessage, fit.Messages[before]);
                }

                dropped += fit.Dropped;
            }

            // The generator exercises the interesting paths.
            Assert.True(summarized > 100, $"only {summarized} summaries");
            Assert.True(dropped > 1000, $"only {dropped} drops");
        }

        private static void BuildHistory(Random random, ConversationWindow window, HashSet<PromptMessage> pinned)
        {
            int turns = random.Next(0, 14);
            if (random.Next(2) == 0)
            {
                window.Append(new PromptMessage(PromptRole.System, Sentence(random, random.Next(1, 10))));
            }

            for (int t = 0; t < turns; t++)
            {
                int kind = random.Next(10);
                bool pin = random.Next(12) == 0;
                if (kind < 4)
                {
                    Add(window, pinned, new PromptMessage(PromptRole.User, Sentence(random, random.Next(0, 15)), random.Next(8) == 0 ? "alice" : null), pin);
                }
                else if (kind < 7)
                {
                    Add(window, pinned, new PromptMessage(PromptRole.Assistant, Sentence(random, random.Next(0, 15))), pin);
                }
                else if (kind < 9)
                {
                    int calls = random.Next(1, 4);
                    var list = Enumerable.Range(0, calls).Select(c => new ToolCall("call_" + t + "_" + c, "fn" + c, "{\"q\":\"" + Sentence(random, random.Next(0, 4)) + "\"}")).ToArray();
                    Add(window, pinned, PromptMessage.AssistantToolCalls(list, random.Next(3) == 0 ? Sentence(random, 3) : string.Empty), pin && random.Next(2) == 0);
                    foreach (ToolCall call in list)
                    {
                        Add(window, pinned, PromptMessage.Tool(call.Id, Sentence(random, random.Next(0, 12))), pin && random.Next(2) == 0);
                    }
                }
                else
                {
                    Add(window, pinned, new PromptMessage(random.Next(2) == 0 ? PromptRole.System : PromptRole.Developer, Sentence(random, random.Next(1, 6))), false);
                }
            }
        }

        private static void Add(ConversationWindow window, HashSet<PromptMessage> pinned, PromptMessage message, bool pin)
        {
            window.Append(message, pin);
            if (pin)
            {
                pinned.Add(message);
            }
        }

        private static string Sentence(Random random, int words)
        {
            var parts = new string[words];
            for (int i = 0; i < words; i++)
            {
                parts[i] = Words[random.Next(Words.Length)];
            }

            return string.Join(random.Next(4) == 0 ? string.Empty : " ", parts) + (words > 0 && random.Next(2) == 0 ? "." : string.Empty);
        }

        private static void AssertSubsequence(IReadOnlyList<PromptMessage> history, List<PromptMessage> kept)
        {
            int at = 0;
            foreach (PromptMessage message in kept)
            {
                while (at < history.Count && !ReferenceEquals(history[at], message))
                {
                    at++;
                }

                Assert.True(at < history.Count, "a fitted message is not in the history, or is out of order");
                at++;
            }
        }

        private static void AssertToolUnitsIntact(IReadOnlyList<PromptMessage> history, IReadOnlyList<PromptMessage> fitted)
        {
            var position = new Dictionary<PromptMessage, int>();
            for (int i = 0; i < fitted.Count; i++)
            {
                position[fitted[i]] = i;
            }

            for (int i = 0; i < history.Count; i++)
            {
                PromptMessage message = history[i];
                if (message.ToolCalls.Count == 0)
                {
                    continue;
                }

                var unit = new List<PromptMessage> { message };
                for (int j = i + 1; j < history.Count && history[j].Role == PromptRole.Tool; j++)
                {
                    unit.Add(history[j]);
                }

                bool first = position.TryGetValue(message, out int start);
                for (int k = 0; k < unit.Count; k++)
                {
                    Assert.Equal(first, position.TryGetValue(unit[k], out int at));
                    if (first)
                    {
                        Assert.Equal(start + k, at);
                    }
                }
            }
        }
    }
}
