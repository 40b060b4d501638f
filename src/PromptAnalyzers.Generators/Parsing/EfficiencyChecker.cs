using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Text;
using PromptAnalyzers.Generators.Counting;
using PromptAnalyzers.Generators.Diagnostics;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Internal.Templates;

namespace PromptAnalyzers.Generators.Parsing
{
    /// <summary>
    /// Checks that cost nothing to fix and save tokens on every call: text the tokenizer charges for without the model
    /// needing it (PROMPT012), and static text that the provider's prompt cache cannot reuse because dynamic text comes
    /// first (PROMPT013). Savings are measured with the template's encoding, never estimated.
    /// </summary>
    internal static class EfficiencyChecker
    {
        public const string CachePrefixOption = "promptanalyzers.cache_min_prefix_tokens";

        /// <summary>OpenAI caches prompts from 1,024 tokens of identical prefix on.</summary>
        public const int DefaultCacheMinPrefixTokens = 1024;

        /// <summary>PROMPT012 for each template whose rewrite (see <see cref="TokenDensity"/>) counts fewer tokens.</summary>
        public static IEnumerable<DiagnosticInfo> CheckDensity(ResolvedBudget budget, IReadOnlyList<TemplateSpec> templates)
        {
            foreach (TemplateSpec template in templates)
            {
                if (!TokenDensity.MayWaste(template.Text))
                {
                    continue;
                }

                DensityRewrite rewrite = TokenDensity.Rewrite(template.Text);
                if (rewrite.Kinds.Count == 0)
                {
                    continue;
                }

                ParsedTemplate parsed = TemplateParser.Parse(rewrite.Text);
                if (parsed.Error is not null)
                {
                    continue;
                }

                int before = budget.Approximate(TokenCountCache.Count(budget.Encoding, template.StaticText));
                int after = budget.Approximate(TokenCountCache.Count(budget.Encoding, parsed.StaticText));
                if (after < before)
                {
                    yield return DiagnosticInfo.Create(DiagnosticDescriptors.WastefulText, template.ValueLocation, template.Name,
                        Describe(rewrite.Kinds), Format(before - after), Format(before), Format(after), budget.CountingDescription);
                }
            }
        }

        /// <summary>
        /// PROMPT013 when, in message order, dynamic text comes before enough static text that the cacheable prefix is
        /// under <paramref name="minPrefixTokens"/> but would reach it with the dynamic parts moved after the static text.
        /// </summary>
        public static IEnumerable<DiagnosticInfo> CheckCacheOrder(PromptTypeSpec type, ResolvedBudget budget, IReadOnlyList<TemplateSpec> templates,
            IReadOnlyList<int> staticTokens, int minPrefixTokens)
        {
            long totalStatic = 0;
            foreach (int tokens in staticTokens)
            {
                totalStatic += tokens;
            }

            if (minPrefixTokens <= 0 || totalStatic < minPrefixTokens)
            {
                yield break;
            }

            long prefix = 0;
            for (int t = 0; t < templates.Count; t++)
            {
                ParsedTemplate parsed = TemplateParser.Parse(templates[t].Text);
                if (parsed.Placeholders.Length == 0)
                {
                    prefix += staticTokens[t];
                    continue;
                }

                int lead = TokenCountCache.Count(budget.Encoding, parsed.Literals[0]);
                prefix += lead;
                long after = totalStatic - prefix;
                if (prefix < minPrefixTokens && prefix + after >= minPrefixTokens && after > 0)
                {
                    yield return DiagnosticInfo.Create(DiagnosticDescriptors.CacheUnfriendlyOrder, templates[t].ValueLocation, type.Name,
                        parsed.Placeholders[0], templates[t].Name, Format(after), Format(prefix), Format(minPrefixTokens),
                        Format(prefix + after), budget.Encoding);
                }

                yield break;
            }
        }

        private static string Describe(IReadOnlyList<string> kinds)
        {
            var ordered = new List<string>();
            foreach (string kind in TokenDensity.AllKinds)
            {
                if (kinds.Contains(kind))
                {
                    ordered.Add(kind);
                }
            }

            return ordered.Count == 1
                ? ordered[0]
                : string.Join(", ", ordered.GetRange(0, ordered.Count - 1).ToArray()) + " and " + ordered[ordered.Count - 1];
        }

