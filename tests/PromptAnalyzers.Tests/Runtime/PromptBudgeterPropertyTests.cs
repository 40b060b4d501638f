using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using PromptAnalyzers;
using PromptAnalyzers.Internal.Templates;
using Xunit;

namespace PromptAnalyzers.Tests.Runtime
{
    /// <summary>
    /// Seeded random prompts and values: whatever the inputs, the built prompt keeps every guarantee. 1,000 prompt cases
    /// and 1,500 truncation cases.
    /// </summary>
    public class PromptBudgeterPropertyTests
    {
        private const int PromptCases = 1000;
        private const int TruncationCases = 1500;

        private static readonly string[] Encodings = { "cl100k_base", "o200k_base" };
        private static readonly string[] PlaceholderPool = { "a", "b", "user_name", "doc" };

        private static readonly string[] Fragments =
        {
            "The quick brown fox jumps over the lazy dog. ", "Hello, world! ", "Is this it? ", "Yes.", "e.g. ", "3.14159 ",
            "1234567890", "  ", "\t", "\n", "\r\n", "\n\n\n", "      ", "👩🏽‍💻", "👨‍👩‍👧‍👦", "👍🏿", "🇯🇵", "😀", "🤷‍♀️",
            "今天天气很好。", "我们去公园散步吧！", "好吗？", "東京", "مرحبا بالعالم", "السلام عليكم. ", "שלום עולם", "Привет, мир. ",
            "<|endoftext|>", "<|fim_prefix|>", "don't ", "I'll ", "café ", "naïve ", "ｆｕｌｌｗｉｄｔｈ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠀀𠀁", "\"quoted.\" ",
            "(see above.) ", "...", "!!!", "?! ", "—", "…", "x", "a b c ", "ÀÉÎÕÜ", "ñ", "\u00A0", "\u200B", "\u2028",
        };

        [Fact]
        public void Every_random_prompt_keeps_the_guarantees()
        {
            var random = new Random(20_261_123);
            int built = 0, truncated = 0, failed = 0, staticFailures = 0;
            for (int iteration = 0; iteration < PromptCases; iteration++)
            {
                Case c = RandomCase(random);
                string label = $"case {iteration}: {c.Describe()}";
                BudgetedPrompt prompt;
                try
                {
                    prompt = PromptBudgeter.Build(c.Definition, c.Values);
                }
                catch (TokenBudgetExceededException error)
                {
                    failed++;
                    staticFailures += c.StaticOverflows ? 1 : 0;
                    AssertLegitimateFailure(c, error, label);
                    continue;
                }

                built++;
                Assert.False(c.StaticOverflows, label + ": should have thrown, static text cannot fit");
                AssertGuarantees(c, prompt, label);
                if (prompt.Segments.Any(s => s.IsTruncated))
                {
                    truncated++;
                }
            }

            // The generator must exercise all three outcomes, or the suite proves little.
            Assert.True(built > PromptCases / 3, $"built {built}");
            Assert.True(truncated > PromptCases / 5, $"truncated {truncated}");
            Assert.True(staticFailures > PromptCases / 50, $"static failures {staticFailures}");
            Assert.True(failed - staticFailures > PromptCases / 100, $"Fail-value failures {failed - staticFailures}");
        }

