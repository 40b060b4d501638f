using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Generators.Parsing;
using PromptAnalyzers.Internal.Budgeting;

namespace PromptAnalyzers.Generators.Emitting
{
    /// <summary>
    /// Writes one <c>[assembly: PromptBudgetFact(...)]</c> per template: the build-time facts the package's build task
    /// turns into the budget report. They travel in the compiled assembly, so the report is right after any build,
    /// including one where the compiler (and with it the generator) did not run.
    /// </summary>
    internal static class BudgetFactEmitter
    {
        public const string AttributeName = "global::PromptAnalyzers.Reporting.PromptBudgetFact";

        public static void Write(IndentedWriter writer, PromptModel prompt)
        {
            PromptTypeSpec type = prompt.Type;
            ResolvedBudget budget = type.Budget!;
            IReadOnlyList<CountedTemplate> templates = prompt.Templates;
            int overhead = ChatOverheadTokens(budget, templates);
            int[] allocations = AllocationTokens(budget, templates, overhead);
            string promptName = DisplayName(type);

            for (int index = 0; index < templates.Count; index++)
            {
                TemplateSpec template = templates[index].Template;
                var arguments = new List<string>
                {
                    Literal(promptName),
                    Literal(template.Name),
                    "Order = " + Format(index),
                    "Role = " + Literal(PromptChecker.RoleName(template.Role)),
                };
                if (template.Placeholders.Count > 0)
                {
                    arguments.Add("Placeholders = " + Literal(string.Join(",", DistinctPlaceholders(template))));
                }

                if (budget.Model is not null)
                {
                    arguments.Add("Model = " + Literal(budget.Model));
                }

                arguments.Add("Encoding = " + Literal(budget.Encoding));
                if (!budget.IsExact)
                {
                    arguments.Add("ApproximationMargin = " + budget.ApproximationMargin.ToString("R", CultureInfo.InvariantCulture));
                }

                arguments.Add("StaticTokens = " + Format(budget.Approximate(templates[index].StaticTokens)));
                arguments.Add("AllocationKind = " + Literal(KindName(template.Allocation)));
                arguments.Add("AllocationValue = " + Format(template.Allocation.IsRemainder ? 0 : template.Allocation.Value));
                arguments.Add("AllocationTokens = " + Format(allocations[index]));
                arguments.Add("TotalTokens = " + Format(budget.TotalTokens));
                arguments.Add("ReservedOutput = " + Format(budget.ReservedOutput));
                arguments.Add("InputBudget = " + Format(budget.InputBudget));
                arguments.Add("ChatOverhead = " + Format(overhead));
                if (budget.Prices is PriceSpec prices)
                {
                    arguments.Add("InputPricePerMillion = " + Literal(prices.Input.ToString(CultureInfo.InvariantCulture)));
                    if (prices.Output is decimal output)
                    {
                        arguments.Add("OutputPricePerMillion = " + Literal(output.ToString(CultureInfo.InvariantCulture)));
                    }

                    if (prices.AsOf is not null)
                    {
                        arguments.Add("PricesAsOf = " + Literal(prices.AsOf));
                    }
                }

                writer.Line("[assembly: " + AttributeName + "(" + string.Join(", ", arguments) + ")]");
            }
        }

        /// <summary>The type as C# names it: namespace, containing types and type parameters (<c>Ns.Outer&lt;T&gt;.Inner</c>).</summary>
        public static string DisplayName(PromptTypeSpec type)
        {
            IEnumerable<string> declarations = type.Declarations.Select(d =>
                d.TypeParameters.Count == 0 ? d.Name : d.Name + "<" + string.Join(", ", d.TypeParameters) + ">");
            string nested = string.Join(".", declarations);
            return type.Namespace is null ? nested : type.Namespace + "." + nested;
        }

        /// <summary>The chat overhead of the prompt, as the generated documentation states it (margin applied).</summary>
        public static int ChatOverheadTokens(ResolvedBudget budget, IReadOnlyList<CountedTemplate> templates) =>
            budget.Approximate(ChatOverhead.ReplyPriming + templates.Sum(t => t.MessageOverhead));

        /// <summary>
        /// Each template's allocation in tokens. Fixed and percent allocations are their caps. A template that shares the
        /// remainder gets its static tokens plus its guaranteed share: the content budget (input budget − chat overhead)
        /// less every capped template's full allocation (at least its static text) and every remainder template's static
        /// text, split equally among the remainder templates that have placeholders (the tokens the split leaves go one
        /// each in template order), as the run-time builder shares it when every capped template is full. A remainder
        /// template without placeholders needs its static text only.
        /// </summary>
        public static int[] AllocationTokens(ResolvedBudget budget, IReadOnlyList<CountedTemplate> templates, int overhead)
        {
            int inputBudget = budget.InputBudget;
            var result = new int[templates.Count];
            long pool = (long)inputBudget - overhead;
            var sharing = new List<int>();
            for (int i = 0; i < templates.Count; i++)
            {
                TemplateSpec template = templates[i].Template;
                int staticTokens = budget.Approximate(templates[i].StaticTokens);
                switch (template.Allocation.Kind)
                {
                    case AllocationSpec.FixedKind:
                        result[i] = template.Allocation.Value;
                        pool -= System.Math.Max(result[i], staticTokens);
                        break;
                    case AllocationSpec.PercentKind:
                        result[i] = BudgetMath.PercentOf(inputBudget, template.Allocation.Value);
                        pool -= System.Math.Max(result[i], staticTokens);
                        break;
                    default:
                        result[i] = staticTokens;
                        pool -= staticTokens;
                        if (template.Placeholders.Count > 0)
                        {
                            sharing.Add(i);
                        }

                        break;
                }
            }

            if (sharing.Count > 0 && pool > 0)
            {
                long share = pool / sharing.Count;
                long left = pool - (share * sharing.Count);
                foreach (int i in sharing)
                {
                    long extra = share + (left > 0 ? 1 : 0);
                    left--;
                    result[i] = (int)System.Math.Min(int.MaxValue, result[i] + extra);
                }
            }

            return result;
        }

        private static IEnumerable<string> DistinctPlaceholders(TemplateSpec template) => template.Placeholders.Distinct(System.StringComparer.Ordinal);

        private static string KindName(AllocationSpec allocation) => allocation.Kind switch
        {
            AllocationSpec.FixedKind => "fixed",
            AllocationSpec.PercentKind => "percent",
            _ => "remainder",
        };

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
