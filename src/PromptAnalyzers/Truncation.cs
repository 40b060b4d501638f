namespace PromptAnalyzers
{
    /// <summary>How a dynamic value that does not fit its allocation is cut.</summary>
    public enum Truncation
    {
        /// <summary>Keep the beginning, drop the end (the default).</summary>
        KeepStart = 0,

        /// <summary>Keep the end, drop the beginning.</summary>
        KeepEnd = 1,

        /// <summary>Keep both ends and cut the middle, leaving a marker ("…") that is counted inside the budget.</summary>
        KeepBothEnds = 2,

        /// <summary>Keep the beginning up to the last whole sentence (or line) that fits.</summary>
        Sentences = 3,

        /// <summary>Do not cut: throw <see cref="TokenBudgetExceededException"/>.</summary>
        Fail = 4,
    }
}
