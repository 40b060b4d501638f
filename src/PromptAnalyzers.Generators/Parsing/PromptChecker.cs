using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PromptAnalyzers.Generators.Counting;
using PromptAnalyzers.Generators.Diagnostics;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Templates;

namespace PromptAnalyzers.Generators.Parsing
{
    /// <summary>Checks that need a whole prompt: budgets against counts, and builder method names across templates.</summary>
    internal static class PromptChecker
    {
        private static readonly string[] s_roleNames = { "user", "system", "assistant", "developer" };

        /// <summary>The With-method name of a placeholder.</summary>
        public static string MethodNameOf(string placeholder) => "With" + PlaceholderNames.ToPascalCase(placeholder);

        /// <summary>Placeholders (across all templates, in order) whose With-method name an earlier one already takes.</summary>
        public static IEnumerable<(string First, string Second, string Method, TemplateSpec Template)> MethodConflicts(IReadOnlyList<TemplateSpec> templates)
        {
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (TemplateSpec template in templates)
            {
                foreach (string placeholder in template.Placeholders)
                {
                    string method = MethodNameOf(placeholder);
                    if (!owners.TryGetValue(method, out string? owner))
                    {
                        owners.Add(method, placeholder);
                    }
                    else if (owner != placeholder)
                    {
                        yield return (owner, placeholder, method, template);
                    }
                }
            }
        }

        /// <summary>The chat overhead of the prompt's messages (exact count): 3 per message, role, name, reply priming.</summary>
        public static int ChatOverheadTokens(string encoding, IReadOnlyList<TemplateSpec> templates)
        {
            int overhead = ChatOverhead.ReplyPriming;
            foreach (TemplateSpec template in templates)
            {
                overhead += MessageOverheadTokens(encoding, template);
            }

            return overhead;
        }

        /// <summary>One message's overhead: 3 tokens, its role, and 1 plus the name's tokens when it has a name.</summary>
        public static int MessageOverheadTokens(string encoding, TemplateSpec template)
        {
            int overhead = ChatOverhead.TokensPerMessage + TokenCountCache.Count(encoding, RoleName(template.Role));
            if (template.MessageName is not null)
            {
                overhead += ChatOverhead.TokensPerName + TokenCountCache.Count(encoding, template.MessageName);
            }

            return overhead;
        }

        public static string RoleName(int role) => role >= 0 && role < s_roleNames.Length ? s_roleNames[role] : "user";

        /// <summary>The default of <see cref="HeadroomOption"/>: warn when less than this share of an allocation is left.</summary>
        public const int DefaultMinHeadroomPercent = 10;

        /// <summary>The .editorconfig / .globalconfig key of the PROMPT011 threshold (0–100; 0 turns the check off).</summary>
        public const string HeadroomOption = "promptanalyzers.min_headroom_percent";

        /// <summary>PROMPT001, PROMPT002, PROMPT010 and PROMPT011 for a prompt whose type and templates parsed cleanly.</summary>
        public static List<DiagnosticInfo> Check(PromptTypeSpec type, IReadOnlyList<TemplateSpec> templates,
            int minHeadroomPercent = DefaultMinHeadroomPercent)
        {
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var conflict in MethodConflicts(templates))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PlaceholderMethodConflict, conflict.Template.ValueLocation,
                    conflict.First, conflict.Second, type.Name, conflict.Method));
            }

            if (type.Budget is not ResolvedBudget budget)
            {
                return diagnostics;
            }

            int inputBudget = budget.InputBudget;
            long needed = 0;
            foreach (TemplateSpec template in templates)
            {
                int staticTokens = budget.Approximate(TokenCountCache.Count(budget.Encoding, template.StaticText));
                int allowance;
                string suffix = string.Empty;
                switch (template.Allocation.Kind)
                {
                    case AllocationSpec.FixedKind:
                        allowance = template.Allocation.Value;
                        needed += allowance;
                        break;
                    case AllocationSpec.PercentKind:
                        allowance = BudgetMath.PercentOf(inputBudget, template.Allocation.Value);
                        suffix = " (" + Format(template.Allocation.Value) + " % of the input budget " + Format(inputBudget) + ")";
                        needed += allowance;
                        break;
                    default:
                        needed += staticTokens;
                        continue;
                }

                if (staticTokens > allowance)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticTextExceedsAllocation, template.ValueLocation,
                        template.Name, Format(staticTokens), budget.CountingDescription, Format(allowance) + suffix)
                        .WithProperties(
                            FixProperties.StaticTokens + "=" + staticTokens.ToString(CultureInfo.InvariantCulture),
                            FixProperties.InputBudget + "=" + inputBudget.ToString(CultureInfo.InvariantCulture)));
                }
                else if (template.Placeholders.Count > 0 && allowance > 0 &&
                    (long)(allowance - staticTokens) * 100 < (long)allowance * minHeadroomPercent)
                {
                    int left = allowance - staticTokens;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LittleHeadroom, template.ValueLocation,
                        template.Name, Format(staticTokens), budget.CountingDescription, Format(allowance) + suffix, Format(left),
                        Format((long)left * 100 / allowance), string.Join(", ", template.Placeholders.Select(p => "{" + p + "}"))));
                }
            }

            int overhead = budget.Approximate(ChatOverheadTokens(budget.Encoding, templates));
            needed += overhead;
            if (needed > inputBudget)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AllocationsExceedInputBudget,
                    type.Locations?.Budget ?? type.Locations?.Identifier,
                    type.Name, Format(needed), budget.CountingDescription, Format(overhead), Format(inputBudget),
                    Format(budget.TotalTokens), Format(budget.ReservedOutput))
                    .WithProperties(
                        FixProperties.Needed + "=" + needed.ToString(CultureInfo.InvariantCulture),
                        FixProperties.InputBudget + "=" + inputBudget.ToString(CultureInfo.InvariantCulture)));
            }

            return diagnostics;
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
