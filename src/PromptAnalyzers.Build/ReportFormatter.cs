using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static PromptAnalyzers.Build.BudgetReport;

namespace PromptAnalyzers.Build
{
    /// <summary>
    /// Writes a <see cref="BudgetReport"/> as JSON, as a Markdown table and as the one summary line of the build log.
    /// Output is deterministic: the report's order, invariant culture, '\n' line ends, no timestamps or paths.
    /// </summary>
    internal static class ReportFormatter
    {
        /// <summary>The version of the JSON format; raised when a field changes meaning or goes away.</summary>
        public const int FormatVersion = 1;

        private const string Dash = "\u2014";

        public static string ToJson(BudgetReport report)
        {
            var json = new JsonWriter();
            json.StartObject();
            json.Property("formatVersion", FormatVersion);
            json.Property("assembly", report.AssemblyName);
            json.Property("targetFramework", report.TargetFramework);
            json.StartArray("prompts");
            foreach (PromptEntry prompt in report.Prompts)
            {
                json.StartObject();
                json.Property("type", prompt.Type);
                json.Property("model", prompt.Model);
                json.Property("encoding", prompt.Encoding);
                json.Property("approximate", prompt.IsApproximate);
                json.RawProperty("approximationMargin", prompt.ApproximationMargin.ToString("R", CultureInfo.InvariantCulture));
                json.Property("totalTokens", prompt.TotalTokens);
                json.Property("reservedOutput", prompt.ReservedOutput);
                json.Property("inputBudget", prompt.InputBudget);
                json.Property("chatOverhead", prompt.ChatOverhead);
                json.Property("staticTokens", prompt.StaticTokens);
                if (prompt.InputPricePerMillion is decimal input)
                {
                    json.StartObject("prices");
                    json.Property("inputPerMillion", input);
                    json.Property("outputPerMillion", prompt.OutputPricePerMillion);
                    json.Property("asOf", prompt.PricesAsOf);
                    json.EndObject();
                    json.StartObject("costPerCall");
                    json.Property("min", prompt.MinCostPerCall);
                    json.Property("max", prompt.MaxCostPerCall);
                    json.EndObject();
                }
                else
                {
                    json.Null("prices");
                    json.Null("costPerCall");
                }

                json.StartArray("templates");
                foreach (TemplateEntry template in prompt.Templates)
                {
                    json.StartObject();
                    json.Property("name", template.Name);
                    json.Property("role", template.Role);
                    json.StringArray("placeholders", template.Placeholders);
                    json.Property("staticTokens", template.StaticTokens);
                    json.StartObject("allocation");
                    json.Property("kind", template.AllocationKind);
                    json.Property("value", template.AllocationValue);
                    json.Property("tokens", template.AllocationTokens);
                    json.EndObject();
                    json.Property("headroomTokens", template.HeadroomTokens);
                    json.Property("headroomPercent", template.HeadroomPercent);
                    if (template.StaticCost is decimal staticCost)
                    {
                        json.StartObject("costPerCall");
                        json.Property("staticText", staticCost);
                        json.Property("fullAllocation", template.FullCost);
                        json.EndObject();
                    }
                    else
                    {
                        json.Null("costPerCall");
                    }

                    json.EndObject();
                }

                json.EndArray();
                json.EndObject();
            }

            json.EndArray();
            json.StartObject("summary");
            json.Property("prompts", report.Prompts.Count);
            json.Property("templates", report.TemplateCount);
            if (report.Tightest is TemplateEntry tightest)
            {
                json.StartObject("tightestHeadroom");
                json.Property("prompt", tightest.Prompt.Type);
                json.Property("template", tightest.Name);
                json.Property("tokens", tightest.HeadroomTokens);
                json.Property("percent", tightest.HeadroomPercent);
                json.EndObject();
            }
            else
            {
                json.Null("tightestHeadroom");
            }

            if (report.Costliest is PromptEntry costliest)
            {
                json.StartObject("costliestCall");
                json.Property("prompt", costliest.Type);
                json.Property("max", costliest.MaxCostPerCall);
                json.EndObject();
            }
            else
            {
                json.Null("costliestCall");
            }

            json.EndObject();
            json.EndObject();
            return json.ToString();
        }

