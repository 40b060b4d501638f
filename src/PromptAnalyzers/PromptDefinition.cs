using System;
using System.Collections.Generic;
using System.Threading;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Runtime;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers
{
    /// <summary>
    /// The static description of a prompt: its budget, how it is counted and its templates. The source generator emits
    /// one per <c>[PromptTemplate]</c> type with counts made at build time; code can also create one directly.
    /// </summary>
    public sealed class PromptDefinition
    {
        /// <summary>Creates a prompt definition.</summary>
        /// <param name="name">The prompt's name (the generator uses the type name).</param>
        /// <param name="encoding">The tiktoken encoding that counts it: cl100k_base or o200k_base.</param>
        /// <param name="totalTokens">The whole prompt's budget, input and reserved output.</param>
        /// <param name="reservedOutput">Tokens kept free for the completion.</param>
        /// <param name="templates">The templates, in message order.</param>
        /// <param name="model">The model name, if the prompt names one.</param>
        /// <param name="approximationMargin">
        /// 0 when <paramref name="encoding"/> is the model's own tokenizer; otherwise the fraction added to every count
        /// because the model's tokenizer is approximated (0.2 = +20 %).
        /// </param>
        public PromptDefinition(
            string name,
            string encoding,
            int totalTokens,
            int reservedOutput,
            IReadOnlyList<TemplateDefinition> templates,
            string? model = null,
            double approximationMargin = 0)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            if (encoding is null)
            {
                throw new ArgumentNullException(nameof(encoding));
            }

            if (!TiktokenEncodings.IsSupported(encoding))
            {
                throw new ArgumentException($"Unknown tiktoken encoding '{encoding}'. Supported: cl100k_base, o200k_base.", nameof(encoding));
            }

            if (totalTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(totalTokens), totalTokens, "A budget cannot be negative.");
            }

            if (reservedOutput < 0 || reservedOutput > totalTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(reservedOutput), reservedOutput, "The reserved output must be within 0 and the total budget.");
            }

            if (double.IsNaN(approximationMargin) || approximationMargin < 0 || approximationMargin > 10)
            {
                throw new ArgumentOutOfRangeException(nameof(approximationMargin), approximationMargin, "The margin must be within 0 and 10.");
            }

            Templates = templates ?? throw new ArgumentNullException(nameof(templates));
            var parsed = new ParsedTemplate[templates.Count];
            var placeholders = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < templates.Count; i++)
            {
                TemplateDefinition template = templates[i]
                    ?? throw new ArgumentException($"Template {i} is null.", nameof(templates));
                parsed[i] = TemplateParser.Parse(template.Template);
                if (parsed[i].Error is TemplateError error)
                {
                    throw new ArgumentException(
                        $"Template '{template.Name}' is malformed at offset {error.Offset}: {error.Detail}.", nameof(templates));
                }

                foreach (string placeholder in parsed[i].Placeholders)
                {
                    if (seen.Add(placeholder))
                    {
                        placeholders.Add(placeholder);
                    }
                }
            }

            ParsedTemplates = parsed;
            Placeholders = placeholders;

            Encoding = encoding;
            TotalTokens = totalTokens;
            ReservedOutput = reservedOutput;
            Model = model;
            ApproximationMargin = approximationMargin;
        }

        /// <summary>The prompt's name.</summary>
        public string Name { get; }

        /// <summary>The tiktoken encoding that counts the prompt.</summary>
        public string Encoding { get; }

        /// <summary>The whole prompt's budget (input plus reserved output).</summary>
        public int TotalTokens { get; }

        /// <summary>Tokens kept free for the completion.</summary>
        public int ReservedOutput { get; }

        /// <summary>The tokens the input may use: <see cref="TotalTokens"/> − <see cref="ReservedOutput"/>.</summary>
        public int InputBudget => BudgetMath.InputBudget(TotalTokens, ReservedOutput);

        /// <summary>The model name, if any.</summary>
        public string? Model { get; }

        /// <summary>0 for exact counts; otherwise the margin added to approximate another vendor's tokenizer.</summary>
        public double ApproximationMargin { get; }

        /// <summary>True when counts are exact (the model's own tiktoken encoding).</summary>
        public bool IsExact => ApproximationMargin == 0;

        /// <summary>The templates, in message order.</summary>
        public IReadOnlyList<TemplateDefinition> Templates { get; }

        /// <summary>
        /// The distinct placeholder names of all templates, in order of first appearance. A name used in several
        /// templates takes one value.
        /// </summary>
        public IReadOnlyList<string> Placeholders { get; }

        internal IReadOnlyList<ParsedTemplate> ParsedTemplates { get; }

        /// <summary>The value-independent part of building: static counts, overhead and caps, made once on first use.</summary>
        internal PromptPlan Plan => LazyInitializer.EnsureInitialized(ref _plan, () => new PromptPlan(this))!;

        private PromptPlan? _plan;
    }
}
