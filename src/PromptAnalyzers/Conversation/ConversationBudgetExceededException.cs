using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// The messages a <see cref="ConversationWindow"/> must keep (system, developer and pinned messages, with reply
    /// priming) need more tokens than the budget allows.
    /// </summary>
    public sealed class ConversationBudgetExceededException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="tokensNeeded">The tokens the kept messages need.</param>
        /// <param name="budget">The budget given.</param>
        public ConversationBudgetExceededException(int tokensNeeded, int budget)
            : base($"The conversation's system and pinned messages need {tokensNeeded} tokens (reply priming included), but the budget is {budget} tokens.")
        {
            TokensNeeded = tokensNeeded;
            Budget = budget;
        }

        /// <summary>The tokens the kept messages need, reply priming included.</summary>
        public int TokensNeeded { get; }

        /// <summary>The budget that was too small.</summary>
        public int Budget { get; }
    }
}
