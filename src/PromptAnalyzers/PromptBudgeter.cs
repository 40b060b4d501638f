using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>Fits placeholder values into a <see cref="PromptDefinition"/>'s budget and builds the messages.</summary>
    public static class PromptBudgeter
    {
        /// <summary>
        /// Builds the prompt. <paramref name="values"/> holds one value per entry of
        /// <see cref="PromptDefinition.Placeholders"/>, in that order.
        /// </summary>
        public static BudgetedPrompt Build(PromptDefinition definition, IReadOnlyList<string?> values)
        {
            throw new NotImplementedException();
        }
    }
}
