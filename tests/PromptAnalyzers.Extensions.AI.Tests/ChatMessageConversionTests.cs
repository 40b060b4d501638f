using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    public class ChatMessageConversionTests
    {
        [Fact]
        public void Prompt_messages_become_chat_messages_with_role_text_and_author()
        {
            var messages = new[]
            {
                new PromptMessage(PromptRole.System, "Be brief."),
                new PromptMessage(PromptRole.Developer, "No markdown."),
                new PromptMessage(PromptRole.User, "Hi", name: "alice"),
                new PromptMessage(PromptRole.Assistant, "Hello!"),
            };

            List<ChatMessage> chat = messages.ToChatMessages();

            Assert.Equal(new[] { ChatRole.System, new ChatRole("developer"), ChatRole.User, ChatRole.Assistant }, chat.Select(m => m.Role));
            Assert.Equal(new[] { "Be brief.", "No markdown.", "Hi", "Hello!" }, chat.Select(m => m.Text));
            Assert.Equal("alice", chat[2].AuthorName);
            Assert.Null(chat[0].AuthorName);
        }

        [Fact]
        public void Tool_calls_and_results_become_function_call_and_result_content()
        {
            PromptMessage call = PromptMessage.AssistantToolCalls(new[] { new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}") }, "Checking.");
            PromptMessage result = PromptMessage.Tool("call_1", "18 C, sunny");

            ChatMessage chatCall = call.ToChatMessage();
            ChatMessage chatResult = result.ToChatMessage();

            Assert.Equal(ChatRole.Assistant, chatCall.Role);
            Assert.Equal("Checking.", chatCall.Text);
            FunctionCallContent function = Assert.Single(chatCall.Contents.OfType<FunctionCallContent>());
            Assert.Equal("call_1", function.CallId);
            Assert.Equal("get_weather", function.Name);
            Assert.Equal("Paris", ((JsonElement)function.Arguments!["city"]!).GetString());

            Assert.Equal(ChatRole.Tool, chatResult.Role);
            FunctionResultContent functionResult = Assert.IsType<FunctionResultContent>(Assert.Single(chatResult.Contents));
            Assert.Equal("call_1", functionResult.CallId);
            Assert.Equal("18 C, sunny", functionResult.Result);
        }

        [Fact]
        public void Round_trip_keeps_roles_text_names_and_tool_calls()
        {
            var original = new[]
            {
                new PromptMessage(PromptRole.System, "sys"),
                new PromptMessage(PromptRole.User, "question", name: "bob"),
                PromptMessage.AssistantToolCalls(new[] { new ToolCall("a", "f", "{\"x\":1}"), new ToolCall("b", "g", "{}") }),
                PromptMessage.Tool("a", "one"),
                PromptMessage.Tool("b", "two"),
                new PromptMessage(PromptRole.Assistant, "done"),
            };

            List<PromptMessage> back = original.ToChatMessages().ToPromptMessages();

            Assert.Equal(original.Select(Describe), back.Select(Describe));
        }

        [Fact]
        public void A_chat_message_with_several_results_counts_as_one_tool_message_per_result()
        {
            var message = new ChatMessage(ChatRole.Tool, new List<AIContent>
            {
                new FunctionResultContent("a", "first"),
                new FunctionResultContent("b", new { temperature = 18 }),
            });

            List<PromptMessage> parts = message.ToPromptMessages();

            Assert.Equal(2, parts.Count);
            Assert.All(parts, p => Assert.Equal(PromptRole.Tool, p.Role));
            Assert.Equal(new[] { "a", "b" }, parts.Select(p => p.ToolCallId));
            Assert.Equal("first", parts[0].Content);
            Assert.Equal("{\"temperature\":18}", parts[1].Content);
        }

        [Fact]
        public void Non_text_content_is_left_out_of_the_counted_text()
        {
            var message = new ChatMessage(ChatRole.User, new List<AIContent>
            {
                new TextContent("Look at "),
                new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
                new TextContent("this."),
            });

            PromptMessage part = Assert.Single(message.ToPromptMessages());

            Assert.Equal("Look at this.", part.Content);
        }

        [Fact]
        public void Budgeted_prompt_converts_to_its_messages()
        {
            var definition = new PromptDefinition(
                "Support",
                "o200k_base",
                totalTokens: 1_000,
                reservedOutput: 100,
                new[]
                {
                    new TemplateDefinition("System", PromptRole.System, "You are helpful. Answer {tone}."),
                    new TemplateDefinition("Question", PromptRole.User, "Question: {question}"),
                },
                model: "gpt-4o-mini");
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "briefly", "Why?" });

            List<ChatMessage> chat = prompt.ToChatMessages();

            Assert.Equal(prompt.Messages.Select(m => m.Content), chat.Select(m => m.Text));
            Assert.Equal(new[] { ChatRole.System, ChatRole.User }, chat.Select(m => m.Role));
        }

        [Theory]
        [InlineData("system", PromptRole.System)]
        [InlineData("SYSTEM", PromptRole.System)]
        [InlineData("assistant", PromptRole.Assistant)]
        [InlineData("developer", PromptRole.Developer)]
        [InlineData("tool", PromptRole.Tool)]
        [InlineData("user", PromptRole.User)]
        [InlineData("critic", PromptRole.User)]
        public void Chat_roles_map_by_name(string role, PromptRole expected)
        {
            Assert.Equal(expected, new ChatRole(role).ToPromptRole());
        }

        private static string Describe(PromptMessage m) =>
            $"{m.RoleName}|{m.Content}|{m.Name}|{m.ToolCallId}|" + string.Join(";", m.ToolCalls.Select(c => c.Id + "=" + c.Name + c.ArgumentsJson));
    }
}
