using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PromptAnalyzers.Generators.Diagnostics
{
    /// <summary>Every diagnostic the package reports. IDs, categories and help links are public contract.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string BudgetCategory = "PromptBudget";
        public const string ModelCategory = "PromptModel";
        public const string TemplateCategory = "PromptTemplate";
        public const string UsageCategory = "PromptUsage";
        public const string EfficiencyCategory = "PromptEfficiency";

        private const string HelpLinkBase = "https://github.com/promptanalyzers/promptanalyzers/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor StaticTextExceedsAllocation = Create(
            "PROMPT001",
            "Static text exceeds its allocation",
            "Static text of '{0}' is {1} tokens ({2}); its allocation is {3}",
            BudgetCategory);

        public static readonly DiagnosticDescriptor AllocationsExceedInputBudget = Create(
            "PROMPT002",
            "Allocations exceed the prompt's input budget",
            "Allocations of '{0}' need {1} tokens ({2}), chat overhead of {3} tokens included, but its input budget is {4} ({5} total − {6} reserved output)",
            BudgetCategory);

        public static readonly DiagnosticDescriptor UnknownModel = Create(
            "PROMPT003",
            "Unknown model and no encoding given",
            "'{0}' cannot be counted: {1}; name a model from the catalog (for example {2}) or set Encoding to cl100k_base or o200k_base",
            ModelCategory);

        public static readonly DiagnosticDescriptor MalformedTemplate = Create(
            "PROMPT004",
            "Malformed prompt template",
            "Template '{0}' is malformed: {1}",
            TemplateCategory);

        public static readonly DiagnosticDescriptor TemplateMustBeConstString = Create(
            "PROMPT005",
            "A prompt template must be a const string field",
            "[PromptTemplate] field '{0}' must be a const string; no builder is generated for '{1}'",
            UsageCategory);

        public static readonly DiagnosticDescriptor TypeMustBePartial = Create(
            "PROMPT006",
            "A prompt type and its containing types must be partial",
            "{0} '{1}' must be a partial, non-file-local class, struct or record to hold prompt templates; no builder is generated for '{2}'",
            UsageCategory);

        public static readonly DiagnosticDescriptor UnknownPlaceholderBudget = Create(
            "PROMPT007",
            "A placeholder budget names a placeholder the template does not have",
            "[TokenBudget(Placeholder = \"{0}\")] on '{1}' names no placeholder of the template; its placeholders are {2}",
            TemplateCategory);

        public static readonly DiagnosticDescriptor InvalidBudget = Create(
            "PROMPT008",
            "Invalid token budget",
            "Invalid [TokenBudget] on '{0}': {1}",
            BudgetCategory);

        public static readonly DiagnosticDescriptor GeneratedNameConflict = Create(
            "PROMPT009",
            "A generated member name is already taken",
            "'{0}' already declares '{1}', a name the generated builder needs; rename it or move the templates to another type",
            UsageCategory);

        public static readonly DiagnosticDescriptor PlaceholderMethodConflict = Create(
            "PROMPT010",
            "Two placeholders map to the same builder method",
            "Placeholders '{{{0}}}' and '{{{1}}}' of '{2}' both become {3}; use one spelling",
            TemplateCategory);

        public static readonly DiagnosticDescriptor LittleHeadroom = Create(
            "PROMPT011",
            "Static text leaves little room for its placeholders",
            "Static text of '{0}' is {1} tokens ({2}) of its allocation of {3}; only {4} tokens ({5} %) are left for {6}",
            BudgetCategory,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor WastefulText = Create(
            "PROMPT012",
            "Template text costs tokens for nothing",
            "Template '{0}' has {1}; rewriting it saves {2} tokens ({3} → {4}, {5})",
            EfficiencyCategory,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor CacheUnfriendlyOrder = Create(
            "PROMPT013",
            "Dynamic text comes before long static text, so the prompt cache cannot reuse it",
            "Prompt '{0}' sends {{{1}}} of '{2}' before {3} tokens of static text: its cacheable prefix is {4} tokens, under the {5} tokens providers start caching at; with the dynamic parts after the static text, {6} tokens would be cacheable ({7})",
            EfficiencyCategory,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor InvalidModelFile = Create(
            "PROMPT014",
            "Invalid model file",
            "Model file '{0}' cannot be used: {1}; its models are ignored",
            ModelCategory,
            DiagnosticSeverity.Error,
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor InvalidBuildSetting = Create(
            "PROMPT015",
            "Invalid PromptAnalyzers build setting",
            "The MSBuild property {0} is '{1}': {2}; the setting is ignored",
            ModelCategory,
            DiagnosticSeverity.Warning,
            WellKnownDiagnosticTags.CompilationEnd);

        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
            StaticTextExceedsAllocation,
            AllocationsExceedInputBudget,
            UnknownModel,
            MalformedTemplate,
            TemplateMustBeConstString,
            TypeMustBePartial,
            UnknownPlaceholderBudget,
            InvalidBudget,
            GeneratedNameConflict,
            PlaceholderMethodConflict,
            LittleHeadroom,
            WastefulText,
            CacheUnfriendlyOrder,
            InvalidModelFile,
            InvalidBuildSetting);

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = CreateIndex();

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static Dictionary<string, DiagnosticDescriptor> CreateIndex()
        {
            var index = new Dictionary<string, DiagnosticDescriptor>();
            foreach (DiagnosticDescriptor descriptor in All)
            {
                index.Add(descriptor.Id, descriptor);
            }

            return index;
        }

        private static DiagnosticDescriptor Create(string id, string title, string message, string category,
            DiagnosticSeverity severity = DiagnosticSeverity.Error, params string[] customTags) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                category,
                severity,
                isEnabledByDefault: true,
                helpLinkUri: HelpLinkBase + id + ".md",
                customTags: customTags);
    }
}
