using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>A conversation history fitted into a budget by <see cref="ConversationWindow.Fit(int)"/>.</summary>
    public sealed class ConversationFit
    {
        internal ConversationFit(IReadOnlyList<PromptMessage> messages, int tokens, int dropped, PromptMessage? summary, bool isExact)
        {
            Messages = messages;
            Tokens = tokens;
            Dropped = dropped;
            SummaryMessage = summary;
            IsExact = isExact;
        }

        /// <summary>The messages to send, in order (the summary, if any, where the dropped turns were).</summary>
        public IReadOnlyList<PromptMessage> Messages { get; }

        /// <summary>
        /// The messages' count by <see cref="TokenCounter.CountMessages"/> (reply priming included); equal to counting
        /// <see cref="Messages"/> from scratch and never above the budget.
        /// </summary>
        public int Tokens { get; }

        /// <summary>How many messages of the history were left out (the summary is not counted).</summary>
        public int Dropped { get; }

        /// <summary>The summary text inserted for the dropped turns; null when none was inserted.</summary>
        public string? Summary => SummaryMessage?.Content;

        /// <summary>The inserted summary message; null when none was inserted.</summary>
        public PromptMessage? SummaryMessage { get; }

        /// <summary>False when the counter is approximate (see <see cref="TokenCounter.IsExact"/>).</summary>
        public bool IsExact { get; }

        /// <inheritdoc/>
        public override string ToString() =>
            $"{Messages.Count} messages, {Tokens} tokens, {Dropped} dropped" + (SummaryMessage is null ? string.Empty : ", summarized");
    }
}
