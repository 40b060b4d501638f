using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PromptAnalyzers.Build.Tests;

public sealed class ReportFormatterTests
{
    /// <summary>Three prompts, given out of order: exact, approximate (and generic), and one without a model or prices.</summary>
    internal static List<BudgetFact> Facts() => new()
    {
        new BudgetFact("Contoso.Support", "Question")
        {
            Order = 2, Role = "user", Placeholders = "question", Model = "gpt-4o-mini", Encoding = "o200k_base", StaticTokens = 3,
            AllocationKind = "remainder", AllocationTokens = 3_000, TotalTokens = 4_000, ReservedOutput = 500, InputBudget = 3_500,
            ChatOverhead = 15, InputPricePerMillion = "0.15", OutputPricePerMillion = "0.60", PricesAsOf = "2025-08-15",
        },
        new BudgetFact("Contoso.Local", "Ask")
        {
            Order = 0, Role = "user", Placeholders = "q", Encoding = "cl100k_base", StaticTokens = 25, AllocationKind = "fixed",
            AllocationValue = 20, AllocationTokens = 20, TotalTokens = 1_000, InputBudget = 1_000, ChatOverhead = 7,
        },
        new BudgetFact("Contoso.Support", "System")
        {
            Order = 0, Role = "system", Placeholders = "tone", Model = "gpt-4o-mini", Encoding = "o200k_base", StaticTokens = 10,
            AllocationKind = "fixed", AllocationValue = 50, AllocationTokens = 50, TotalTokens = 4_000, ReservedOutput = 500, InputBudget = 3_500,
            ChatOverhead = 15, InputPricePerMillion = "0.15", OutputPricePerMillion = "0.60", PricesAsOf = "2025-08-15",
        },
        new BudgetFact("Contoso.Claude<T>", "Ask")
        {
            Order = 0, Role = "user", Placeholders = "question,context", Model = "claude-sonnet-4", Encoding = "cl100k_base",
            ApproximationMargin = 0.3, StaticTokens = 13, AllocationKind = "percent", AllocationValue = 10, AllocationTokens = 1_800,
            TotalTokens = 20_000, ReservedOutput = 2_000, InputBudget = 18_000, ChatOverhead = 11,
            InputPricePerMillion = "3.00", OutputPricePerMillion = "15.00", PricesAsOf = "2025-08-15",
        },
        new BudgetFact("Contoso.Support", "Rules")
        {
            Order = 1, Role = "user", Model = "gpt-4o-mini", Encoding = "o200k_base", StaticTokens = 6, AllocationKind = "remainder",
            AllocationTokens = 6, TotalTokens = 4_000, ReservedOutput = 500, InputBudget = 3_500, ChatOverhead = 15,
            InputPricePerMillion = "0.15", OutputPricePerMillion = "0.60", PricesAsOf = "2025-08-15",
        },
    };

    private const string ExpectedMarkdown = """
        # Prompt budget report: Consumer (net10.0)

        3 prompts, 5 templates, counted at build time. *Static tokens*: the template without its placeholders. *Headroom*: what the allocation leaves for placeholder values. *Cost per call*: from the static text alone to a full allocation (a template), or to the whole input budget plus the reserved output (a prompt), at list prices.

        | Prompt | Template | Model | Encoding | Static tokens | Allocation | Headroom | Est. cost per call |
        | --- | --- | --- | --- | ---: | ---: | ---: | ---: |
        | Contoso.Claude&lt;T&gt; | Ask | claude-sonnet-4 | cl100k_base (approx. +30 %) | 13 | 1,800 (10 %) | 1,787 (99 %) | $0.000039 – $0.0054 |
        | **Contoso.Claude&lt;T&gt;** | *whole prompt* | claude-sonnet-4 | cl100k_base (approx. +30 %) | 13 + 11 overhead | 18,000 input + 2,000 output |  | $0.000072 – $0.084 |
        | Contoso.Local | Ask | — | cl100k_base | 25 | 20 | -5 (-25 %) | — |
        | **Contoso.Local** | *whole prompt* | — | cl100k_base | 25 + 7 overhead | 1,000 input + 0 output |  | — |
        | Contoso.Support | System | gpt-4o-mini | o200k_base | 10 | 50 | 40 (80 %) | $0.0000015 – $0.0000075 |
        | Contoso.Support | Rules | gpt-4o-mini | o200k_base | 6 | ≥ 6 (remainder) | — | $0.0000009 – $0.0000009 |
        | Contoso.Support | Question | gpt-4o-mini | o200k_base | 3 | ≥ 3,000 (remainder) | 2,997 (99 %) | $0.00000045 – $0.00045 |
        | **Contoso.Support** | *whole prompt* | gpt-4o-mini | o200k_base | 19 + 15 overhead | 3,500 input + 500 output |  | $0.0000051 – $0.000825 |

        Prices: US dollars, the model catalog's list prices as of 2025-08-15; output is priced at the prompt's reserved output. Prompts without a model or a known price show no cost. Remainder allocations (≥) are the share a template is guaranteed when every other template is full.

        """;

