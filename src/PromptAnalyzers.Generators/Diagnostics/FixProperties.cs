namespace PromptAnalyzers.Generators.Diagnostics
{
    /// <summary>The keys of the facts diagnostics carry for their code fixes (Diagnostic.Properties).</summary>
    internal static class FixProperties
    {
        /// <summary>PROMPT001: the template's static tokens as counted for its budget (margin included).</summary>
        public const string StaticTokens = "StaticTokens";

        /// <summary>PROMPT002: the tokens the allocations need, chat overhead included.</summary>
        public const string Needed = "Needed";

        /// <summary>PROMPT001 and PROMPT002: the prompt's input budget (total minus reserved output).</summary>
        public const string InputBudget = "InputBudget";
    }
}
