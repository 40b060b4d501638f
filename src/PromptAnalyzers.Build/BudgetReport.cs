using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PromptAnalyzers.Build
{
    /// <summary>
    /// The budget report of one assembly: its prompts in ordinal order of their type names, each with its templates in
    /// declaration order, headroom and costs worked out from the build-time facts. Formatting lives in
    /// <see cref="ReportFormatter"/>.
    /// </summary>
    internal sealed class BudgetReport
    {
        private const decimal Million = 1_000_000m;

        private BudgetReport(string assemblyName, string? targetFramework, List<PromptEntry> prompts)
        {
            AssemblyName = assemblyName;
            TargetFramework = targetFramework;
            Prompts = prompts;
            TemplateCount = prompts.Sum(p => p.Templates.Count);

            foreach (PromptEntry prompt in prompts)
            {
                foreach (TemplateEntry template in prompt.Templates)
                {
                    if (template.HeadroomPercent is int percent && (Tightest is null || percent < Tightest.HeadroomPercent))
                    {
                        Tightest = template;
                    }
                }

                if (prompt.MaxCostPerCall is decimal cost && (Costliest is null || cost > Costliest.MaxCostPerCall))
                {
                    Costliest = prompt;
                }
            }
        }

        public string AssemblyName { get; }

        public string? TargetFramework { get; }

        public IReadOnlyList<PromptEntry> Prompts { get; }

        public int TemplateCount { get; }

        /// <summary>The template with placeholders whose allocation leaves the smallest share free (the first of equals).</summary>
        public TemplateEntry? Tightest { get; }

        /// <summary>The prompt with the highest worst-case cost per call (the first of equals); null when no price is known.</summary>
        public PromptEntry? Costliest { get; }

        public static BudgetReport Create(string assemblyName, string? targetFramework, IEnumerable<BudgetFact> facts)
        {
            var prompts = new List<PromptEntry>();
            foreach (IGrouping<string, BudgetFact> group in facts
                .GroupBy(f => f.Prompt, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                BudgetFact[] templates = group
                    .OrderBy(f => f.Order)
                    .ThenBy(f => f.Template, StringComparer.Ordinal)
                    .ToArray();
                prompts.Add(new PromptEntry(templates));
            }

            return new BudgetReport(assemblyName, string.IsNullOrEmpty(targetFramework) ? null : targetFramework, prompts);
        }

        internal static decimal? ParsePrice(string? text) =>
            text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal price) && price >= 0
                ? price
                : null;

        internal static decimal Cost(long tokens, decimal pricePerMillion) => tokens * pricePerMillion / Million;

        /// <summary>A prompt: its budget, price and templates.</summary>
        internal sealed class PromptEntry
        {
            public PromptEntry(IReadOnlyList<BudgetFact> facts)
            {
                BudgetFact first = facts[0];
                Type = first.Prompt;
                Model = first.Model;
                Encoding = first.Encoding ?? string.Empty;
                ApproximationMargin = first.ApproximationMargin;
                TotalTokens = first.TotalTokens;
                ReservedOutput = first.ReservedOutput;
                InputBudget = first.InputBudget;
                ChatOverhead = first.ChatOverhead;
                InputPricePerMillion = ParsePrice(first.InputPricePerMillion);
                OutputPricePerMillion = InputPricePerMillion is null ? null : ParsePrice(first.OutputPricePerMillion);
                PricesAsOf = InputPricePerMillion is null ? null : first.PricesAsOf;
                Templates = facts.Select(f => new TemplateEntry(this, f)).ToArray();
                StaticTokens = Templates.Sum(t => (long)t.StaticTokens);

                if (InputPricePerMillion is decimal input)
                {
                    MinCostPerCall = Cost(StaticTokens + ChatOverhead, input);
                    MaxCostPerCall = Cost(InputBudget, input) + Cost(ReservedOutput, OutputPricePerMillion ?? 0m);
                }
            }

            public string Type { get; }

            public string? Model { get; }

            public string Encoding { get; }

            public double ApproximationMargin { get; }

            public bool IsApproximate => ApproximationMargin > 0;

            public int TotalTokens { get; }

            public int ReservedOutput { get; }

            public int InputBudget { get; }

            public int ChatOverhead { get; }

            /// <summary>The static text of every template (not the chat overhead).</summary>
            public long StaticTokens { get; }

            public decimal? InputPricePerMillion { get; }

            public decimal? OutputPricePerMillion { get; }

            public string? PricesAsOf { get; }

            /// <summary>Every value empty: the static text and the chat overhead at the input price.</summary>
            public decimal? MinCostPerCall { get; }

            /// <summary>The worst case: the whole input budget at the input price plus the reserved output at the output price.</summary>
            public decimal? MaxCostPerCall { get; }

            public IReadOnlyList<TemplateEntry> Templates { get; }
        }

        /// <summary>A template: its counts, allocation, headroom and cost.</summary>
        internal sealed class TemplateEntry
        {
            public TemplateEntry(PromptEntry prompt, BudgetFact fact)
            {
                Prompt = prompt;
                Name = fact.Template;
                Role = fact.Role ?? "user";
                Placeholders = string.IsNullOrEmpty(fact.Placeholders)
                    ? Array.Empty<string>()
                    : fact.Placeholders!.Split(',');
                StaticTokens = fact.StaticTokens;
                AllocationKind = fact.AllocationKind ?? "remainder";
                AllocationValue = fact.AllocationValue;
                AllocationTokens = fact.AllocationTokens;

                if (Placeholders.Count > 0)
                {
                    HeadroomTokens = AllocationTokens - StaticTokens;
                    if (AllocationTokens > 0)
                    {
                        HeadroomPercent = (int)Math.Floor((decimal)HeadroomTokens.Value * 100m / AllocationTokens);
                    }
                }

                if (prompt.InputPricePerMillion is decimal input)
                {
                    StaticCost = Cost(StaticTokens, input);
                    FullCost = Cost(Math.Max(AllocationTokens, StaticTokens), input);
                }
            }

            public PromptEntry Prompt { get; }

            public string Name { get; }

            public string Role { get; }

            public IReadOnlyList<string> Placeholders { get; }

            public int StaticTokens { get; }

            /// <summary><c>fixed</c>, <c>percent</c> or <c>remainder</c>.</summary>
            public string AllocationKind { get; }

            public int AllocationValue { get; }

            public int AllocationTokens { get; }

            /// <summary>Allocation minus static tokens; null for a template without placeholders (nothing to fit).</summary>
            public int? HeadroomTokens { get; }

            /// <summary>Headroom as a share of the allocation, rounded down; null without placeholders or allocation.</summary>
            public int? HeadroomPercent { get; }

            /// <summary>The static text at the input price: what the template costs every call.</summary>
            public decimal? StaticCost { get; }

            /// <summary>A full allocation at the input price.</summary>
            public decimal? FullCost { get; }

            public string QualifiedName => Prompt.Type + "." + Name;
        }
    }
}