        private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }

    /// <summary>A template rewritten without the text that costs tokens for nothing, and what was removed.</summary>
    internal sealed record DensityRewrite(string Text, IReadOnlyList<string> Kinds);

    /// <summary>
    /// The rewrite PROMPT012 proposes (and its code fix applies): trailing spaces and tabs removed, runs of spaces and
    /// tabs inside a line (after its indentation) made one space, more than one blank line in a row made one, and
    /// invisible characters (zero-width space U+200B, byte order mark U+FEFF) removed. Indentation and line breaks
    /// otherwise stay as written; placeholders hold no white space, so they are never touched.
    /// </summary>
    internal static class TokenDensity
    {
        public const string TrailingWhiteSpace = "trailing white space";
        public const string InnerRuns = "runs of spaces inside lines";
        public const string BlankLines = "more than one blank line in a row";
        public const string Invisible = "invisible characters";

        /// <summary>The kinds in the order messages name them.</summary>
        public static readonly string[] AllKinds = { TrailingWhiteSpace, InnerRuns, BlankLines, Invisible };

        /// <summary>
        /// True when <see cref="Rewrite"/> could change <paramref name="text"/>: one pass, no allocation, so tidy
        /// templates (most of them) cost nothing more.
        /// </summary>
        public static bool MayWaste(string text)
        {
            int breaks = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\u200B' || c == '\uFEFF')
                {
                    return true;
                }

                if (c == ' ' || c == '\t')
                {
                    char next = i + 1 < text.Length ? text[i + 1] : '\n';
                    if (next == ' ' || next == '\t' || next == '\n' || next == '\r')
                    {
                        return true;
                    }
                }

                if (c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                {
                    if (++breaks >= 3)
                    {
                        return true;
                    }
                }
                else if (c != '\r')
                {
                    breaks = 0;
                }
            }

            return false;
        }

        public static DensityRewrite Rewrite(string text)
        {
            var kinds = new List<string>();
            var result = new StringBuilder(text.Length);
            int blankLines = 0;
            int start = 0;
            while (start <= text.Length)
            {
                int end = start;
                while (end < text.Length && text[end] != '\n' && text[end] != '\r')
                {
                    end++;
                }

                int breakLength = end < text.Length ? (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1) : 0;
                string line = CleanLine(text.Substring(start, end - start), kinds);
                if (line.Length == 0 && breakLength > 0 && result.Length > 0)
                {
                    blankLines++;
                    if (blankLines > 1)
                    {
                        Note(kinds, BlankLines);
                        start = end + breakLength;
                        continue;
                    }
                }
                else if (line.Length > 0)
                {
                    blankLines = 0;
                }

                result.Append(line).Append(text, end, breakLength);
                if (breakLength == 0)
                {
                    break;
                }

                start = end + breakLength;
            }

            return new DensityRewrite(result.ToString(), kinds);
        }

        private static string CleanLine(string line, List<string> kinds)
        {
            var visible = new StringBuilder(line.Length);
            foreach (char c in line)
            {
                if (c == '\u200B' || c == '\uFEFF')
                {
                    Note(kinds, Invisible);
                }
                else
                {
                    visible.Append(c);
                }
            }

            int end = visible.Length;
            while (end > 0 && IsBlank(visible[end - 1]))
            {
                end--;
            }

            if (end < visible.Length)
            {
                Note(kinds, TrailingWhiteSpace);
            }

            var cleaned = new StringBuilder(end);
            int i = 0;
            while (i < end && IsBlank(visible[i]))
            {
                cleaned.Append(visible[i++]);   // indentation stays as written
            }

            while (i < end)
            {
                if (IsBlank(visible[i]) && i + 1 < end && IsBlank(visible[i + 1]))
                {
                    Note(kinds, InnerRuns);
                    while (i < end && IsBlank(visible[i]))
                    {
                        i++;
                    }

                    cleaned.Append(' ');
                    continue;
                }

                cleaned.Append(visible[i++]);
            }

            return cleaned.ToString();
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';

        private static void Note(List<string> kinds, string kind)
        {
            if (!kinds.Contains(kind))
            {
                kinds.Add(kind);
            }
        }
    }
}
