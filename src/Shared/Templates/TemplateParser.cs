using System;
using System.Collections.Generic;
using System.Text;

namespace PromptAnalyzers.Internal.Templates
{
    /// <summary>The kinds of malformed template text (PROMPT004).</summary>
    internal enum TemplateErrorKind
    {
        None = 0,
        UnclosedPlaceholder,
        UnmatchedClosingBrace,
        EmptyPlaceholderName,
        InvalidPlaceholderName,
    }

    /// <summary>One malformed spot of a template: where it is (UTF-16 offset into the template) and why.</summary>
    internal readonly struct TemplateError
    {
        public TemplateError(TemplateErrorKind kind, int offset, int length, string detail)
        {
            Kind = kind;
            Offset = offset;
            Length = length;
            Detail = detail;
        }

        public TemplateErrorKind Kind { get; }

        public int Offset { get; }

        public int Length { get; }

        public string Detail { get; }
    }

    /// <summary>
    /// A template split into literal text and placeholders: <c>Literals</c> has one more element than
    /// <c>Placeholders</c>; the text is Literals[0] + value(Placeholders[0]) + Literals[1] + ...
    /// Literals are unescaped (<c>{{</c> is <c>{</c>).
    /// </summary>
    internal sealed class ParsedTemplate
    {
        public ParsedTemplate(string[] literals, string[] placeholders, TemplateError? error)
        {
            Literals = literals;
            Placeholders = placeholders;
            Error = error;
        }

        public string[] Literals { get; }

        public string[] Placeholders { get; }

        public TemplateError? Error { get; }

        public bool IsValid => Error is null;

        /// <summary>The template with its placeholders removed and braces unescaped.</summary>
        public string StaticText => string.Concat(Literals);

        /// <summary>Distinct placeholder names in order of first appearance.</summary>
        public IReadOnlyList<string> DistinctPlaceholders
        {
            get
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var result = new List<string>();
                foreach (string name in Placeholders)
                {
                    if (seen.Add(name))
                    {
                        result.Add(name);
                    }
                }

                return result;
            }
        }
    }

    /// <summary>
    /// Parses <c>{name}</c> placeholders; <c>{{</c> and <c>}}</c> are literal braces. A placeholder name starts with a
    /// letter or '_' and continues with letters, digits or '_'.
    /// </summary>
    internal static class TemplateParser
    {
        public static ParsedTemplate Parse(string template)
        {
            if (template is null)
            {
                throw new ArgumentNullException(nameof(template));
            }

            var literals = new List<string>();
            var placeholders = new List<string>();
            var current = new StringBuilder();
            int i = 0;
            while (i < template.Length)
            {
                char c = template[i];
                if (c == '{')
                {
                    if (i + 1 < template.Length && template[i + 1] == '{')
                    {
                        current.Append('{');
                        i += 2;
                        continue;
                    }

                    int close = template.IndexOf('}', i + 1);
                    int nextOpen = template.IndexOf('{', i + 1);
                    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                    {
                        return Fail(TemplateErrorKind.UnclosedPlaceholder, i, 1,
                            "'{' opens a placeholder that is never closed (write '{{' for a literal brace)");
                    }

                    string name = template.Substring(i + 1, close - i - 1);
                    if (name.Length == 0)
                    {
                        return Fail(TemplateErrorKind.EmptyPlaceholderName, i, 2, "'{}' is a placeholder without a name");
                    }

                    if (!PlaceholderNames.IsValid(name))
                    {
                        return Fail(TemplateErrorKind.InvalidPlaceholderName, i, close - i + 1,
                            $"'{{{name}}}' is not a valid placeholder name (use letters, digits and '_', not starting with a digit)");
                    }

                    literals.Add(current.ToString());
                    current.Clear();
                    placeholders.Add(name);
                    i = close + 1;
                }
                else if (c == '}')
                {
                    if (i + 1 < template.Length && template[i + 1] == '}')
                    {
                        current.Append('}');
                        i += 2;
                        continue;
                    }

                    return Fail(TemplateErrorKind.UnmatchedClosingBrace, i, 1,
                        "'}' closes no placeholder (write '}}' for a literal brace)");
                }
                else
                {
                    current.Append(c);
                    i++;
                }
            }

            literals.Add(current.ToString());
            return new ParsedTemplate(literals.ToArray(), placeholders.ToArray(), null);
        }

        private static ParsedTemplate Fail(TemplateErrorKind kind, int offset, int length, string detail) =>
            new ParsedTemplate(Array.Empty<string>(), Array.Empty<string>(), new TemplateError(kind, offset, length, detail));
    }
}
