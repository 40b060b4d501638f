using Microsoft.CodeAnalysis;

namespace PromptAnalyzers.Generators.Diagnostics
{
    /// <summary>Every diagnostic the package reports. IDs, categories and help links are public contract.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string BudgetCategory = "PromptBudget";
        public const string ModelCategory = "PromptModel";
        public const string TemplateCategory = "PromptTemplate";

        private const string HelpLinkBase = "https://github.com/promptanalyzers/promptanalyzers/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor StaticTextExceedsAllocation = Create(
            "PROMPT001",
            "Static text exceeds its allocation",
            "Static text of '{0}' is {1} tokens ({2}); its allocation is {3}{4}",
            BudgetCategory);

        public static readonly DiagnosticDescriptor AllocationsExceedInputBudget = Create(
            "PROMPT002",
            "Allocations exceed the prompt's input budget",
            "Allocations of '{0}' need {1} tokens ({2}) but its input budget is {3}{4}",
            BudgetCategory);

        public static readonly DiagnosticDescriptor UnknownModel = Create(
            "PROMPT003",
            "Unknown model and no encoding given",
            "Model '{0}' of '{1}' is not in the model catalog and no Encoding is given; known models include {2}",
            ModelCategory);

        public static readonly DiagnosticDescriptor MalformedTemplate = Create(
            "PROMPT004",
            "Malformed prompt template",
            "Template '{0}' is malformed: {1}",
            TemplateCategory);

        private static DiagnosticDescriptor Create(string id, string title, string message, string category) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                helpLinkUri: HelpLinkBase + id + ".md");
    }
}
