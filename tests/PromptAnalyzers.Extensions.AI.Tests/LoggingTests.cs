using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    public class LoggingTests
    {
        private const string Secret = "SECRET-PROMPT-TEXT-7f3a";

        [Fact]
        public async Task Prompt_text_is_logged_at_Trace_only()
        {
            var logs = new CapturingLoggerFactory { MinimumLevel = LogLevel.Trace };
            var inner = new ScriptedChatClient("ok", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 });
            var degrade = new BudgetPolicy("degrade") { MaxTokens = 1_000_000, Action = BudgetAction.Degrade, DegradeAt = 0.0000001, DegradedMaxOutputTokens = 10 };
            var reject = new BudgetPolicy("reject") { Key = UsageKey.User("mallory"), MaxTokens = 1 };
            TokenBudgetChatClient client = TokenBudgetChatClientTests.Create(inner, o => o.LoggerFactory = logs, degrade, reject).Client;
            var messages = new List<ChatMessage>
            {
                new ChatMessage(ChatRole.System, "System: " + Secret),
                new ChatMessage(ChatRole.User, "User: " + Secret),
            };

            await client.GetResponseAsync(messages, new ChatOptions { ModelId = "gpt-4o" });
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "gpt-4o" }))
            {
            }

            await Assert.ThrowsAsync<BudgetExceededException>(
                () => client.GetResponseAsync(messages, new ChatOptions { ModelId = "gpt-4o" }.WithUsageKeys(UsageKey.User("mallory"))));

            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug);
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information);
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning);
            Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Debug && e.Message.Contains(Secret));
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Trace && e.Message.Contains(Secret));
        }

        [Fact]
        public async Task Above_Trace_the_prompt_text_is_not_even_formatted()
        {
            var logs = new CapturingLoggerFactory { MinimumLevel = LogLevel.Debug };
            var inner = new ScriptedChatClient("ok");
            TokenBudgetChatClient client = TokenBudgetChatClientTests.Create(inner, o => o.LoggerFactory = logs).Client;

            await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, Secret) }, new ChatOptions { ModelId = "gpt-4o" });

            Assert.NotEmpty(logs.Entries);
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(Secret));
        }
    }
}
