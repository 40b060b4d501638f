using System;

namespace PromptAnalyzers
{
    /// <summary>One tool (function) call an assistant message makes: its id, the function's name and its JSON arguments.</summary>
    public sealed class ToolCall
    {
        /// <summary>Describes a tool call.</summary>
        /// <param name="id">The call's id; the <see cref="PromptMessage.Tool"/> result answering it carries the same id.</param>
        /// <param name="name">The function's name.</param>
        /// <param name="argumentsJson">The arguments as the model wrote them (a JSON object); empty for none.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is empty.</exception>
        public ToolCall(string id, string name, string argumentsJson)
        {
            Id = RequireText(id, nameof(id));
            Name = RequireText(name, nameof(name));
            ArgumentsJson = argumentsJson ?? throw new ArgumentNullException(nameof(argumentsJson));
        }

        /// <summary>The call's id.</summary>
        public string Id { get; }

        /// <summary>The function's name.</summary>
        public string Name { get; }

        /// <summary>The arguments as JSON text.</summary>
        public string ArgumentsJson { get; }

        /// <summary>The call as <c>name(arguments)</c>.</summary>
        public override string ToString() => Name + "(" + ArgumentsJson + ")";

        private static string RequireText(string value, string parameter)
        {
            if (value is null)
            {
                throw new ArgumentNullException(parameter);
            }

            if (value.Length == 0)
            {
                throw new ArgumentException($"The tool call's {parameter} cannot be empty.", parameter);
            }

            return value;
        }
    }
}
