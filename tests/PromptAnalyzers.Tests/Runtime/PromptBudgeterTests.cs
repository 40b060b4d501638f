using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using PromptAnalyzers;
using Xunit;

namespace PromptAnalyzers.Tests.Runtime
{
    public class PromptBudgeterTests
    {
        private const string Cl100k = "cl100k_base";

        private static readonly string LongText = Cookbook.Repeat("The quick brown fox jumps over the lazy dog. ", 200);

        private static int Count(string text) => Cookbook.Count(text, Cl100k);

        private static PromptDefinition Prompt(int total, int reserved, params TemplateDefinition[] templates) =>
            new PromptDefinition("Test", Cl100k, total, reserved, templates);

        [Fact]
        public void A_template_cannot_be_a_tool_message()
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateDefinition("T", PromptRole.Tool, "x"));
            Assert.Equal("role", error.ParamName);
        }

        [Fact]
        public void Values_are_inserted_and_counted_by_the_cookbook_rule()
        {
            var definition = Prompt(1000, 100,
                new TemplateDefinition("System", PromptRole.System, "You answer {tone}."),
                new TemplateDefinition("Question", PromptRole.User, "Q: {question} ({tone})", messageName: "alice"));
            Assert.Equal(new[] { "tone", "question" }, definition.Placeholders);

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "briefly", "What is 2+2?" });

            Assert.Equal("You answer briefly.", prompt.Messages[0].Content);
            Assert.Equal(PromptRole.System, prompt.Messages[0].Role);
            Assert.Equal("Q: What is 2+2? (briefly)", prompt.Messages[1].Content);
            Assert.Equal("alice", prompt.Messages[1].Name);
            int expected = 3
                + 3 + Count("system") + Count("You answer briefly.")
                + 3 + Count("user") + Count("Q: What is 2+2? (briefly)") + 1 + Count("alice");
            Assert.Equal(expected, prompt.InputTokens);
            Assert.Equal(900, prompt.InputBudget);
            Assert.DoesNotContain(prompt.Segments, s => s.IsTruncated);
            Assert.Equal(Count("What is 2+2?"), prompt.Segments[1].Placeholders.Single(p => p.Name == "question").Tokens);
            Assert.Equal(Count("You answer ."), prompt.Segments[0].StaticTokens);
        }

        [Fact]
        public void The_design_example_built_the_way_generated_code_calls_it()
        {
            // Exactly the calls the source generator emits: positional arguments, build-time static counts, string?[] values.
            var definition = new PromptDefinition(
                "SupportPrompt",
                "o200k_base",
                16_000,
                1_000,
                new TemplateDefinition[]
                {
                    new TemplateDefinition("System", PromptRole.System, "You are Contoso's support agent. Answer {tone}.", TokenAllocation.Fixed(200), Truncation.KeepStart, null, Cookbook.Count("You are Contoso's support agent. Answer .", "o200k_base"), null),
                    new TemplateDefinition("Context", PromptRole.User, "Use only these documents:\n{documents}", TokenAllocation.Percent(60), Truncation.Sentences, null, Cookbook.Count("Use only these documents:\n", "o200k_base"), null),
                    new TemplateDefinition("Question", PromptRole.User, "Question: {question}", TokenAllocation.Fixed(500), Truncation.KeepStart, new PlaceholderBudget[] { new PlaceholderBudget("question", TokenAllocation.Fixed(400), Truncation.KeepEnd) }, Cookbook.Count("Question: ", "o200k_base"), null),
                },
                "gpt-4o-mini",
                0);
            string documents = Cookbook.Repeat("Contoso routers reboot when the light blinks red. Hold the reset button for ten seconds.\n", 2000);
            string?[] values = { "briefly", documents, "My router blinks red, what now?" };

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, values);

            Assert.Equal(15_000, prompt.InputBudget);
            Assert.Equal(9_000, prompt.Segments[1].Allocation);
            Assert.True(prompt.Segments[1].IsTruncated);
            Assert.EndsWith("ten seconds.", prompt.Messages[1].Content);
            Assert.Equal("Question: My router blinks red, what now?", prompt.Messages[2].Content);
            Assert.Equal(Cookbook.CountMessages(prompt.Messages, "o200k_base"), prompt.InputTokens);
            Assert.True(prompt.InputTokens <= 15_000);
        }

        [Fact]
        public void A_placeholder_used_twice_in_a_template_is_inserted_and_paid_twice()
        {
            var definition = Prompt(100, 0, new TemplateDefinition("T", PromptRole.User, "{x}|{x}", TokenAllocation.Fixed(21), Truncation.KeepStart));
            string value = Cookbook.Repeat(" word", 50);
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { value });
            string[] halves = prompt.Messages[0].Content.Split('|');
            Assert.Equal(halves[0], halves[1]);
            Assert.Equal(10, Count(halves[0]));
            Assert.Equal(Count(prompt.Messages[0].Content), prompt.Segments[0].Tokens);
            Assert.True(prompt.Segments[0].Tokens <= 21);
        }

        [Fact]
        public void Fixed_cap_cuts_its_value_and_what_it_leaves_flows_to_the_remainder()
        {
            var definition = Prompt(400, 100,
                new TemplateDefinition("Small", PromptRole.System, "Tone: {tone}", TokenAllocation.Fixed(100)),
                new TemplateDefinition("Capped", PromptRole.User, "Doc: {doc}", TokenAllocation.Fixed(50), Truncation.KeepStart),
                new TemplateDefinition("Rest", PromptRole.User, "More: {more}", TokenAllocation.Remainder, Truncation.KeepEnd));

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "calm", LongText, LongText });

            Assert.Equal(100, prompt.Segments[0].Allocation);
            Assert.Equal(Count("Tone: calm"), prompt.Segments[0].Tokens);
            Assert.Equal(50, prompt.Segments[1].Allocation);
            Assert.True(prompt.Segments[1].Tokens <= 50 && prompt.Segments[1].Tokens >= 48);
            Assert.StartsWith("Doc: The quick brown fox", prompt.Messages[1].Content);
            Assert.True(prompt.Segments[1].IsTruncated);

            int overhead = 3 + 3 * 3 + Count("system") + 2 * Count("user");
            int expectedRest = 300 - overhead - prompt.Segments[0].Tokens - prompt.Segments[1].Tokens;
            Assert.Equal(expectedRest, prompt.Segments[2].Allocation);
            Assert.EndsWith("lazy dog. ", prompt.Messages[2].Content);
            Assert.True(prompt.InputTokens <= 300 && prompt.InputTokens >= 298, prompt.InputTokens.ToString());
            Assert.Equal(Cookbook.CountMessages(prompt.Messages, Cl100k), prompt.InputTokens);
        }

        [Fact]
        public void Percent_is_a_share_of_the_input_budget()
        {
            var definition = Prompt(1100, 100,
                new TemplateDefinition("Ctx", PromptRole.User, "{documents}", TokenAllocation.Percent(10), Truncation.KeepStart));
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { LongText });
            Assert.Equal(100, prompt.Segments[0].Allocation);
            Assert.Equal(100, prompt.Segments[0].Tokens);
            Assert.Equal(100, prompt.Segments[0].Placeholders[0].Tokens);
            Assert.Equal(Count(LongText), prompt.Segments[0].Placeholders[0].OriginalTokens);
            Assert.Equal(Count(LongText) - 100, prompt.Segments[0].TruncatedTokens);
        }

        [Fact]
        public void Remainder_templates_share_by_water_filling()
        {
            var definition = Prompt(1000, 0,
                new TemplateDefinition("A", PromptRole.User, "{a}"),
                new TemplateDefinition("B", PromptRole.User, "{b}"),
                new TemplateDefinition("C", PromptRole.User, "{c}"));
            int overhead = 3 + 3 * (3 + Count("user"));
            int pool = 1000 - overhead;

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "short text", LongText, LongText });

            int small = Count("short text");
            Assert.Equal(small, prompt.Segments[0].Allocation);
            int rest = pool - small;
            Assert.Equal(rest / 2 + rest % 2, prompt.Segments[1].Allocation);
            Assert.Equal(rest / 2, prompt.Segments[2].Allocation);
            Assert.Equal(pool, prompt.Segments.Sum(s => s.Allocation));
            Assert.Equal(1000, prompt.InputTokens);
        }

        [Fact]
        public void Caps_that_overrun_the_budget_are_scaled_down()
        {
            var definition = Prompt(500, 0,
                new TemplateDefinition("A", PromptRole.User, "{a}", TokenAllocation.Fixed(1000)),
                new TemplateDefinition("B", PromptRole.User, "{b}", TokenAllocation.Percent(100)),
                new TemplateDefinition("C", PromptRole.User, "C: {c}"));
            int overhead = 3 + 3 * (3 + Count("user"));
            int content = 500 - overhead - Count("C: ");

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { LongText, LongText, LongText });

            // Rooms 1000 and 500 scaled to `content` in proportion 2:1, the rounding's token given in template order.
            int a = (int)(1000L * content / 1500), b = (int)(500L * content / 1500);
            if (a + b < content)
            {
                a++;
            }

            if (a + b < content)
            {
                b++;
            }

            Assert.Equal(a, prompt.Segments[0].Allocation);
            Assert.Equal(b, prompt.Segments[1].Allocation);
            Assert.Equal(Count("C: "), prompt.Segments[2].Allocation);
            Assert.Equal("C: ", prompt.Messages[2].Content);
            Assert.True(prompt.InputTokens <= 500);
            Assert.Equal(Cookbook.CountMessages(prompt.Messages, Cl100k), prompt.InputTokens);
        }

        [Fact]
        public void Static_text_that_cannot_fit_throws()
        {
            var definition = Prompt(20, 5, new TemplateDefinition("Big", PromptRole.System, LongText));
            var error = Assert.Throws<TokenBudgetExceededException>(() => PromptBudgeter.Build(definition, Array.Empty<string>()));
            Assert.Equal("Test", error.Segment);
            Assert.Equal(15, error.Allocation);
            Assert.Equal(3 + 3 + Count("system") + Count(LongText), error.Tokens);
        }

        [Fact]
        public void A_static_text_larger_than_its_cap_keeps_its_text()
        {
            var definition = Prompt(1000, 0, new TemplateDefinition("T", PromptRole.User, "Some static words here {x}", TokenAllocation.Fixed(2)));
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "and many more words" });
            Assert.Equal("Some static words here ", prompt.Messages[0].Content);
            Assert.Equal(string.Empty, prompt.Messages[0].Content.Substring("Some static words here ".Length));
            Assert.Equal(Count("Some static words here "), prompt.Segments[0].Allocation);
        }

        [Fact]
        public void Placeholder_budgets_cap_a_value_and_use_their_own_truncation()
        {
            var definition = Prompt(10_000, 0,
                new TemplateDefinition("T", PromptRole.User, "{head}\n{tail}", TokenAllocation.Remainder, Truncation.KeepStart,
                    new[] { new PlaceholderBudget("tail", TokenAllocation.Fixed(5), Truncation.KeepEnd) }));
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "head text", Words });
            Assert.Equal("head text\n six seven eight nine ten", prompt.Messages[0].Content);
            PlaceholderFill tail = prompt.Segments[0].Placeholders[1];
            Assert.Equal(5, tail.Tokens);
            Assert.Equal(10, tail.OriginalTokens);
            Assert.True(tail.IsTruncated);
            Assert.False(prompt.Segments[0].Placeholders[0].IsTruncated);
        }

        private const string Words = "one two three four five six seven eight nine ten";

        [Fact]
        public void Fail_values_throw_naming_template_and_placeholder()
        {
            var definition = Prompt(1000, 0,
                new TemplateDefinition("Question", PromptRole.User, "Q: {question}", TokenAllocation.Fixed(8), Truncation.Fail));
            var error = Assert.Throws<TokenBudgetExceededException>(() => PromptBudgeter.Build(definition, new[] { Words }));
            Assert.Equal("Question.question", error.Segment);
            Assert.Equal(10, error.Tokens);
            Assert.Equal(8 - Count("Q: "), error.Allocation);
            Assert.Contains("Fail", error.Message);

            BudgetedPrompt fits = PromptBudgeter.Build(definition, new[] { "one two" });
            Assert.Equal("Q: one two", fits.Messages[0].Content);
        }

        [Fact]
        public void Fail_values_are_served_before_values_that_may_be_cut()
        {
            var definition = Prompt(1000, 0,
                new TemplateDefinition("T", PromptRole.User, "{keep}{cut}", TokenAllocation.Fixed(12), Truncation.KeepStart,
                    new[] { new PlaceholderBudget("keep", TokenAllocation.Remainder, Truncation.Fail) }));
            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { Words, LongText });
            Assert.StartsWith(Words, prompt.Messages[0].Content);
            Assert.True(prompt.Segments[0].Tokens <= 12);
        }

        [Fact]
        public void Unset_and_missing_values_are_rejected_clearly()
        {
            var definition = Prompt(1000, 0, new TemplateDefinition("T", PromptRole.User, "{user_name} {x}"));
            var unset = Assert.Throws<InvalidOperationException>(() => PromptBudgeter.Build(definition, new string?[] { null, "x" }));
            Assert.Contains("'user_name'", unset.Message);
            Assert.Contains("WithUserName", unset.Message);
            Assert.Throws<ArgumentException>(() => PromptBudgeter.Build(definition, new[] { "only one" }));
            Assert.Throws<ArgumentNullException>(() => PromptBudgeter.Build(definition, null!));
        }

        [Fact]
        public void Approximate_models_count_with_the_margin()
        {
            var definition = new PromptDefinition("Claude", Cl100k, 300, 0,
                new[]
                {
                    new TemplateDefinition("S", PromptRole.System, "Be {tone}."),
                    new TemplateDefinition("U", PromptRole.User, "{doc}", TokenAllocation.Remainder, Truncation.KeepStart, messageName: "bob"),
                },
                model: "claude-x", approximationMargin: 0.2);

            BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { "nice", LongText });

            Assert.False(prompt.IsExact);
            Assert.Equal(Cookbook.CountMessages(prompt.Messages, Cl100k, 0.2), prompt.InputTokens);
            Assert.True(prompt.InputTokens <= 300);
            Assert.True(prompt.InputTokens >= 297, prompt.InputTokens.ToString());
            Assert.Equal(Cookbook.Count(prompt.Messages[1].Content, Cl100k, 0.2), prompt.Segments[1].Tokens);
        }

        [Fact]
        public void Understated_static_tokens_do_not_break_the_guarantee()
        {
            var definition = Prompt(120, 0,
                new TemplateDefinition("A", PromptRole.User, Cookbook.Repeat("static words ", 20) + "{a}", staticTokens: 0),
                new TemplateDefinition("B", PromptRole.User, "{b}", TokenAllocation.Fixed(30), staticTokens: 0));

            for (int i = 0; i < 2; i++)
            {
                BudgetedPrompt prompt = PromptBudgeter.Build(definition, new[] { LongText, LongText });
                Assert.Equal(Cookbook.CountMessages(prompt.Messages, Cl100k), prompt.InputTokens);
                Assert.True(prompt.InputTokens <= 120);
                Assert.StartsWith(Cookbook.Repeat("static words ", 20), prompt.Messages[0].Content);
                Assert.All(prompt.Segments, s => Assert.True(s.Tokens <= s.Allocation));
            }
        }

        [Fact]
        public void Concurrent_builds_on_one_definition_agree()
        {
            var definition = Prompt(600, 50,
                new TemplateDefinition("A", PromptRole.System, "Context:\n{doc}", TokenAllocation.Percent(40), Truncation.Sentences),
                new TemplateDefinition("B", PromptRole.User, "{doc}\n{question}", TokenAllocation.Remainder, Truncation.KeepBothEnds));
            string[] values = { LongText, "Why is the fox quick?" };
            BudgetedPrompt reference = PromptBudgeter.Build(new PromptDefinition("Test", Cl100k, 600, 50, definition.Templates), values);

            var results = new BudgetedPrompt[64];
            Parallel.For(0, results.Length, i => results[i] = PromptBudgeter.Build(definition, values));

            Assert.All(results, r =>
            {
                Assert.Equal(reference.InputTokens, r.InputTokens);
                Assert.Equal(reference.Messages.Select(m => m.Content), r.Messages.Select(m => m.Content));
            });
        }
    }
}
