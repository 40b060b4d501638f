using System;
using System.Collections.Generic;
using System.Text;
using PromptAnalyzers.Internal.Budgeting;

namespace PromptAnalyzers.Internal.Runtime
{
    /// <summary>A template's final content and what each of its placeholders became.</summary>
    internal sealed class FittedTemplate
    {
        public FittedTemplate(string content, int tokens, PlaceholderFill[] fills)
        {
            Content = content;
            Tokens = tokens;
            Fills = fills;
        }

        public string Content { get; }

        public int Tokens { get; }

        public PlaceholderFill[] Fills { get; }
    }

    /// <summary>Raised inside a build when static text counts more than the definition said; the build starts over.</summary>
    internal sealed class StaticTokensUnderstatedException : Exception
    {
        public StaticTokensUnderstatedException(int template, int tokens)
        {
            Template = template;
            Tokens = tokens;
        }

        public int Template { get; }

        public int Tokens { get; }
    }

    /// <summary>Fits one template's values into its allocation.</summary>
    internal static class TemplateFitter
    {
        private const int ShrinkAttempts = 32;

        public static string Assemble(TemplatePlan template, string[] values)
        {
            string[] literals = template.Literals;
            if (literals.Length == 1)
            {
                return literals[0];
            }

            var builder = new StringBuilder();
            for (int p = 0; p < template.Positions.Length; p++)
            {
                builder.Append(literals[p]).Append(values[template.Positions[p]]);
            }

            return builder.Append(literals[literals.Length - 1]).ToString();
        }

        public static string[] OriginalValues(TemplatePlan template, IReadOnlyList<string?> values)
        {
            var result = new string[template.Placeholders.Length];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = values[template.Placeholders[i].ValueIndex]!;
            }

            return result;
        }

        /// <summary>The template with its values whole, counted from scratch (its values are counted only when asked).</summary>
        public static FittedTemplate Whole(TemplatePlan template, string[] values, string content, int tokens, TokenCounter counter)
        {
            var fills = new PlaceholderFill[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                fills[i] = new PlaceholderFill(template.Placeholders[i].Name, values[i], -1, values[i], -1, counter);
            }

            return new FittedTemplate(content, tokens, fills);
        }

        /// <summary>
        /// Cuts the values so that the content, counted from scratch, has at most <paramref name="allocation"/> tokens.
        /// </summary>
        /// <exception cref="TokenBudgetExceededException">A value whose truncation is Fail does not fit.</exception>
        /// <exception cref="StaticTokensUnderstatedException">The static text alone exceeds the allocation.</exception>
        public static FittedTemplate Fit(TemplatePlan template, string[] originals, long staticTokens, long allocation, TokenCounter counter)
        {
            PlaceholderPlan[] placeholders = template.Placeholders;
            int n = placeholders.Length;
            long room = Math.Max(0, allocation - staticTokens);
            var known = new int[n];
            var demand = new long[n];
            var weight = new int[n];
            var isFail = new bool[n];

            long failReserved = 0;
            for (int i = 0; i < n; i++)
            {
                PlaceholderPlan placeholder = placeholders[i];
                weight[i] = placeholder.Multiplicity;
                if (placeholder.Truncation != Truncation.Fail)
                {
                    continue;
                }

                isFail[i] = true;
                long bound = Math.Min(placeholder.Cap, (room - failReserved) / placeholder.Multiplicity);
                known[i] = counter.CountUpTo(originals[i], bound);
                if (known[i] < 0)
                {
                    throw FailException(template, placeholder, counter.Count(originals[i]), bound);
                }

                failReserved += (long)placeholder.Multiplicity * known[i];
            }

            long nonFailRoom = room - failReserved;
            var nonFail = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (isFail[i])
                {
                    continue;
                }

                PlaceholderPlan placeholder = placeholders[i];
                long bound = Math.Min(placeholder.Cap, nonFailRoom / placeholder.Multiplicity);
                known[i] = counter.CountUpTo(originals[i], bound);
                demand[i] = known[i] >= 0 ? known[i] : Math.Min(placeholder.Cap, Allocation.Unbounded);
                nonFail.Add(i);
            }

            var subDemand = new long[nonFail.Count];
            var subWeight = new int[nonFail.Count];
            for (int k = 0; k < nonFail.Count; k++)
            {
                subDemand[k] = demand[nonFail[k]];
                subWeight[k] = weight[nonFail[k]];
            }

            var finals = new string[n];
            var finalTokens = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (isFail[i])
                {
                    finals[i] = originals[i];
                    finalTokens[i] = known[i];
                }
            }

            for (int attempt = 0; ; attempt++)
            {
                long[] levels = Allocation.WaterFill(subDemand, subWeight, nonFailRoom);
                for (int k = 0; k < nonFail.Count; k++)
                {
                    int i = nonFail[k];
                    if (known[i] >= 0 && levels[k] >= known[i])
                    {
                        finals[i] = originals[i];
                        finalTokens[i] = known[i];
                    }
                    else
                    {
                        TruncatedText cut = TextTruncator.TruncateWith(
                            counter.Tokenizer, originals[i], counter.ToExactLimit(levels[k]), placeholders[i].Truncation, SegmentName(template, placeholders[i]));
                        finals[i] = cut.Text;
                        finalTokens[i] = BudgetMath.ApplyMargin(cut.Tokens, counter.Margin);
                    }
                }

                string content = Assemble(template, finals);
                int tokens = counter.Count(content);
                if (tokens <= allocation)
                {
                    var fills = new PlaceholderFill[n];
                    for (int i = 0; i < n; i++)
                    {
                        fills[i] = new PlaceholderFill(placeholders[i].Name, originals[i], known[i], finals[i], finalTokens[i], counter);
                    }

                    return new FittedTemplate(content, tokens, fills);
                }

                if (nonFailRoom == 0)
                {
                    var empty = new string[n];
                    for (int i = 0; i < n; i++)
                    {
                        empty[i] = string.Empty;
                    }

                    int staticOnly = failReserved == 0 ? tokens : counter.Count(Assemble(template, empty));
                    if (staticOnly > allocation)
                    {
                        throw new StaticTokensUnderstatedException(template.Index, staticOnly);
                    }

                    throw new TokenBudgetExceededException(
                        template.Name,
                        tokens,
                        (int)Math.Min(int.MaxValue, allocation),
                        $"Template '{template.Name}' needs {tokens} tokens with its Fail values inserted but may use {allocation}; "
                        + "values whose truncation is Fail are never cut.");
                }

                long excess = (long)(tokens - allocation) << Math.Min(attempt / 4, 16);
                nonFailRoom = attempt >= ShrinkAttempts ? nonFailRoom / 2 : Math.Max(0, nonFailRoom - excess);
            }
        }

        public static string SegmentName(TemplatePlan template, PlaceholderPlan placeholder) => template.Name + "." + placeholder.Name;

        private static TokenBudgetExceededException FailException(TemplatePlan template, PlaceholderPlan placeholder, int tokens, long allotted)
        {
            string segment = SegmentName(template, placeholder);
            int allocation = (int)Math.Min(int.MaxValue, Math.Max(0, allotted));
            return new TokenBudgetExceededException(
                segment,
                tokens,
                allocation,
                $"The value of placeholder '{placeholder.Name}' in template '{template.Name}' has {tokens} tokens but may use {allocation}, and its truncation is Fail.");
        }
    }
}
