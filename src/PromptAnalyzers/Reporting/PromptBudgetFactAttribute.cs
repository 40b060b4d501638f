using System;
using System.ComponentModel;

namespace PromptAnalyzers.Reporting
{
    /// <summary>
    /// Build-time facts about one prompt template, emitted by the PromptAnalyzers generator as an assembly attribute so
    /// that the package's build task can write the budget report (<c>promptanalyzers.budget.json</c> and <c>.md</c>)
    /// from the compiled assembly, also when an incremental build skips the compiler. Not meant to be written by hand.
    /// </summary>
    /// <remarks>
    /// Token values are the counts the generated <c>TokenCounts</c> constants hold (raised by the margin for models counted
    /// by approximation). Prompt-level values (<see cref="TotalTokens"/>, <see cref="InputBudget"/>, ...) repeat on every
    /// template of the prompt. Prices are invariant-culture decimals in US dollars per one million tokens.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class PromptBudgetFactAttribute : Attribute
    {
        /// <summary>Creates the facts of template <paramref name="template"/> of prompt type <paramref name="prompt"/>.</summary>
        /// <param name="prompt">The prompt type's name as C# spells it, namespace and containing types included.</param>
        /// <param name="template">The template field's name.</param>
        public PromptBudgetFactAttribute(string prompt, string template)
        {
            Prompt = prompt;
            Template = template;
        }

        /// <summary>The prompt type's name as C# spells it, namespace and containing types included.</summary>
        public string Prompt { get; }

        /// <summary>The template field's name.</summary>
        public string Template { get; }

        /// <summary>The template's position in the prompt, from 0.</summary>
        public int Order { get; set; }

        /// <summary>The message role as the chat API spells it: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>developer</c>.</summary>
        public string? Role { get; set; }

        /// <summary>The placeholder names of the template, in order of first appearance, separated by commas.</summary>
        public string? Placeholders { get; set; }

        /// <summary>The model the prompt names (or the project's default model); null when it names an encoding only.</summary>
        public string? Model { get; set; }

        /// <summary>The tiktoken encoding that counts the prompt.</summary>
        public string? Encoding { get; set; }

        /// <summary>The margin added to counts of a model counted by approximation (0.3 adds 30 %); 0 for exact counts.</summary>
        public double ApproximationMargin { get; set; }

        /// <summary>Tokens of the template's static text (placeholders removed), as <c>TokenCounts</c> holds them.</summary>
        public int StaticTokens { get; set; }

        /// <summary>How the allocation is given: <c>fixed</c>, <c>percent</c> or <c>remainder</c>.</summary>
        public string? AllocationKind { get; set; }

        /// <summary>The allocation as written: tokens for <c>fixed</c>, a percentage of the input budget for <c>percent</c>, 0 for <c>remainder</c>.</summary>
        public int AllocationValue { get; set; }

        /// <summary>
        /// The allocation in tokens: the fixed tokens, the percentage of the input budget, or for a template that shares
        /// the remainder the share it is guaranteed when every other template fills its allocation.
        /// </summary>
        public int AllocationTokens { get; set; }

        /// <summary>The prompt's whole budget in tokens (input plus reserved output).</summary>
        public int TotalTokens { get; set; }

        /// <summary>The output the prompt reserves for the completion.</summary>
        public int ReservedOutput { get; set; }

        /// <summary>The prompt's input budget: total minus reserved output. A built prompt never exceeds it.</summary>
        public int InputBudget { get; set; }

        /// <summary>The chat overhead of the prompt's messages (per message, role, name, reply priming).</summary>
        public int ChatOverhead { get; set; }

        /// <summary>The model's list price of input tokens, US dollars per one million; null when unknown.</summary>
        public string? InputPricePerMillion { get; set; }

        /// <summary>The model's list price of output tokens, US dollars per one million; null when unknown.</summary>
        public string? OutputPricePerMillion { get; set; }

        /// <summary>The date (yyyy-MM-dd) of the model catalog's prices; null when unknown.</summary>
        public string? PricesAsOf { get; set; }
    }
}
