using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// Thrown when text does not fit its budget and may not be cut (<see cref="Truncation.Fail"/>), or when even the
    /// static text of a prompt cannot fit.
    /// </summary>
    public sealed class TokenBudgetExceededException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        public TokenBudgetExceededException(string segment, int tokens, int allocation, string message)
            : base(message)
        {
            Segment = segment;
            Tokens = tokens;
            Allocation = allocation;
        }

        /// <summary>The template or placeholder that did not fit.</summary>
        public string Segment { get; }

        /// <summary>The tokens it needed (at least this many; counting may stop early).</summary>
        public int Tokens { get; }

        /// <summary>The tokens it was allotted.</summary>
        public int Allocation { get; }
    }
}
