namespace PromptAnalyzers
{
    /// <summary>The chat role of the message a template becomes.</summary>
    public enum PromptRole
    {
        /// <summary>A user message (the default).</summary>
        User = 0,

        /// <summary>A system message.</summary>
        System = 1,

        /// <summary>An assistant message (for example a few-shot answer).</summary>
        Assistant = 2,

        /// <summary>A developer message (OpenAI's reasoning models).</summary>
        Developer = 3,

        /// <summary>
        /// A tool (function) result answering an assistant's tool call; see <see cref="PromptMessage.Tool"/>. For
        /// conversation history: <see cref="PromptTemplateAttribute"/> does not accept it.
        /// </summary>
        Tool = 4,
    }
}
