using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>
    /// Token counts of Microsoft.Extensions.AI messages and tools with a <see cref="TokenCounter"/>, by the same rules as
    /// <see cref="TokenCounter.CountMessage"/> and <see cref="TokenCounter.CountTools"/> applied to what
    /// <see cref="ChatMessageConversions.ToPromptMessages(ChatMessage)"/> makes of each message.
    /// </summary>
    public static class ChatTokenCounting
    {
        /// <summary>
        /// The tokens one chat message costs in a request (reply priming not included): the sum of
        /// <see cref="TokenCounter.CountMessage"/> over the prompt messages it stands for (one per function result).
        /// </summary>
        /// <param name="counter">The model's counter.</param>
        /// <param name="message">The message.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static int CountChatMessage(this TokenCounter counter, ChatMessage message)
        {
            if (counter is null)
            {
                throw new ArgumentNullException(nameof(counter));
            }

            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            long total = 0;
            foreach (PromptMessage part in message.ToPromptMessages())
            {
                total += counter.CountMessage(part);
            }

            return (int)Math.Min(int.MaxValue, total);
        }

        /// <summary>
        /// The tokens of a request's messages: <see cref="TokenCounter.CountMessages"/> of their prompt messages, reply
        /// priming included (so an empty list counts 3).
        /// </summary>
        /// <param name="counter">The model's counter.</param>
        /// <param name="messages">The messages.</param>
        /// <exception cref="ArgumentNullException">An argument or a message is null.</exception>
        public static int CountChatMessages(this TokenCounter counter, IEnumerable<ChatMessage> messages)
        {
            if (counter is null)
            {
                throw new ArgumentNullException(nameof(counter));
            }

            return counter.CountMessages(messages.ToPromptMessages());
        }

        /// <summary>
        /// The tokens the function declarations among <paramref name="tools"/> add to a request, by
        /// <see cref="TokenCounter.CountTools"/> on their JSON schemas (see <see cref="ToToolDefinition"/>). Hosted tools
        /// (web search, code interpreter, ...) are defined by the provider and not counted. 0 when there is no function.
        /// </summary>
        /// <param name="counter">The model's counter.</param>
        /// <param name="tools">The request's tools (<see cref="ChatOptions.Tools"/>); null counts 0.</param>
        /// <exception cref="ArgumentNullException"><paramref name="counter"/> is null.</exception>
        public static int CountChatTools(this TokenCounter counter, IEnumerable<AITool>? tools)
        {
            if (counter is null)
            {
                throw new ArgumentNullException(nameof(counter));
            }

            if (tools is null)
            {
                return 0;
            }

            var definitions = new List<ToolDefinition>();
            foreach (AITool tool in tools)
            {
                if (tool is AIFunctionDeclaration function)
                {
                    definitions.Add(function.ToToolDefinition());
                }
            }

            return counter.CountTools(definitions);
        }

        /// <summary>
        /// The <see cref="ToolDefinition"/> of a function declaration: its name, description and the top-level
        /// <c>properties</c> of its JSON schema, each with its <c>type</c> (the first that is not <c>null</c> when the schema
        /// lists several; <c>object</c> when it has none), <c>description</c> and string <c>enum</c> values.
        /// </summary>
        /// <param name="function">The function.</param>
        /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
        public static ToolDefinition ToToolDefinition(this AIFunctionDeclaration function)
        {
            if (function is null)
            {
                throw new ArgumentNullException(nameof(function));
            }

            var properties = new List<ToolProperty>();
            JsonElement schema = function.JsonSchema;
            if (schema.ValueKind == JsonValueKind.Object
                && schema.TryGetProperty("properties", out JsonElement props)
                && props.ValueKind == JsonValueKind.Object)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty property in props.EnumerateObject())
                {
                    if (property.Name.Length > 0 && names.Add(property.Name))
                    {
                        properties.Add(ToProperty(property.Name, property.Value));
                    }
                }
            }

            string name = string.IsNullOrEmpty(function.Name) ? "function" : function.Name;
            return new ToolDefinition(name, function.Description, properties);
        }

        private static ToolProperty ToProperty(string name, JsonElement schema)
        {
            string type = "object";
            string? description = null;
            List<string>? values = null;
            if (schema.ValueKind == JsonValueKind.Object)
            {
                if (schema.TryGetProperty("type", out JsonElement typeElement))
                {
                    type = FirstType(typeElement) ?? type;
                }

                if (schema.TryGetProperty("description", out JsonElement descriptionElement) && descriptionElement.ValueKind == JsonValueKind.String)
                {
                    description = descriptionElement.GetString();
                }

                if (schema.TryGetProperty("enum", out JsonElement enumElement) && enumElement.ValueKind == JsonValueKind.Array)
                {
                    values = new List<string>();
                    foreach (JsonElement value in enumElement.EnumerateArray())
                    {
                        values.Add(value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText());
                    }
                }
            }

            return new ToolProperty(name, type, description, values);
        }

        private static string? FirstType(JsonElement type)
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString() is { Length: > 0 } text ? text : null;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in type.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text && text != "null")
                    {
                        return text;
                    }
                }
            }

            return null;
        }
    }
}
