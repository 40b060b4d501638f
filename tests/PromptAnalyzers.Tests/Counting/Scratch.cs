using System.Collections.Generic;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Tests.Counting
{
    /// <summary>An independent from-scratch count of messages: the cookbook rule plus the stated tool-call rule.</summary>
    internal static class Scratch
    {
        public static int Text(string text, string encoding, double margin = 0) =>
            BudgetMath.ApplyMargin(
                text.Length == 0 ? 0 : TiktokenEncodings.Get(encoding).CountTokens(text, considerPreTokenization: true, considerNormalization: false),
                margin);

        public static int TextO200k(string text) => Text(text, "o200k_base");

        public static int Messages(IReadOnlyList<PromptMessage> messages, string encoding, double margin = 0)
        {
            int total = 3;
            foreach (PromptMessage message in messages)
            {
                total += 3 + Text(message.RoleName, encoding, margin) + Text(message.Content, encoding, margin);
                if (message.Name is not null)
                {
                    total += 1 + Text(message.Name, encoding, margin);
                }

                foreach (ToolCall call in message.ToolCalls)
                {
                    total += 3 + Text(call.Name, encoding, margin) + Text(call.ArgumentsJson, encoding, margin);
                }
            }

            return total;
        }
    }
}
