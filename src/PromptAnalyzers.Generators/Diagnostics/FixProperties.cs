namespace PromptAnalyzers.Generators.Diagnostics
{
    /// <summary>The keys of the facts diagnostics carry for their code fixes (Diagnostic.Properties).</summary>
    internal static class FixProperties
    {
        /// <summary>PROMPT001: the template's static tokens as counted for its budget (margin included).</summary>
        public const string StaticTokens = "StaticTokens";

        /// <summary>PROMPT001: the prompt's input budget (total minus reserved output), for percent allocations.</summary>
        public const string InputBudget = "InputBudget";
    }
}