        [Fact]
        public void Every_random_truncation_fits_and_never_splits_a_pair()
        {
            var random = new Random(7_051);
            Truncation[] strategies = Enum.GetValues<Truncation>();
            for (int iteration = 0; iteration < TruncationCases; iteration++)
            {
                string encoding = Encodings[random.Next(2)];
                string text = RandomText(random, random.Next(0, 600));
                int max = RandomBudget(random, 200);
                Truncation strategy = strategies[random.Next(strategies.Length)];
                string label = $"case {iteration}: {strategy} {max} {encoding} \"{Escape(text)}\"";
                int total = Cookbook.Count(text, encoding);
                if (strategy == Truncation.Fail && total > max)
                {
                    var error = Assert.Throws<TokenBudgetExceededException>(() => TextTruncator.Truncate(text, max, strategy, encoding));
                    Assert.Equal(total, error.Tokens);
                    continue;
                }

                TruncatedText result = TextTruncator.Truncate(text, max, strategy, encoding);
                Assert.True(result.Tokens <= max, label);
                Assert.Equal(Cookbook.Count(result.Text, encoding), result.Tokens);
                Assert.True(Cookbook.LoneSurrogates(result.Text) <= Cookbook.LoneSurrogates(text), label);
                Assert.Equal(total > max, result.IsTruncated);
                if (total <= max)
                {
                    Assert.Equal(text, result.Text);
                    continue;
                }

                switch (strategy)
                {
                    case Truncation.KeepStart:
                    case Truncation.Sentences:
                        Assert.StartsWith(result.Text, text, StringComparison.Ordinal);
                        break;
                    case Truncation.KeepEnd:
                        Assert.EndsWith(result.Text, text, StringComparison.Ordinal);
                        break;
                    case Truncation.KeepBothEnds:
                        bool markerFits = max >= TextTruncator.CountTokens(TextTruncator.Marker, encoding) + 2;
                        Assert.True(
                            markerFits ? IsHeadMarkerTail(result.Text, text) : text.StartsWith(result.Text, StringComparison.Ordinal),
                            label + ": not head + marker + tail");
                        break;
                }
            }
        }

        /// <summary>
        /// Issue 7, point 4: at least 100,000 seeded cases in every CI run (PROMPTANALYZERS_PROPERTY_CASES runs more):
        /// 95 % small truncations (emoji, CJK, white space; limits from 0; every strategy), 5 % whole random prompts.
        /// </summary>
        [Fact]
        public void One_hundred_thousand_random_cases_keep_the_guarantees()
        {
            int cases = int.TryParse(Environment.GetEnvironmentVariable("PROMPTANALYZERS_PROPERTY_CASES"), out int n) && n > 0 ? n : 100_000;
            var random = new Random(100_000);
            Truncation[] strategies = Enum.GetValues<Truncation>();
            int prompts = 0, truncations = 0, cut = 0, thrown = 0;
            for (int iteration = 0; iteration < cases; iteration++)
            {
                if (iteration % 20 == 0)
                {
                    prompts++;
                    Case c = RandomCase(random);
                    try
                    {
                        BudgetedPrompt prompt = PromptBudgeter.Build(c.Definition, c.Values);
                        AssertGuarantees(c, prompt, "prompt case " + iteration);
                    }
                    catch (TokenBudgetExceededException error)
                    {
                        thrown++;
                        AssertLegitimateFailure(c, error, "prompt case " + iteration);
                    }

                    continue;
                }

                truncations++;
                string encoding = Encodings[random.Next(2)];
                string text = RandomText(random, random.Next(0, 60));
                int max = RandomBudget(random, 30);
                Truncation strategy = strategies[random.Next(strategies.Length)];
                int total = Cookbook.Count(text, encoding);
                if (strategy == Truncation.Fail && total > max)
                {
                    var error = Assert.Throws<TokenBudgetExceededException>(() => TextTruncator.Truncate(text, max, strategy, encoding));
                    Assert.Equal(total, error.Tokens);
                    thrown++;
                    continue;
                }

                TruncatedText result = TextTruncator.Truncate(text, max, strategy, encoding);
                bool holds = result.Tokens <= max
                    && Cookbook.Count(result.Text, encoding) == result.Tokens
                    && Cookbook.LoneSurrogates(result.Text) <= Cookbook.LoneSurrogates(text)
                    && result.IsTruncated == total > max
                    && (total > max || result.Text == text);
                if (!holds)
                {
                    Assert.Fail($"case {iteration}: {strategy} {max} {encoding} \"{Escape(text)}\" -> \"{Escape(result.Text)}\" ({result.Tokens})");
                }

                cut += result.IsTruncated ? 1 : 0;
            }

            Assert.Equal(cases, prompts + truncations);
            Assert.True(cut > truncations / 5, $"only {cut} of {truncations} truncations cut anything");
            Assert.True(thrown > cases / 100, $"only {thrown} cases threw");
        }

