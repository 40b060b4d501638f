using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>A prompt fitted into its budget: the messages to send and what each segment cost.</summary>
    public sealed class BudgetedPrompt
    {
        internal BudgetedPrompt(
            PromptDefinition definition,
            IReadOnlyList<PromptMessage> messages,
            IReadOnlyList<PromptSegment> segments,
            int inputTokens)
        {
            Definition = definition;
            Messages = messages;
            Segments = segments;
            InputTokens = inputTokens;
        }

        /// <summary>The definition the prompt was built from.</summary>
        public PromptDefinition Definition { get; }

        /// <summary>The messages, in order, ready to send.</summary>
        public IReadOnlyList<PromptMessage> Messages { get; }

        /// <summary>One segment per template: tokens, allocation and what was cut.</summary>
        public IReadOnlyList<PromptSegment> Segments { get; }

        /// <summary>
        /// The input's token count with chat overhead (per message and reply priming) included, counted from the final
        /// text; never more than <see cref="InputBudget"/>. Approximate when <see cref="IsExact"/> is false.
        /// </summary>
        public int InputTokens { get; }

        /// <summary>The input budget: total budget minus reserved output.</summary>
        public int InputBudget => Definition.InputBudget;

        /// <summary>Tokens kept free for the completion.</summary>
        public int ReservedOutput => Definition.ReservedOutput;

        /// <summary>True when counts are exact; false for models counted with an approximation and margin.</summary>
        public bool IsExact => Definition.IsExact;
    }

    /// <summary>A chat message.</summary>
    public sealed class PromptMessage
    {
        /// <summary>Creates a message.</summary>
        public PromptMessage(PromptRole role, string content, string? name = null)
        {
            Role = role;
            Content = content ?? throw new System.ArgumentNullException(nameof(content));
            Name = name;
            ToolCalls = System.Array.Empty<ToolCall>();
        }

        private PromptMessage(PromptRole role, string content, string? toolCallId, IReadOnlyList<ToolCall> toolCalls)
            : this(role, content)
        {
            ToolCallId = toolCallId;
            ToolCalls = toolCalls;
        }

        /// <summary>The id of the tool call this message answers (<see cref="PromptRole.Tool"/> messages); otherwise null.</summary>
        public string? ToolCallId { get; }

        /// <summary>The tool calls an assistant message makes; empty for every other message.</summary>
        public IReadOnlyList<ToolCall> ToolCalls { get; }

        /// <summary>A tool result: the <see cref="PromptRole.Tool"/> message answering the tool call <paramref name="toolCallId"/>.</summary>
        /// <param name="toolCallId">The <see cref="ToolCall.Id"/> this result answers.</param>
        /// <param name="content">The tool's output.</param>
        /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
        /// <exception cref="System.ArgumentException"><paramref name="toolCallId"/> is empty.</exception>
        public static PromptMessage Tool(string toolCallId, string content)
        {
            if (toolCallId is null)
            {
                throw new System.ArgumentNullException(nameof(toolCallId));
            }

            if (toolCallId.Length == 0)
            {
                throw new System.ArgumentException("A tool call id cannot be empty.", nameof(toolCallId));
            }

            return new PromptMessage(PromptRole.Tool, content ?? throw new System.ArgumentNullException(nameof(content)), toolCallId, System.Array.Empty<ToolCall>());
        }

        /// <summary>An assistant message that calls tools; its results follow as <see cref="Tool"/> messages.</summary>
        /// <param name="toolCalls">The calls, at least one, with distinct ids.</param>
        /// <param name="content">Text the assistant wrote beside the calls; empty when none.</param>
        /// <exception cref="System.ArgumentNullException">An argument or a call is null.</exception>
        /// <exception cref="System.ArgumentException"><paramref name="toolCalls"/> is empty or repeats an id.</exception>
        public static PromptMessage AssistantToolCalls(IEnumerable<ToolCall> toolCalls, string content = "")
        {
            if (toolCalls is null)
            {
                throw new System.ArgumentNullException(nameof(toolCalls));
            }

            if (content is null)
            {
                throw new System.ArgumentNullException(nameof(content));
            }

            var calls = new List<ToolCall>();
            var ids = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (ToolCall call in toolCalls)
            {
                if (call is null)
                {
                    throw new System.ArgumentNullException(nameof(toolCalls), "A tool call is null.");
                }

                if (!ids.Add(call.Id))
                {
                    throw new System.ArgumentException($"The tool call id '{call.Id}' appears twice.", nameof(toolCalls));
                }

                calls.Add(call);
            }

            if (calls.Count == 0)
            {
                throw new System.ArgumentException("An assistant tool-call message needs at least one call.", nameof(toolCalls));
            }

            return new PromptMessage(PromptRole.Assistant, content, null, calls.ToArray());
        }

        /// <summary>The role.</summary>
        public PromptRole Role { get; }

        /// <summary>The role as the chat APIs spell it: system, user, assistant, developer, tool.</summary>
        public string RoleName => PromptRoles.ToApiName(Role);

        /// <summary>The content.</summary>
        public string Content { get; }

        /// <summary>The participant name, if any.</summary>
        public string? Name { get; }

        /// <inheritdoc/>
        public override string ToString() => RoleName + ": " + Content;
    }

    /// <summary>What one template cost and what was cut from it.</summary>
    public sealed class PromptSegment
    {
        internal PromptSegment(
            string name,
            PromptRole role,
            int tokens,
            int staticTokens,
            int allocation,
            Truncation truncation,
            IReadOnlyList<PlaceholderFill> placeholders)
        {
            Name = name;
            Role = role;
            Tokens = tokens;
            StaticTokens = staticTokens;
            Allocation = allocation;
            Truncation = truncation;
            Placeholders = placeholders;
        }

        /// <summary>The template's name.</summary>
        public string Name { get; }

        /// <summary>The message role.</summary>
        public PromptRole Role { get; }

        /// <summary>The content's tokens as sent (message overhead not included).</summary>
        public int Tokens { get; }

        /// <summary>The static text's tokens.</summary>
        public int StaticTokens { get; }

        /// <summary>The tokens this segment was allotted for its content.</summary>
        public int Allocation { get; }

        /// <summary>The truncation strategy used.</summary>
        public Truncation Truncation { get; }

        /// <summary>The placeholders and what was cut from each.</summary>
        public IReadOnlyList<PlaceholderFill> Placeholders { get; }

        /// <summary>True when any placeholder value was cut.</summary>
        public bool IsTruncated
        {
            get
            {
                foreach (PlaceholderFill placeholder in Placeholders)
                {
                    if (placeholder.IsTruncated)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Tokens removed from the values of this segment.</summary>
        public int TruncatedTokens
        {
            get
            {
                int total = 0;
                foreach (PlaceholderFill placeholder in Placeholders)
                {
                    total += placeholder.OriginalTokens - placeholder.Tokens;
                }

                return total;
            }
        }

        /// <inheritdoc/>
        public override string ToString() =>
            $"{Name}: {Tokens}/{Allocation} tokens" + (IsTruncated ? $", {TruncatedTokens} cut ({Truncation})" : string.Empty);
    }

    /// <summary>
    /// One placeholder's value: its tokens before and after fitting. Counts are approximate (with the prompt's margin)
    /// when <see cref="BudgetedPrompt.IsExact"/> is false; a count the build did not need is made on first access.
    /// </summary>
    public sealed class PlaceholderFill
    {
        private readonly string? _original;
        private readonly string? _value;
        private readonly Internal.Runtime.MarginCounter? _counter;
        private int _originalTokens;
        private int _tokens;

        internal PlaceholderFill(string name, int originalTokens, int tokens, int originalLength, int length, bool isTruncated)
        {
            Name = name;
            IsTruncated = isTruncated;
            _originalTokens = originalTokens;
            _tokens = tokens;
            OriginalLength = originalLength;
            Length = length;
        }

        /// <summary>A fill whose unknown counts (-1) are counted from the texts on first access.</summary>
        internal PlaceholderFill(string name, string original, int originalTokens, string value, int tokens, Internal.Runtime.MarginCounter counter)
            : this(name, originalTokens, tokens, original.Length, value.Length, !string.Equals(original, value, System.StringComparison.Ordinal))
        {
            _original = original;
            _value = value;
            _counter = counter;
        }

        /// <summary>The placeholder's name.</summary>
        public string Name { get; }

        /// <summary>The value's tokens as given (counted on its own).</summary>
        public int OriginalTokens
        {
            get
            {
                if (_originalTokens < 0)
                {
                    _originalTokens = ReferenceEquals(_original, _value) && _tokens >= 0 ? _tokens : _counter!.Count(_original!);
                }

                return _originalTokens;
            }
        }

        /// <summary>The value's tokens after fitting (counted on its own).</summary>
        public int Tokens
        {
            get
            {
                if (_tokens < 0)
                {
                    _tokens = ReferenceEquals(_original, _value) && _originalTokens >= 0 ? _originalTokens : _counter!.Count(_value!);
                }

                return _tokens;
            }
        }

        /// <summary>The value's length in UTF-16 code units as given.</summary>
        public int OriginalLength { get; }

        /// <summary>The value's length after fitting.</summary>
        public int Length { get; }

        /// <summary>True when the value was cut.</summary>
        public bool IsTruncated { get; }

        /// <inheritdoc/>
        public override string ToString() =>
            IsTruncated ? $"{Name}: {Tokens}/{OriginalTokens} tokens (cut)" : $"{Name}: {Tokens} tokens";
    }

    /// <summary>Role names as the chat APIs spell them.</summary>
    public static class PromptRoles
    {
        /// <summary>system, user, assistant, developer or tool.</summary>
        public static string ToApiName(PromptRole role) => role switch
        {
            PromptRole.System => "system",
            PromptRole.Assistant => "assistant",
            PromptRole.Developer => "developer",
            PromptRole.Tool => "tool",
            _ => "user",
        };
    }
}
