using System;
using System.Collections.Generic;
using System.Text;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;

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

    /// <summary>A template's values as given and as prepared (cut to their own placeholder budgets).</summary>
    internal sealed class TemplateValues
    {
        public TemplateValues(int count)
        {
            Originals = new string[count];
            Inputs = new string[count];
            InputTokens = new int[count];
        }

        public string[] Originals { get; }

        public string[] Inputs { get; }

        /// <summary>The prepared values' counts where known, else -1.</summary>
        public int[] InputTokens { get; }

        public PlaceholderFill Fill(string name, int i, string final, int finalTokens, MarginCounter counter)
        {
            int originalTokens = ReferenceEquals(Inputs[i], Originals[i]) ? InputTokens[i] : -1;
            if (ReferenceEquals(final, Originals[i]) && originalTokens < 0)
            {
                originalTokens = finalTokens;
            }

            return new PlaceholderFill(name, Originals[i], originalTokens, final, finalTokens, counter);
        }
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

            if (literals.Length == 2)
            {
                return string.Concat(literals[0], values[template.Positions[0]], literals[1]);
            }

            int length = literals[literals.Length - 1].Length;
            for (int p = 0; p < template.Positions.Length; p++)
            {
                length += literals[p].Length + values[template.Positions[p]].Length;
            }

            var builder = new StringBuilder(length);
            for (int p = 0; p < template.Positions.Length; p++)
            {
                builder.Append(literals[p]).Append(values[template.Positions[p]]);
            }

            return builder.Append(literals[literals.Length - 1]).ToString();
        }

        /// <summary>
        /// The template's values: each cut first to its own placeholder budget when it has one (that cut does not
        /// depend on anything else in the prompt).
        /// </summary>
        /// <exception cref="TokenBudgetExceededException">A value with a Fail budget exceeds it.</exception>
        public static TemplateValues Prepare(TemplatePlan template, IReadOnlyList<string?> values, MarginCounter counter)
        {
            PlaceholderPlan[] placeholders = template.Placeholders;
            var result = new TemplateValues(placeholders.Length);
            for (int i = 0; i < placeholders.Length; i++)
            {
                PlaceholderPlan placeholder = placeholders[i];
                string value = values[placeholder.ValueIndex]!;
                result.Originals[i] = value;
                result.Inputs[i] = value;
                result.InputTokens[i] = -1;
                if (placeholder.Cap == BudgetSharing.Unbounded)
                {
                    continue;
                }

                if (FitsByBytes(value, placeholder.Cap, counter))
                {
                    continue;
                }

                PieceScan? scan = counter.ScanUpTo(value, placeholder.Cap);
                int tokens = scan is null ? counter.CountUpTo(value, placeholder.Cap) : scan.Fits ? BudgetMath.ApplyMargin(scan.Tokens, counter.Margin) : -1;
                if (tokens >= 0)
                {
                    result.InputTokens[i] = tokens;
                }
                else if (placeholder.Truncation == Truncation.Fail)
                {
                    throw FailException(template, placeholder, counter.Count(value), placeholder.Cap);
                }
                else
                {
                    TruncatedText cut = TextTruncator.TruncateWith(
                        counter.Tokenizer, value, counter.ToExactLimit(placeholder.Cap), placeholder.Truncation, SegmentName(template, placeholder), scan);
                    result.Inputs[i] = cut.Text;
                    result.InputTokens[i] = BudgetMath.ApplyMargin(cut.Tokens, counter.Margin);
                }
            }

            return result;
        }

        /// <summary>The template with its prepared values, counted from scratch (values are counted only when asked).</summary>
        public static FittedTemplate Whole(TemplatePlan template, TemplateValues values, string content, int tokens, MarginCounter counter)
        {
            var fills = new PlaceholderFill[values.Inputs.Length];
            for (int i = 0; i < fills.Length; i++)
            {
                fills[i] = values.Fill(template.Placeholders[i].Name, i, values.Inputs[i], values.InputTokens[i], counter);
            }

            return new FittedTemplate(content, tokens, fills);
        }

        /// <summary>
        /// Cuts the values so that the content, counted from scratch, has at most <paramref name="allocation"/> tokens.
        /// </summary>
        /// <exception cref="TokenBudgetExceededException">A value whose truncation is Fail does not fit.</exception>
        /// <exception cref="StaticTokensUnderstatedException">The static text alone exceeds the allocation.</exception>
        public static FittedTemplate Fit(TemplatePlan template, TemplateValues values, long staticTokens, long allocation, MarginCounter counter)
        {
            PlaceholderPlan[] placeholders = template.Placeholders;
            string[] inputs = values.Inputs;
            int n = placeholders.Length;
            long room = Math.Max(0, allocation - staticTokens);
            var known = new int[n];
            var demand = new long[n];
            var weight = new int[n];
            var isFail = new bool[n];
            var scans = new PieceScan?[n];

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
                known[i] = values.InputTokens[i] >= 0 ? (values.InputTokens[i] <= bound ? values.InputTokens[i] : -1) : counter.CountUpTo(inputs[i], bound);
                if (known[i] < 0)
                {
                    throw FailException(template, placeholder, counter.Count(inputs[i]), bound);
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
                if (values.InputTokens[i] >= 0)
                {
                    known[i] = values.InputTokens[i] <= bound ? values.InputTokens[i] : -1;
                }
                else
                {
                    // Scanned once: the scan answers whether it fits and, cut down to each level tried, where to cut.
                    scans[i] = counter.ScanUpTo(inputs[i], bound);
                    known[i] = scans[i] is null ? counter.CountUpTo(inputs[i], bound)
                        : scans[i]!.Fits ? BudgetMath.ApplyMargin(scans[i]!.Tokens, counter.Margin) : -1;
                }

                demand[i] = known[i] >= 0 ? known[i] : Math.Min(placeholder.Cap, BudgetSharing.Unbounded);
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
                    finals[i] = inputs[i];
                    finalTokens[i] = known[i];
                }
            }

            for (int attempt = 0; ; attempt++)
            {
                long[] levels = BudgetSharing.WaterFill(subDemand, subWeight, nonFailRoom);
                for (int k = 0; k < nonFail.Count; k++)
                {
                    int i = nonFail[k];
                    if (known[i] >= 0 && levels[k] >= known[i])
                    {
                        finals[i] = inputs[i];
                        finalTokens[i] = known[i];
                    }
                    else
                    {
                        int limit = counter.ToExactLimit(levels[k]);
                        TruncatedText cut = TextTruncator.TruncateWith(
                            counter.Tokenizer, inputs[i], limit, placeholders[i].Truncation, SegmentName(template, placeholders[i]), scans[i]?.Narrow(limit));
                        finals[i] = cut.Text;
                        finalTokens[i] = BudgetMath.ApplyMargin(cut.Tokens, counter.Margin);
                    }
                }

                string content = Assemble(template, finals);
                int tokens = counter.Margin == 0 && counter.Tokenizer is OrdinaryTiktokenTokenizer exact
                    ? JoinedCount.TryCount(exact, template, content, finals, finalTokens, scans)
                    : -1;
                if (tokens < 0)
                {
                    tokens = counter.Count(content);
                }

                if (tokens <= allocation)
                {
                    var fills = new PlaceholderFill[n];
                    for (int i = 0; i < n; i++)
                    {
                        fills[i] = values.Fill(placeholders[i].Name, i, finals[i], finalTokens[i], counter);
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

        /// <summary>
        /// True when <paramref name="value"/> certainly fits <paramref name="cap"/> without tokenizing: a token is at
        /// least one UTF-8 byte. Used only where the exact count is not needed.
        /// </summary>
        private static bool FitsByBytes(string value, long cap, MarginCounter counter)
        {
            long exactLimit = counter.ToExactLimit(cap);
            return (long)value.Length * 3 <= exactLimit || (value.Length <= exactLimit && Encoding.UTF8.GetByteCount(value) <= exactLimit);
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
