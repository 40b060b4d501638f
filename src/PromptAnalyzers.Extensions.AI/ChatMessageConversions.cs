using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>
    /// Conversions between PromptAnalyzers' <see cref="PromptMessage"/> / <see cref="BudgetedPrompt"/> and
    /// Microsoft.Extensions.AI's <see cref="ChatMessage"/>.
    /// </summary>
    /// <remarks>
    /// <para>Roles map by name (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>, and <c>developer</c> as
    /// <c>new ChatRole("developer")</c>); <see cref="PromptMessage.Name"/> is <see cref="ChatMessage.AuthorName"/>.</para>
    /// <para>An assistant message's <see cref="PromptMessage.ToolCalls"/> become <see cref="FunctionCallContent"/> items
    /// (arguments parsed from their JSON), and a <see cref="PromptRole.Tool"/> message becomes one
    /// <see cref="FunctionResultContent"/> whose result is the message's content.</para>
    /// <para>The reverse direction (<see cref="ToPromptMessages(ChatMessage)"/>) is what the token counting of this package
    /// sees: the text of <see cref="TextContent"/> items, function calls with their arguments serialized as JSON, and one
    /// tool message per <see cref="FunctionResultContent"/>. Other content (images, audio, files, reasoning, usage) has no
    /// text to count and is left out.</para>
    /// </remarks>
    public static class ChatMessageConversions
    {
        // AIJsonUtilities.DefaultOptions indents; chat APIs send compact JSON (which is what gets counted).
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

        /// <summary>The role of OpenAI's developer messages, which <see cref="ChatRole"/> has no property for.</summary>
        public static ChatRole DeveloperRole { get; } = new ChatRole("developer");

        /// <summary>The prompt's messages as <see cref="ChatMessage"/>s, in order, ready for <see cref="IChatClient"/>.</summary>
        /// <param name="prompt">A prompt built by a generated builder.</param>
        /// <returns>A new list; changing it does not change the prompt.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        public static List<ChatMessage> ToChatMessages(this BudgetedPrompt prompt)
        {
            if (prompt is null)
            {
                throw new ArgumentNullException(nameof(prompt));
            }

            return ToChatMessages(prompt.Messages);
        }

        /// <summary>Converts messages to <see cref="ChatMessage"/>s, in order.</summary>
        /// <param name="messages">The messages.</param>
        /// <returns>A new list with one chat message per message.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of them is null.</exception>
        public static List<ChatMessage> ToChatMessages(this IEnumerable<PromptMessage> messages)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            var result = new List<ChatMessage>();
            foreach (PromptMessage message in messages)
            {
                if (message is null)
                {
                    throw new ArgumentNullException(nameof(messages), "A message is null.");
                }

                result.Add(message.ToChatMessage());
            }

            return result;
        }

        /// <summary>Converts one message to a <see cref="ChatMessage"/>.</summary>
        /// <param name="message">The message.</param>
        /// <returns>
        /// A chat message with the same role, author name and text; tool calls become <see cref="FunctionCallContent"/>
        /// items after the text, a tool result becomes one <see cref="FunctionResultContent"/>.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        public static ChatMessage ToChatMessage(this PromptMessage message)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            var contents = new List<AIContent>();
            if (message.Role == PromptRole.Tool && message.ToolCallId is { } callId)
            {
                contents.Add(new FunctionResultContent(callId, message.Content));
            }
            else if (message.Content.Length > 0 || message.ToolCalls.Count == 0)
            {
                contents.Add(new TextContent(message.Content));
            }

            foreach (ToolCall call in message.ToolCalls)
            {
                contents.Add(FunctionCallContent.CreateFromParsedArguments(call.ArgumentsJson, call.Id, call.Name, ParseArguments));
            }

            return new ChatMessage(ToChatRole(message.Role), contents) { AuthorName = message.Name };
        }

        /// <summary>The chat role of a prompt role.</summary>
        /// <param name="role">The role.</param>
        public static ChatRole ToChatRole(this PromptRole role) => role switch
        {
            PromptRole.System => ChatRole.System,
            PromptRole.Assistant => ChatRole.Assistant,
            PromptRole.Developer => DeveloperRole,
            PromptRole.Tool => ChatRole.Tool,
            _ => ChatRole.User,
        };

        /// <summary>
        /// The prompt role of a chat role: system, assistant, developer and tool by name (ignoring case); every other role
        /// (user and custom roles) is <see cref="PromptRole.User"/>.
        /// </summary>
        /// <param name="role">The role.</param>
        public static PromptRole ToPromptRole(this ChatRole role)
        {
            string value = role.Value ?? string.Empty;
            if (string.Equals(value, ChatRole.System.Value, StringComparison.OrdinalIgnoreCase))
            {
                return PromptRole.System;
            }

            if (string.Equals(value, ChatRole.Assistant.Value, StringComparison.OrdinalIgnoreCase))
            {
                return PromptRole.Assistant;
            }

            if (string.Equals(value, ChatRole.Tool.Value, StringComparison.OrdinalIgnoreCase))
            {
                return PromptRole.Tool;
            }

            if (string.Equals(value, DeveloperRole.Value, StringComparison.OrdinalIgnoreCase))
            {
                return PromptRole.Developer;
            }

            return PromptRole.User;
        }

        /// <summary>Converts chat messages to prompt messages, in order (see <see cref="ToPromptMessages(ChatMessage)"/>).</summary>
        /// <param name="messages">The chat messages.</param>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of them is null.</exception>
        public static List<PromptMessage> ToPromptMessages(this IEnumerable<ChatMessage> messages)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            var result = new List<PromptMessage>();
            foreach (ChatMessage message in messages)
            {
                if (message is null)
                {
                    throw new ArgumentNullException(nameof(messages), "A message is null.");
                }

                AddPromptMessages(message, result);
            }

            return result;
        }

        /// <summary>
        /// Converts one chat message to the prompt messages it stands for: usually one; one
        /// <see cref="PromptRole.Tool"/> message per <see cref="FunctionResultContent"/> when it carries function results (as
        /// chat APIs send them); none for a message with no text, call or result.
        /// </summary>
        /// <param name="message">The chat message.</param>
        /// <returns>
        /// The messages: the text is the concatenation of the <see cref="TextContent"/> items; function calls become
        /// <see cref="ToolCall"/>s of an assistant tool-call message (arguments serialized as JSON); a function result's
        /// content is its result, as text when it is a string and as JSON otherwise (the exception's message when it failed).
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        public static List<PromptMessage> ToPromptMessages(this ChatMessage message)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            var result = new List<PromptMessage>(1);
            AddPromptMessages(message, result);
            return result;
        }

        /// <summary>The compact JSON text of a function call's arguments, as chat APIs send it; <c>{}</c> when it has none.</summary>
        /// <param name="call">The call.</param>
        /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
        public static string GetArgumentsJson(this FunctionCallContent call)
        {
            if (call is null)
            {
                throw new ArgumentNullException(nameof(call));
            }

            return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, s_json);
        }

        /// <summary>The text a function result is sent as: a string as it is, anything else as compact JSON.</summary>
        /// <param name="result">The result.</param>
        /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
        public static string GetResultText(this FunctionResultContent result)
        {
            if (result is null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            return result.Result switch
            {
                null => result.Exception is { } exception ? "Error: " + exception.Message : string.Empty,
                string text => text,
                TextContent text => text.Text ?? string.Empty,
                object value => JsonSerializer.Serialize(value, s_json),
            };
        }

        private static void AddPromptMessages(ChatMessage message, List<PromptMessage> result)
        {
            PromptRole role = message.Role.ToPromptRole();
            string? name = string.IsNullOrEmpty(message.AuthorName) ? null : message.AuthorName;
            StringBuilder? text = null;
            List<ToolCall>? calls = null;
            List<FunctionResultContent>? results = null;
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent textContent when !string.IsNullOrEmpty(textContent.Text):
                        (text ??= new StringBuilder()).Append(textContent.Text);
                        break;
                    case FunctionCallContent call:
                        (calls ??= new List<ToolCall>()).Add(ToToolCall(call));
                        break;
                    case FunctionResultContent functionResult:
                        (results ??= new List<FunctionResultContent>()).Add(functionResult);
                        break;
                }
            }

            string body = text?.ToString() ?? string.Empty;
            if (results is not null)
            {
                // Chat APIs send each result as its own tool message; text beside results (unusual) rides with the first.
                for (int i = 0; i < results.Count; i++)
                {
                    string resultText = results[i].GetResultText();
                    result.Add(PromptMessage.Tool(RequireCallId(results[i].CallId), i == 0 && body.Length > 0 ? body + resultText : resultText));
                }

                return;
            }

            if (calls is not null)
            {
                result.Add(PromptMessage.AssistantToolCalls(Distinct(calls), body));
                return;
            }

            if (body.Length > 0 || name is not null || message.Contents.Count == 0)
            {
                result.Add(new PromptMessage(role, body, name));
            }
        }

        private static ToolCall ToToolCall(FunctionCallContent call) =>
            new ToolCall(RequireCallId(call.CallId), string.IsNullOrEmpty(call.Name) ? "function" : call.Name, call.GetArgumentsJson());

        private static string RequireCallId(string? callId) => string.IsNullOrEmpty(callId) ? "call" : callId!;

        private static IEnumerable<ToolCall> Distinct(List<ToolCall> calls)
        {
            // PromptMessage.AssistantToolCalls refuses repeated ids; a repeated id counts once per call all the same.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < calls.Count; i++)
            {
                ToolCall call = calls[i];
                yield return seen.Add(call.Id) ? call : new ToolCall(call.Id + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Name, call.ArgumentsJson);
            }
        }

        private static IDictionary<string, object?>? ParseArguments(string json)
        {
            if (json.Length == 0)
            {
                return null;
            }

            return JsonSerializer.Deserialize<Dictionary<string, object?>>(json, s_json);
        }
    }
}
