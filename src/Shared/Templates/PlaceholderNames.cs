using System.Globalization;
using System.Text;

namespace PromptAnalyzers.Internal.Templates
{
    /// <summary>Placeholder name rules and the C# member names derived from them.</summary>
    internal static class PlaceholderNames
    {
        public static bool IsValid(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            if (!(name[0] == '_' || IsLetter(name[0])))
            {
                return false;
            }

            bool hasLetterOrDigit = false;
            foreach (char c in name)
            {
                if (IsLetter(c) || char.IsDigit(c))
                {
                    hasLetterOrDigit = true;
                }
                else if (c != '_')
                {
                    return false;
                }
            }

            return hasLetterOrDigit;
        }

        /// <summary>
        /// <c>user_name</c>, <c>userName</c> and <c>UserName</c> all become <c>UserName</c>: underscores separate words,
        /// the first letter of each word is upper-cased, the rest is kept.
        /// </summary>
        public static string ToPascalCase(string name)
        {
            var result = new StringBuilder(name.Length);
            bool startOfWord = true;
            foreach (char c in name)
            {
                if (c == '_')
                {
                    startOfWord = true;
                    continue;
                }

                result.Append(startOfWord ? char.ToUpperInvariant(c) : c);
                startOfWord = false;
            }

            // A name such as "_1st" would start with a digit: keep it a valid identifier.
            if (result.Length > 0 && char.IsDigit(result[0]))
            {
                result.Insert(0, '_');
            }

            return result.ToString();
        }

        /// <summary>camelCase for a parameter name (the caller escapes C# keywords with '@').</summary>
        public static string ToCamelCase(string name)
        {
            string pascal = ToPascalCase(name);
            if (pascal.Length == 0 || pascal[0] == '_')
            {
                return pascal;
            }

            return char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        }

        private static bool IsLetter(char c)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
        }
    }
}
