namespace PromptAnalyzers
{
    /// <summary>What a <see cref="BudgetPolicy"/> does to a call that would exceed its limit.</summary>
    public enum BudgetAction
    {
        /// <summary>Reject the call with a <see cref="BudgetExceededException"/> when it would exceed the limit.</summary>
        Reject,

        /// <summary>
        /// From <see cref="BudgetPolicy.DegradeAt"/> of the limit on, switch to <see cref="BudgetPolicy.FallbackModel"/>
        /// and/or cap the output at <see cref="BudgetPolicy.DegradedMaxOutputTokens"/>; reject the call if even the
        /// degraded call would exceed the limit.
        /// </summary>
        Degrade,
    }
}