    [Fact]
    public void The_markdown_table_has_one_row_per_template_and_per_prompt_in_order()
    {
        string markdown = ReportFormatter.ToMarkdown(BudgetReport.Create("Consumer", "net10.0", Facts()));

        Assert.Equal(ExpectedMarkdown.Replace("\r\n", "\n", StringComparison.Ordinal), markdown);
    }

    [Fact]
    public void The_json_report_holds_every_value_with_exact_decimal_costs()
    {
        string json = ReportFormatter.ToJson(BudgetReport.Create("Consumer", "net10.0", Facts()));

        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(json);
        System.Text.Json.JsonElement root = document.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("Consumer", root.GetProperty("assembly").GetString());
        Assert.Equal("net10.0", root.GetProperty("targetFramework").GetString());
        Assert.Equal(new[] { "Contoso.Claude<T>", "Contoso.Local", "Contoso.Support" },
            root.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("type").GetString()));

        System.Text.Json.JsonElement support = root.GetProperty("prompts")[2];
        Assert.Equal(19, support.GetProperty("staticTokens").GetInt32());
        Assert.Equal(0.0000051m, support.GetProperty("costPerCall").GetProperty("min").GetDecimal());
        Assert.Equal(0.000825m, support.GetProperty("costPerCall").GetProperty("max").GetDecimal());
        Assert.Equal(0.6m, support.GetProperty("prices").GetProperty("outputPerMillion").GetDecimal());
        Assert.Equal(new[] { "System", "Rules", "Question" }, support.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        System.Text.Json.JsonElement rules = support.GetProperty("templates")[1];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rules.GetProperty("headroomTokens").ValueKind);
        Assert.Empty(rules.GetProperty("placeholders").EnumerateArray());
        Assert.Equal("remainder", rules.GetProperty("allocation").GetProperty("kind").GetString());

