using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// A token budget. On a prompt type: the whole prompt's budget (<see cref="Tokens"/>, defaulting to the model's
    /// context window), the <see cref="Model"/> or <see cref="Encoding"/> that counts it, and the
    /// <see cref="ReservedOutput"/> left for the completion. On a template field: the template's allocation, either
    /// <see cref="Tokens"/> or <see cref="Percent"/> of the input budget, and how its dynamic text is cut
    /// (<see cref="Truncation"/>). With <see cref="Placeholder"/> set, the budget applies to one placeholder inside the
    /// template; a field can carry one such attribute per placeholder.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
    public sealed class TokenBudgetAttribute : Attribute
    {
        /// <summary>A budget without a token count: the model's context window (type) or <see cref="Percent"/> (field).</summary>
        public TokenBudgetAttribute()
        {
        }

        /// <summary>A budget of <paramref name="tokens"/> tokens.</summary>
        public TokenBudgetAttribute(int tokens)
        {
            Tokens = tokens;
        }

        /// <summary>The budget in tokens; 0 when not given.</summary>
        public int Tokens { get; }

        /// <summary>Type level: the model, looked up in the model catalog (context window, encoding, prices).</summary>
        public string? Model { get; set; }

        /// <summary>Type level: the tiktoken encoding (cl100k_base, o200k_base); overrides the model's.</summary>
        public string? Encoding { get; set; }

        /// <summary>Type level: tokens kept free for the completion; the input budget is the budget minus this.</summary>
        public int ReservedOutput { get; set; }

        /// <summary>Field level: the allocation as a percentage (1–100) of the prompt's input budget.</summary>
        public int Percent { get; set; }

        /// <summary>Field level: how the dynamic text is cut when it does not fit.</summary>
        public Truncation Truncation { get; set; }

        /// <summary>Field level: the placeholder (without braces) this budget applies to, instead of the whole template.</summary>
        public string? Placeholder { get; set; }
    }
}