        public static string ToMarkdown(BudgetReport report)
        {
            var md = new StringBuilder();
            md.Append("# Prompt budget report: ").Append(Escape(report.AssemblyName));
            if (report.TargetFramework is not null)
            {
                md.Append(" (").Append(Escape(report.TargetFramework)).Append(')');
            }

            md.Append("\n\n");
            md.Append(Count(report.Prompts.Count, "prompt")).Append(", ").Append(Count(report.TemplateCount, "template"))
                .Append(", counted at build time. *Static tokens*: the template without its placeholders. *Headroom*: what the ")
                .Append("allocation leaves for placeholder values. *Cost per call*: from the static text alone to a full ")
                .Append("allocation (a template), or to the whole input budget plus the reserved output (a prompt), at list prices.\n\n");

            md.Append("| Prompt | Template | Model | Encoding | Static tokens | Allocation | Headroom | Est. cost per call |\n");
            md.Append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: |\n");
            foreach (PromptEntry prompt in report.Prompts)
            {
                string type = Escape(prompt.Type);
                string model = prompt.Model is null ? Dash : Escape(prompt.Model);
                string encoding = Escape(prompt.Encoding)
                    + (prompt.IsApproximate ? " (approx. +" + Percent(prompt.ApproximationMargin) + ")" : string.Empty);
                foreach (TemplateEntry template in prompt.Templates)
                {
                    Row(md, type, Escape(template.Name), model, encoding, Number(template.StaticTokens), Allocation(template),
                        Headroom(template), Range(template.StaticCost, template.FullCost));
                }

                Row(md, "**" + type + "**", "*whole prompt*", model, encoding,
                    Number(prompt.StaticTokens) + " + " + Number(prompt.ChatOverhead) + " overhead",
                    Number(prompt.InputBudget) + " input + " + Number(prompt.ReservedOutput) + " output",
                    string.Empty, Range(prompt.MinCostPerCall, prompt.MaxCostPerCall));
            }

            string[] dates = report.Prompts.Select(p => p.PricesAsOf).Where(d => d is not null).Select(d => d!)
                .Distinct(StringComparer.Ordinal).OrderBy(d => d, StringComparer.Ordinal).ToArray();
            md.Append('\n');
            if (report.Prompts.Any(p => p.InputPricePerMillion is not null))
            {
                md.Append("Prices: US dollars, the model catalog's list prices")
                    .Append(dates.Length == 0 ? string.Empty : " as of " + string.Join(", ", dates.Select(Escape)))
                    .Append("; output is priced at the prompt's reserved output.");
                if (report.Prompts.Any(p => p.InputPricePerMillion is null))
                {
                    md.Append(" Prompts without a model or a known price show no cost.");
                }
            }
            else
            {
                md.Append("No prompt names a model with a known price, so no cost is shown.");
            }

            md.Append(" Remainder allocations (≥) are the share a template is guaranteed when every other template is full.\n");
            return md.ToString();
        }

        /// <summary>
        /// The build log's line, e.g. <c>PromptAnalyzers: 1 prompt, 3 templates; tightest headroom Consumer.SupportPrompt.System
        /// 80 % (gpt-4o-mini, o200k_base); a call costs up to $0.000825 (Consumer.SupportPrompt); report: obj/...md</c>.
        /// </summary>
        public static string SummaryLine(BudgetReport report, string reportPath)
        {
            var line = new StringBuilder("PromptAnalyzers: ");
            line.Append(Count(report.Prompts.Count, "prompt")).Append(", ").Append(Count(report.TemplateCount, "template"));
            if (report.Tightest is TemplateEntry tightest)
            {
                PromptEntry prompt = tightest.Prompt;
                line.Append("; tightest headroom ").Append(tightest.QualifiedName).Append(' ')
                    .Append(tightest.HeadroomPercent!.Value.ToString(CultureInfo.InvariantCulture)).Append(" % (")
                    .Append(prompt.Model is null ? string.Empty : prompt.Model + ", ")
                    .Append(prompt.IsApproximate ? "approximate: " + prompt.Encoding + " + " + Percent(prompt.ApproximationMargin) + " margin" : prompt.Encoding)
                    .Append(')');
            }

            if (report.Costliest is PromptEntry costliest)
            {
                line.Append("; a call costs up to ").Append(Money(costliest.MaxCostPerCall!.Value))
                    .Append(report.Prompts.Count > 1 ? " (" + costliest.Type + ")" : string.Empty);
            }
            else
            {
                line.Append("; no prices known");
            }

            return line.Append("; report: ").Append(reportPath).ToString();
        }

        /// <summary>Dollars to four significant digits, trailing zeros dropped: <c>$0.000825</c>, <c>$0.4838</c>, <c>$0</c>.</summary>
        public static string Money(decimal value)
        {
            if (value == 0)
            {
                return "$0";
            }

            decimal scaled = Math.Abs(value);
            int decimals = 0;
            while (scaled < 1000m && decimals < 28)
            {
                scaled *= 10m;
                decimals++;
            }

            return "$" + Plain(Math.Round(value, decimals, MidpointRounding.AwayFromZero));
        }

        /// <summary>A decimal in invariant culture without trailing zeros or an exponent.</summary>
        public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

