namespace PromptAnalyzers
{
    /// <summary>What a budget limit is measured in.</summary>
    public enum BudgetLimitKind
    {
        /// <summary>Tokens: <see cref="UsageTotals.TotalTokens"/> (all prompt tokens + output tokens).</summary>
        Tokens,

        /// <summary>List-price cost in US dollars (<see cref="UsageTotals.Cost"/>).</summary>
        Cost,
    }
}
