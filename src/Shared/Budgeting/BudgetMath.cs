using System;

namespace PromptAnalyzers.Internal.Budgeting
{
    /// <summary>Budget arithmetic shared by the build-time checks and the run-time builder.</summary>
    internal static class BudgetMath
    {
        /// <summary>The tokens a prompt may spend on input: its total budget minus the output it reserves.</summary>
        public static int InputBudget(int totalTokens, int reservedOutput) => Math.Max(0, totalTokens - reservedOutput);

        /// <summary>A percentage of the input budget, rounded down (never more than the percentage allows).</summary>
        public static int PercentOf(int inputBudget, int percent) => (int)((long)inputBudget * percent / 100);

        /// <summary>An approximate count: the exact count of the stand-in encoding scaled up by the margin.</summary>
        public static int ApplyMargin(int exactTokens, double margin) =>
            margin <= 0 ? exactTokens : (int)Math.Ceiling(exactTokens * (1 + margin) - 1e-9);

        /// <summary>The largest exact count whose approximate count stays within <paramref name="budget"/>.</summary>
        public static int RemoveMargin(int budget, double margin)
        {
            if (margin <= 0)
            {
                return budget;
            }

            int exact = (int)Math.Floor(budget / (1 + margin));
            while (exact > 0 && ApplyMargin(exact, margin) > budget)
            {
                exact--;
            }

            return exact;
        }
    }
}