        /// <summary>
        /// Text for a Markdown table cell: characters that would end the cell, open HTML or start emphasis are escaped,
        /// line breaks become spaces.
        /// </summary>
        public static string Escape(string text)
        {
            var builder = new StringBuilder(text.Length + 8);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                switch (c)
                {
                    case '\\':
                    case '|':
                    case '*':
                    case '`':
                    case '[':
                    case ']':
                    case '#':
                    case '~':
                        builder.Append('\\').Append(c);
                        break;
                    case '_':
                        // Intraword underscores (o200k_base, user_name) are plain text in GitHub's Markdown.
                        bool inWord = i > 0 && i < text.Length - 1 && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);
                        builder.Append(inWord ? "_" : "\\_");
                        break;
                    case '<':
                        builder.Append("&lt;");
                        break;
                    case '>':
                        builder.Append("&gt;");
                        break;
                    case '&':
                        builder.Append("&amp;");
                        break;
                    default:
                        builder.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
                        break;
                }
            }

            return builder.ToString();
        }

        private static void Row(StringBuilder md, params string[] cells) => md.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");

        private static string Allocation(TemplateEntry template)
        {
            string tokens = Number(template.AllocationTokens);
            return template.AllocationKind switch
            {
                "fixed" => tokens,
                "percent" => tokens + " (" + template.AllocationValue.ToString(CultureInfo.InvariantCulture) + " %)",
                _ => "≥ " + tokens + " (remainder)",
            };
        }

        private static string Headroom(TemplateEntry template) => template.HeadroomTokens is int tokens
            ? Number(tokens) + (template.HeadroomPercent is int percent ? " (" + percent.ToString(CultureInfo.InvariantCulture) + " %)" : string.Empty)
            : Dash;

        private static string Range(decimal? from, decimal? to) => from is decimal low && to is decimal high
            ? Money(low) + " – " + Money(high)
            : Dash;

        private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

        private static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

        private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

        /// <summary>A small JSON writer: two-space indentation, '\n' line ends, properties in the order written.</summary>
        private sealed class JsonWriter
        {
            private readonly StringBuilder _builder = new StringBuilder();
            private readonly Stack<bool> _hasItems = new Stack<bool>();

            public void StartObject(string? name = null) => Open(name, '{');

            public void EndObject() => Close('}');

            public void StartArray(string name) => Open(name, '[');

            public void EndArray() => Close(']');

            public void Property(string name, string? value) => Raw(name, value is null ? "null" : Quote(value));

            public void Property(string name, long? value) => Raw(name, value is long v ? v.ToString(CultureInfo.InvariantCulture) : "null");

            public void Property(string name, bool value) => Raw(name, value ? "true" : "false");

            public void Property(string name, decimal? value) => Raw(name, value is decimal v ? Plain(v) : "null");

            public void RawProperty(string name, string json) => Raw(name, json);

            public void Null(string name) => Raw(name, "null");

            public void StringArray(string name, IReadOnlyList<string> values) =>
                Raw(name, "[" + string.Join(", ", values.Select(Quote)) + "]");

            public override string ToString() => _builder.Append('\n').ToString();

            private void Open(string? name, char bracket)
            {
                Separator();
                if (name is not null)
                {
                    _builder.Append(Quote(name)).Append(": ");
                }

                _builder.Append(bracket);
                _hasItems.Push(false);
            }

            private void Close(char bracket)
            {
                bool hadItems = _hasItems.Pop();
                if (hadItems)
                {
                    NewLine();
                }

                _builder.Append(bracket);
            }

            private void Raw(string name, string json)
            {
                Separator();
                _builder.Append(Quote(name)).Append(": ").Append(json);
            }

            private void Separator()
            {
                if (_hasItems.Count == 0)
                {
                    return;
                }

                if (_hasItems.Pop())
                {
                    _builder.Append(',');
                }

                _hasItems.Push(true);
                NewLine();
            }

            private void NewLine() => _builder.Append('\n').Append(' ', _hasItems.Count * 2);

            private static string Quote(string text)
            {
                var builder = new StringBuilder(text.Length + 2).Append('"');
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    bool loneSurrogate = char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));
                    if (char.IsHighSurrogate(c) && !loneSurrogate)
                    {
                        builder.Append(c).Append(text[++i]);
                        continue;
                    }

                    switch (c)
                    {
                        case '"': builder.Append("\\\""); break;
                        case '\\': builder.Append("\\\\"); break;
                        case '\n': builder.Append("\\n"); break;
                        case '\r': builder.Append("\\r"); break;
                        case '\t': builder.Append("\\t"); break;
                        default:
                            if (c < ' ' || c == '\u2028' || c == '\u2029' || loneSurrogate)
                            {
                                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                            }
                            else
                            {
                                builder.Append(c);
                            }

                            break;
                    }
                }

                return builder.Append('"').ToString();
            }
        }
    }
}
