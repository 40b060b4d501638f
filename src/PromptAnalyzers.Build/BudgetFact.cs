namespace PromptAnalyzers.Build
{
    /// <summary>
    /// One <c>PromptAnalyzers.Reporting.PromptBudgetFactAttribute</c> as read from an assembly's metadata: the build-time
    /// facts of one template. Names and meanings follow the attribute's properties.
    /// </summary>
    internal sealed class BudgetFact
    {
        public BudgetFact(string prompt, string template)
        {
            Prompt = prompt;
            Template = template;
        }

        public string Prompt { get; }

        public string Template { get; }

        public int Order { get; set; }

        public string? Role { get; set; }

        public string? Placeholders { get; set; }

        public string? Model { get; set; }

        public string? Encoding { get; set; }

        public double ApproximationMargin { get; set; }

        public int StaticTokens { get; set; }

        public string? AllocationKind { get; set; }

        public int AllocationValue { get; set; }

        public int AllocationTokens { get; set; }

        public int TotalTokens { get; set; }

        public int ReservedOutput { get; set; }

        public int InputBudget { get; set; }

        public int ChatOverhead { get; set; }

        public string? InputPricePerMillion { get; set; }

        public string? OutputPricePerMillion { get; set; }

        public string? PricesAsOf { get; set; }
    }
}
