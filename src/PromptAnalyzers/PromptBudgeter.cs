using System;
using System.Collections.Generic;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Runtime;
using PromptAnalyzers.Internal.Templates;

namespace PromptAnalyzers
{
    /// <summary>Fits placeholder values into a <see cref="PromptDefinition"/>'s budget and builds the messages.</summary>
    public static class PromptBudgeter
    {
        /// <summary>
        /// Builds the prompt. <paramref name="values"/> holds one value per entry of
        /// <see cref="PromptDefinition.Placeholders"/>, in that order.
        /// </summary>
        /// <remarks>
        /// <para>
        /// <b>Messages.</b> Every template becomes one message with the template's role and optional name. Its content
        /// is the template's literal text with the placeholder values inserted; a placeholder name takes the same value
        /// wherever it appears in the prompt, and a placeholder used twice in a template is inserted (and paid for)
        /// twice.
        /// </para>
        /// <para>
        /// <b>Counting.</b> <see cref="BudgetedPrompt.InputTokens"/> follows OpenAI's cookbook: for every message
        /// 3 + tokens(role name) + tokens(content), plus 1 + tokens(name) when it has a name, and 3 for the reply
        /// priming. It is counted from the final messages and is never more than
        /// <see cref="PromptDefinition.InputBudget"/>. When <see cref="PromptDefinition.ApproximationMargin"/> is above
        /// 0, every role, name and content count is the encoding's count raised by the margin
        /// (⌈count·(1 + margin)⌉), so InputTokens is the approximate count; the constants are not raised.
        /// <see cref="TemplateDefinition.StaticTokens"/>, when given, is taken as the static text's count in the
        /// encoding (the margin is applied to it) and is not recounted; when it is null the static text is counted once
        /// per definition. The guarantee does not rest on a given count: contents are always counted from scratch, and
        /// a count proved too small (the static text alone exceeds its allocation) is corrected for the definition and
        /// the build starts over.
        /// </para>
        /// <para>
        /// <b>Allocations</b> cover a template's content (static text and values); the message overhead is charged to
        /// the prompt. The content budget is the input budget minus the overhead. A fixed allocation is that many
        /// tokens, a percent allocation <c>⌊input budget · percent / 100⌋</c>; both are caps, raised to the template's
        /// static tokens when smaller (static text is never cut). When the caps plus the static tokens of the remainder
        /// templates exceed the content budget, the caps' dynamic rooms (cap − static tokens) are scaled down in
        /// proportion, rounding down, with the tokens the rounding leaves given one each in template order, so the
        /// sum fits exactly. What a capped template does not use goes to the remainder templates. Those share the rest
        /// by water-filling above their static tokens: templates that need less than an equal share get what they need
        /// and the others split what is left, in whole tokens, nothing lost to rounding. Remainder templates whose
        /// values may not be cut (every truncation <see cref="Truncation.Fail"/>, or no placeholders) are served first.
        /// </para>
        /// <para>
        /// <b>Inside a template</b> the values share its allocation minus its static tokens. Values whose truncation
        /// is <see cref="Truncation.Fail"/> are inserted whole first (or the build throws); the other values share the
        /// rest by water-filling, each also capped by its <see cref="PlaceholderBudget"/> when it has one (a percent
        /// budget is a percentage of the input budget) and cut with that budget's truncation, otherwise with the
        /// template's. Tokens can merge across the joints between text and values, so the content is counted again
        /// from scratch; while it exceeds the allocation, the values' room shrinks by the excess and they are cut again
        /// (the loop shrinks faster after a few rounds and always ends).
        /// </para>
        /// <para>
        /// <b>Segments</b> report per template the content's tokens, its static tokens and its final allocation: its
        /// cap (after any scaling) for a fixed or percent template; for a remainder template its static tokens plus its
        /// water-filled share, which is what its content needs when it was not cut. Every content's tokens are at most
        /// its allocation.
        /// </para>
        /// <para>Build is thread-safe and may run concurrently on one definition.</para>
        /// </remarks>
        /// <param name="definition">The prompt definition.</param>
        /// <param name="values">One value per placeholder, in the order of <see cref="PromptDefinition.Placeholders"/>.</param>
        /// <returns>The messages and what each segment cost.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="definition"/> or <paramref name="values"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="values"/> does not have one value per placeholder.</exception>
        /// <exception cref="InvalidOperationException">A placeholder has no value (null).</exception>
        /// <exception cref="TokenBudgetExceededException">
        /// The static text and message overhead alone exceed the input budget, or a value whose truncation is
        /// <see cref="Truncation.Fail"/> does not fit.
        /// </exception>
        public static BudgetedPrompt Build(PromptDefinition definition, IReadOnlyList<string?> values)
        {
            if (definition is null)
            {
                throw new ArgumentNullException(nameof(definition));
            }

            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            if (values.Count != definition.Placeholders.Count)
            {
                throw new ArgumentException(
                    $"Prompt '{definition.Name}' has {definition.Placeholders.Count} placeholders but {values.Count} values were given.",
                    nameof(values));
            }

            for (int i = 0; i < values.Count; i++)
            {
                if (values[i] is null)
                {
                    string placeholder = definition.Placeholders[i];
                    throw new InvalidOperationException(
                        $"The placeholder '{placeholder}' of prompt '{definition.Name}' has no value: call "
                        + $"With{PlaceholderNames.ToPascalCase(placeholder)}(...) before Build().");
                }
            }

            PromptPlan plan = definition.Plan;
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return BuildOnce(definition, plan, plan.StaticTokens(), values);
                }
                catch (StaticTokensUnderstatedException understated) when (attempt <= plan.Templates.Length)
                {
                    plan.CorrectStaticTokens(understated.Template, understated.Tokens);
                }
            }
        }

        private static BudgetedPrompt BuildOnce(PromptDefinition definition, PromptPlan plan, long[] statics, IReadOnlyList<string?> values)
        {
            Internal.Runtime.MarginCounter counter = plan.Counter;
            TemplatePlan[] templates = plan.Templates;
            int count = templates.Length;
            long inputBudget = plan.InputBudget;
            long contentBudget = inputBudget - plan.Overhead;

            long staticSum = 0;
            foreach (long s in statics)
            {
                staticSum += s;
            }

            if (staticSum > contentBudget)
            {
                long needed = staticSum + plan.Overhead;
                throw new TokenBudgetExceededException(
                    definition.Name,
                    (int)Math.Min(int.MaxValue, needed),
                    (int)inputBudget,
                    $"Prompt '{definition.Name}' needs {needed} tokens for its static text and message overhead alone, "
                    + $"but its input budget is {inputBudget} ({definition.TotalTokens} total − {definition.ReservedOutput} reserved output)"
                    + (definition.IsExact ? "." : $"; counts are approximate ({definition.Encoding} + {definition.ApproximationMargin:P0} margin)."));
            }

            // Caps: raised to their static text, scaled down when they cannot all be honoured.
            var caps = new long[count];
            var cappedIndex = new List<int>();
            long remainderStatic = 0;
            for (int t = 0; t < count; t++)
            {
                if (templates[t].Cap < 0)
                {
                    remainderStatic += statics[t];
                }
                else
                {
                    cappedIndex.Add(t);
                }
            }

            var rooms = new long[cappedIndex.Count];
            long cappedStatic = 0;
            for (int k = 0; k < rooms.Length; k++)
            {
                int t = cappedIndex[k];
                rooms[k] = Math.Max(0, templates[t].Cap - statics[t]);
                cappedStatic += statics[t];
            }

            long[] scaled = BudgetSharing.ScaleDown(rooms, contentBudget - cappedStatic - remainderStatic);
            for (int k = 0; k < rooms.Length; k++)
            {
                caps[cappedIndex[k]] = statics[cappedIndex[k]] + scaled[k];
            }

            var fitted = new FittedTemplate[count];
            var allocations = new long[count];
            var prepared = new TemplateValues[count];
            long used = 0;
            foreach (int t in cappedIndex)
            {
                prepared[t] = TemplateFitter.Prepare(templates[t], values, counter);
                allocations[t] = caps[t];
                fitted[t] = FitWithin(templates[t], prepared[t], statics[t], caps[t], counter);
                used += fitted[t].Tokens;
            }

            // Remainder templates: water-filling above their static text, uncuttable ones first.
            long pool = contentBudget - used;
            var remainder = new List<int>();
            for (int t = 0; t < count; t++)
            {
                if (templates[t].Cap < 0)
                {
                    remainder.Add(t);
                }
            }

            var wholeContent = new string[count];
            var wholeTokens = new int[count];
            var dynamicDemand = new long[count];
            foreach (int t in remainder)
            {
                prepared[t] = TemplateFitter.Prepare(templates[t], values, counter);
                wholeContent[t] = TemplateFitter.Assemble(templates[t], prepared[t].Inputs);
                long upperBound = pool - (remainderStatic - statics[t]);
                wholeTokens[t] = counter.CountUpTo(wholeContent[t], upperBound);
                dynamicDemand[t] = wholeTokens[t] >= 0 ? Math.Max(0, wholeTokens[t] - statics[t]) : BudgetSharing.Unbounded;
            }

            long dynamicPool = pool - remainderStatic;
            foreach (bool uncuttable in new[] { true, false })
            {
                var group = remainder.FindAll(t => templates[t].IsUncuttable == uncuttable);
                var demand = new long[group.Count];
                var weight = new int[group.Count];
                for (int k = 0; k < group.Count; k++)
                {
                    demand[k] = dynamicDemand[group[k]];
                    weight[k] = 1;
                }

                long[] shares = BudgetSharing.WaterFill(demand, weight, dynamicPool);
                for (int k = 0; k < group.Count; k++)
                {
                    int t = group[k];
                    allocations[t] = statics[t] + shares[k];
                    dynamicPool -= shares[k];
                    fitted[t] = shares[k] >= dynamicDemand[t]
                        ? TemplateFitter.Whole(templates[t], prepared[t], wholeContent[t], wholeTokens[t], counter)
                        : TemplateFitter.Fit(templates[t], prepared[t], statics[t], allocations[t], counter);
                }
            }

            var messages = new PromptMessage[count];
            var segments = new PromptSegment[count];
            long inputTokens = plan.Overhead;
            for (int t = 0; t < count; t++)
            {
                TemplateDefinition template = templates[t].Definition;
                messages[t] = new PromptMessage(template.Role, fitted[t].Content, template.MessageName);
                segments[t] = new PromptSegment(
                    template.Name,
                    template.Role,
                    fitted[t].Tokens,
                    (int)statics[t],
                    (int)Math.Min(int.MaxValue, allocations[t]),
                    template.Truncation,
                    fitted[t].Fills);
                inputTokens += fitted[t].Tokens;
            }

            if (inputTokens > inputBudget)
            {
                // Unreachable by construction (every content is within an allocation whose sum fits); kept so a broken
                // invariant can never leak an oversized prompt.
                throw new InvalidOperationException(
                    $"Prompt '{definition.Name}' came to {inputTokens} tokens, over its input budget of {inputBudget}.");
            }

            return new BudgetedPrompt(definition, messages, segments, (int)inputTokens);
        }

        /// <summary>
        /// A capped template: whole when its content fits the cap (counting stops early), else fitted. Values too long to
        /// be likely to fit go to the fitter at once, which scans each of them once for both the fit and the cut.
        /// </summary>
        private static FittedTemplate FitWithin(TemplatePlan template, TemplateValues values, long staticTokens, long cap, Internal.Runtime.MarginCounter counter)
        {
            long valueChars = 0;
            foreach (string input in values.Inputs)
            {
                valueChars += input.Length;
            }

            if (valueChars > cap - staticTokens)
            {
                return TemplateFitter.Fit(template, values, staticTokens, cap, counter);
            }

            string whole = TemplateFitter.Assemble(template, values.Inputs);
            int tokens = counter.CountUpTo(whole, cap);
            return tokens >= 0
                ? TemplateFitter.Whole(template, values, whole, tokens, counter)
                : TemplateFitter.Fit(template, values, staticTokens, cap, counter);
        }
    }
}
