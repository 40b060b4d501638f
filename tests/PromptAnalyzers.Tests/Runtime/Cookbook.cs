using System.Collections.Generic;
using System.Text;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Tests.Runtime
{
    /// <summary>An independent from-scratch count of messages by OpenAI's cookbook rule.</summary>
    internal static class Cookbook
    {
        public static int Count(string text, string encoding) =>
            text.Length == 0 ? 0 : TiktokenEncodings.Get(encoding).CountTokens(text, considerPreTokenization: true, considerNormalization: false);

        public static int Count(string text, string encoding, double margin) => BudgetMath.ApplyMargin(Count(text, encoding), margin);

        public static int CountMessages(IReadOnlyList<PromptMessage> messages, string encoding, double margin = 0)
        {
            int total = 3;
            foreach (PromptMessage message in messages)
            {
                total += 3 + Count(message.RoleName, encoding, margin) + Count(message.Content, encoding, margin);
                if (message.Name is not null)
                {
                    total += 1 + Count(message.Name, encoding, margin);
                }
            }

            return total;
        }

        /// <summary>True when <paramref name="text"/> has a high surrogate not followed by a low one, or a low one not preceded by a high one.</summary>
        public static int LoneSurrogates(string text)
        {
            int lone = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]))
                {
                    if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        i++;
                    }
                    else
                    {
                        lone++;
                    }
                }
                else if (char.IsLowSurrogate(text[i]))
                {
                    lone++;
                }
            }

            return lone;
        }

        public static string Repeat(string text, int times)
        {
            var builder = new StringBuilder();
            for (int i = 0; i < times; i++)
            {
                builder.Append(text);
            }

            return builder.ToString();
        }
    }
}