        private static bool IsHeadMarkerTail(string result, string text)
        {
            for (int at = result.IndexOf(TextTruncator.Marker, StringComparison.Ordinal); at >= 0;
                 at = result.IndexOf(TextTruncator.Marker, at + 1, StringComparison.Ordinal))
            {
                if (text.StartsWith(result.Substring(0, at), StringComparison.Ordinal)
                    && text.EndsWith(result.Substring(at + TextTruncator.Marker.Length), StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AssertGuarantees(Case c, BudgetedPrompt prompt, string label)
        {
            PromptDefinition definition = c.Definition;
            Assert.Equal(Cookbook.CountMessages(prompt.Messages, c.Encoding, c.Margin), prompt.InputTokens);
            Assert.True(prompt.InputTokens <= definition.InputBudget, $"{label}: {prompt.InputTokens} > {definition.InputBudget}");
            Assert.Equal(definition.Templates.Count, prompt.Messages.Count);

            int inputLone = c.Values.Sum(v => Cookbook.LoneSurrogates(v)) * 4 + definition.Templates.Sum(t => Cookbook.LoneSurrogates(t.Template));
            for (int t = 0; t < prompt.Messages.Count; t++)
            {
                TemplateDefinition template = definition.Templates[t];
                PromptMessage message = prompt.Messages[t];
                PromptSegment segment = prompt.Segments[t];
                Assert.Equal(template.Role, message.Role);
                Assert.Equal(template.MessageName, message.Name);
                Assert.Equal(Cookbook.Count(message.Content, c.Encoding, c.Margin), segment.Tokens);
                Assert.True(segment.Tokens <= segment.Allocation, $"{label}: segment {t} {segment.Tokens} > {segment.Allocation}");
                Assert.True(Cookbook.LoneSurrogates(message.Content) <= inputLone, $"{label}: split pair in segment {t}");

                // Static text is never cut: every literal appears, in order.
                ParsedTemplate parsed = TemplateParser.Parse(template.Template);
                int at = 0;
                foreach (string literal in parsed.Literals)
                {
                    int found = message.Content.IndexOf(literal, at, StringComparison.Ordinal);
                    Assert.True(found >= 0, $"{label}: literal missing in segment {t}");
                    at = found + literal.Length;
                }

                Assert.StartsWith(parsed.Literals[0], message.Content, StringComparison.Ordinal);
                Assert.EndsWith(parsed.Literals[parsed.Literals.Length - 1], message.Content, StringComparison.Ordinal);

                Assert.Equal(parsed.DistinctPlaceholders, segment.Placeholders.Select(p => p.Name));
                foreach (PlaceholderFill fill in segment.Placeholders)
                {
                    string original = c.Values[definition.Placeholders.ToList().IndexOf(fill.Name)];
                    Assert.Equal(original.Length, fill.OriginalLength);
                    Assert.Equal(Cookbook.Count(original, c.Encoding, c.Margin), fill.OriginalTokens);
                    PlaceholderBudget? budget = template.PlaceholderBudgets.FirstOrDefault(b => b.Placeholder == fill.Name);
                    Truncation effective = budget?.Truncation ?? template.Truncation;
                    if (effective == Truncation.Fail)
                    {
                        Assert.False(fill.IsTruncated, $"{label}: Fail value {fill.Name} was cut");
                    }

                    if (fill.IsTruncated)
                    {
                        Assert.True(fill.Tokens <= fill.OriginalTokens, label);
                    }

                    if (budget is not null && budget.Allocation.Kind != TokenAllocationKind.Remainder)
                    {
                        int cap = budget.Allocation.Kind == TokenAllocationKind.Fixed
                            ? budget.Allocation.Value
                            : (int)((long)definition.InputBudget * budget.Allocation.Value / 100);
                        Assert.True(fill.Tokens <= cap, $"{label}: {fill.Name} {fill.Tokens} > its budget {cap}");
                    }
                }
            }
        }

        private static void AssertLegitimateFailure(Case c, TokenBudgetExceededException error, string label)
        {
            if (error.Segment == c.Definition.Name)
            {
                Assert.True(c.StaticOverflows, $"{label}: static text and overhead fit, yet: {error.Message}");
                return;
            }

            // Otherwise only a Fail value (or a template whose Fail values do not fit) may stop the build. It may do so
            // before an overflowing static text is noticed when a definition understates its static tokens.
            bool named = false;
            foreach (TemplateDefinition template in c.Definition.Templates)
            {
                ParsedTemplate parsed = TemplateParser.Parse(template.Template);
                foreach (string placeholder in parsed.DistinctPlaceholders)
                {
                    Truncation effective = template.PlaceholderBudgets.FirstOrDefault(b => b.Placeholder == placeholder)?.Truncation ?? template.Truncation;
                    if (effective == Truncation.Fail && (error.Segment == template.Name + "." + placeholder || error.Segment == template.Name))
                    {
                        named = true;
                    }
                }
            }

            Assert.True(named, $"{label}: unexpected failure on '{error.Segment}': {error.Message}");
        }

        private static Case RandomCase(Random random)
        {
            string encoding = Encodings[random.Next(2)];
            double margin = random.Next(5) == 0 ? Math.Round(random.NextDouble() * 0.5, 2) : 0;
            int total = random.Next(5) == 0 ? RandomBudget(random, 300) : random.Next(150, 4000);
            int reserved = random.Next(3) == 0 ? random.Next(0, total / 4 + 1) : 0;
            int templateCount = random.Next(1, 5);
            var templates = new TemplateDefinition[templateCount];
            for (int t = 0; t < templateCount; t++)
            {
                var text = new StringBuilder();
                var used = new List<string>();
                int parts = random.Next(0, 4);
                text.Append(RandomLiteral(random));
                for (int p = 0; p < parts; p++)
                {
                    string name = PlaceholderPool[random.Next(PlaceholderPool.Length)];
                    used.Add(name);
                    text.Append('{').Append(name).Append('}').Append(RandomLiteral(random));
                }

                TokenAllocation allocation = random.Next(3) switch
                {
                    0 => TokenAllocation.Fixed(RandomBudget(random, 800)),
                    1 => TokenAllocation.Percent(random.Next(1, 101)),
                    _ => TokenAllocation.Remainder,
                };

                var budgets = new List<PlaceholderBudget>();
                foreach (string name in used.Distinct())
                {
                    if (random.Next(4) == 0)
                    {
                        TokenAllocation own = random.Next(3) switch
                        {
                            0 => TokenAllocation.Fixed(RandomBudget(random, 300)),
                            1 => TokenAllocation.Percent(random.Next(1, 101)),
                            _ => TokenAllocation.Remainder,
                        };
                        budgets.Add(new PlaceholderBudget(name, own, RandomTruncation(random)));
                    }
                }

                string template = text.ToString();
                int? staticTokens = null;
                if (random.Next(4) == 0)
                {
                    int exact = Cookbook.Count(TemplateParser.Parse(template).StaticText, encoding);
                    staticTokens = random.Next(3) == 0 ? random.Next(0, exact + 1) : exact;
                }

                templates[t] = new TemplateDefinition(
                    "T" + t,
                    (PromptRole)random.Next(4),
                    template,
                    allocation,
                    RandomTruncation(random),
                    budgets,
                    staticTokens,
                    random.Next(5) == 0 ? RandomText(random, random.Next(1, 12)) : null);
            }

            var definition = new PromptDefinition("Random", encoding, total, reserved, templates, margin > 0 ? "approx-model" : null, margin);
            var values = definition.Placeholders.Select(_ => RandomText(random, RandomLength(random))).ToArray();
            return new Case(definition, values, encoding, margin);
        }

        private static int RandomLength(Random random) => random.Next(6) switch
        {
            0 => 0,
            1 => random.Next(1, 20),
            2 => random.Next(20, 200),
            3 => random.Next(200, 1500),
            4 => random.Next(1500, 6000),
            _ => random.Next(0, 400),
        };

        private static int RandomBudget(Random random, int max) => random.Next(4) switch
        {
            0 => random.Next(0, 8),
            1 => random.Next(0, 60),
            _ => random.Next(0, max + 1),
        };

        private static Truncation RandomTruncation(Random random) => random.Next(25) switch
        {
            < 6 => Truncation.KeepStart,
            < 12 => Truncation.KeepEnd,
            < 18 => Truncation.KeepBothEnds,
            < 24 => Truncation.Sentences,
            _ => Truncation.Fail,
        };

        private static string RandomLiteral(Random random)
        {
            string text = RandomText(random, random.Next(0, 60));
            return text.Replace("{", "{{").Replace("}", "}}");
        }

        private static string RandomText(Random random, int length)
        {
            var builder = new StringBuilder();
            while (builder.Length < length)
            {
                switch (random.Next(12))
                {
                    case 0:
                        // A very long word.
                        for (int i = random.Next(50, 400); i > 0; i--)
                        {
                            builder.Append((char)('a' + random.Next(26)));
                        }

                        break;
                    case 1:
                        builder.Append(random.Next(2) == 0 ? ' ' : '\n', random.Next(1, 30));
                        break;
                    case 2:
                        builder.Append(random.Next(0, int.MaxValue));
                        break;
                    case 3 when random.Next(40) == 0:
                        // A lone surrogate: the input has it, the output may keep it but must not add any.
                        builder.Append(random.Next(2) == 0 ? '\uD83D' : '\uDE00');
                        break;
                    case 4:
                        builder.Append("{braces} ");
                        break;
                    default:
                        builder.Append(Fragments[random.Next(Fragments.Length)]);
                        break;
                }
            }

            return builder.ToString();
        }

        private static string Escape(string text) => text.Length > 80 ? text.Substring(0, 80).Replace("\n", "\\n") + "…" : text.Replace("\n", "\\n");

        private sealed class Case
        {
            public Case(PromptDefinition definition, string[] values, string encoding, double margin)
            {
                Definition = definition;
                Values = values;
                Encoding = encoding;
                Margin = margin;
                long needed = 3;
                foreach (TemplateDefinition template in definition.Templates)
                {
                    needed += 3 + Cookbook.Count(PromptRoles.ToApiName(template.Role), encoding, margin)
                        + Cookbook.Count(TemplateParser.Parse(template.Template).StaticText, encoding, margin);
                    if (template.MessageName is not null)
                    {
                        needed += 1 + Cookbook.Count(template.MessageName, encoding, margin);
                    }
                }

                StaticOverflows = needed > definition.InputBudget;
            }

            public PromptDefinition Definition { get; }

            public string[] Values { get; }

            public string Encoding { get; }

            public double Margin { get; }

            /// <summary>True when the static text and overhead alone exceed the input budget (counted independently).</summary>
            public bool StaticOverflows { get; }

            public string Describe() =>
                $"{Encoding} margin {Margin} total {Definition.TotalTokens} reserved {Definition.ReservedOutput}; "
                + string.Join("; ", Definition.Templates.Select(t => $"{t.Name} {t.Allocation} {t.Truncation} \"{Escape(t.Template)}\""));
        }
    }
}