        System.Text.Json.JsonElement local = root.GetProperty("prompts")[1];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, local.GetProperty("model").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, local.GetProperty("prices").ValueKind);
        Assert.Equal(-5, local.GetProperty("templates")[0].GetProperty("headroomTokens").GetInt32());
        Assert.Equal(-25, local.GetProperty("templates")[0].GetProperty("headroomPercent").GetInt32());

        System.Text.Json.JsonElement claude = root.GetProperty("prompts")[0];
        Assert.True(claude.GetProperty("approximate").GetBoolean());
        Assert.Equal(0.3, claude.GetProperty("approximationMargin").GetDouble());
        Assert.Equal(new[] { "question", "context" }, claude.GetProperty("templates")[0].GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));

        System.Text.Json.JsonElement summary = root.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("prompts").GetInt32());
        Assert.Equal(5, summary.GetProperty("templates").GetInt32());
        Assert.Equal("Contoso.Local", summary.GetProperty("tightestHeadroom").GetProperty("prompt").GetString());
        Assert.Equal(-25, summary.GetProperty("tightestHeadroom").GetProperty("percent").GetInt32());
        Assert.Equal("Contoso.Claude<T>", summary.GetProperty("costliestCall").GetProperty("prompt").GetString());
        Assert.Equal(0.084m, summary.GetProperty("costliestCall").GetProperty("max").GetDecimal());
    }

    [Fact]
    public void The_json_is_indented_with_line_feeds_and_ends_with_one()
    {
        string json = ReportFormatter.ToJson(BudgetReport.Create("Consumer", null, Facts()));

        Assert.StartsWith("{\n  \"formatVersion\": 1,\n  \"assembly\": \"Consumer\",\n  \"targetFramework\": null,\n  \"prompts\": [\n    {\n", json, StringComparison.Ordinal);
        Assert.EndsWith("\n  }\n}\n", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_do_not_depend_on_the_order_of_the_facts_or_the_current_culture()
    {
        BudgetReport report = BudgetReport.Create("Consumer", "net10.0", Facts());
        string json = ReportFormatter.ToJson(report);
        string markdown = ReportFormatter.ToMarkdown(report);
        string summary = ReportFormatter.SummaryLine(report, "obj/x.md");

        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            List<BudgetFact> reversed = Facts();
            reversed.Reverse();
            BudgetReport again = BudgetReport.Create("Consumer", "net10.0", reversed);
            Assert.Equal(json, ReportFormatter.ToJson(again));
            Assert.Equal(markdown, ReportFormatter.ToMarkdown(again));
            Assert.Equal(summary, ReportFormatter.SummaryLine(again, "obj/x.md"));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public void The_summary_names_the_tightest_headroom_the_costliest_call_and_the_report()
    {
        string summary = ReportFormatter.SummaryLine(BudgetReport.Create("Consumer", null, Facts()), "obj/Debug/net10.0/promptanalyzers.budget.md");

        Assert.Equal(
            "PromptAnalyzers: 3 prompts, 5 templates; tightest headroom Contoso.Local.Ask -25 % (cl100k_base); "
            + "a call costs up to $0.084 (Contoso.Claude<T>); report: obj/Debug/net10.0/promptanalyzers.budget.md",
            summary);
    }

    [Fact]
    public void The_summary_of_one_prompt_states_its_model_and_an_approximation()
    {
        List<BudgetFact> claude = Facts().Where(f => f.Prompt == "Contoso.Claude<T>").ToList();

        Assert.Equal(
            "PromptAnalyzers: 1 prompt, 1 template; tightest headroom Contoso.Claude<T>.Ask 99 % (claude-sonnet-4, approximate: cl100k_base + 30 % margin); "
            + "a call costs up to $0.084; report: r.md",
            ReportFormatter.SummaryLine(BudgetReport.Create("C", null, claude), "r.md"));
    }

    [Fact]
    public void The_summary_without_placeholders_or_prices_says_so()
    {
        var facts = new List<BudgetFact>
        {
            new BudgetFact("P", "Fixed") { Encoding = "o200k_base", StaticTokens = 4, AllocationKind = "remainder", AllocationTokens = 4, InputBudget = 100 },
        };

        Assert.Equal("PromptAnalyzers: 1 prompt, 1 template; no prices known; report: r.md", ReportFormatter.SummaryLine(BudgetReport.Create("C", null, facts), "r.md"));
        Assert.Contains("No prompt names a model with a known price, so no cost is shown.", ReportFormatter.ToMarkdown(BudgetReport.Create("C", null, facts)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "$0")]
    [InlineData("0.000825", "$0.000825")]
    [InlineData("0.0000015", "$0.0000015")]
    [InlineData("0.48384", "$0.4838")]
    [InlineData("0.123456", "$0.1235")]
    [InlineData("1.00005", "$1")]
    [InlineData("12345.678", "$12346")]
    [InlineData("0.00000000000000000001", "$0.00000000000000000001")]
    public void Money_keeps_four_significant_digits(string value, string expected)
    {
        // 1.00005 rounds to 1.000 (four digits) and prints without trailing zeros.
        Assert.Equal(expected, ReportFormatter.Money(decimal.Parse(value, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("o200k_base", "o200k_base")]
    [InlineData("user_name", "user_name")]
    [InlineData("_private", "\\_private")]
    [InlineData("Outer<T>.Inner", "Outer&lt;T&gt;.Inner")]
    [InlineData("a|b", "a\\|b")]
    [InlineData("*bold* `code` [link] #h ~s~ \\", "\\*bold\\* \\`code\\` \\[link\\] \\#h \\~s\\~ \\\\")]
    [InlineData("line\nbreak\u2028sep & amp", "line break sep &amp; amp")]
    public void Markdown_cells_escape_what_would_break_the_table(string text, string expected)
    {
        Assert.Equal(expected, ReportFormatter.Escape(text));
    }

    [Fact]
    public void Json_strings_escape_quotes_controls_line_separators_and_lone_surrogates()
    {
        var facts = new List<BudgetFact>
        {
            new BudgetFact("P", "T") { Model = "a\"b\\c\n\t\u0001\u2028😀\uD800", Encoding = "o200k_base", InputBudget = 10 },
        };

        string json = ReportFormatter.ToJson(BudgetReport.Create("C", null, facts));

        Assert.Contains("\"model\": \"a\\\"b\\\\c\\n\\t\\u0001\\u2028😀\\ud800\"", json, StringComparison.Ordinal);

        // Without the lone surrogate (which no UTF-16 string reader accepts), the value round-trips through a JSON parser.
        facts[0].Model = "a\"b\\c\n\t\u0001\u2028😀";
        using System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(ReportFormatter.ToJson(BudgetReport.Create("C", null, facts)));
        Assert.Equal(facts[0].Model, document.RootElement.GetProperty("prompts")[0].GetProperty("model").GetString());
    }
}
