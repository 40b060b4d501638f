using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// The shares asked for cannot fit the budget: fixed shares above it, percent shares above 100%, or fixed and percent
    /// shares together above it. The message names the parts and the numbers; nothing is clamped.
    /// </summary>
    public sealed class BudgetAllocationException : ArgumentException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What does not fit, with the parts and numbers.</param>
        /// <param name="budget">The budget being shared.</param>
        /// <param name="requested">The tokens the offending shares ask for.</param>
        public BudgetAllocationException(string message, int budget, decimal requested)
            : base(message, "parts")
        {
            Budget = budget;
            Requested = requested;
        }

        /// <summary>The budget being shared.</summary>
        public int Budget { get; }

        /// <summary>The tokens the offending shares ask for (for percent shares above 100%, the percent total).</summary>
        public decimal Requested { get; }
    }
}
