using System;

namespace PromptAnalyzers
{
    /// <summary>One part of a budget: its name, its <see cref="BudgetShare"/> and, when known, the tokens it actually needs.</summary>
    public sealed class BudgetPart
    {
        /// <summary>Describes a part.</summary>
        /// <param name="name">A name for results and error messages; unique within one allocation.</param>
        /// <param name="share">What the part is entitled to.</param>
        /// <param name="need">The tokens the part wants (e.g. the count of its text); null when unknown, which means "as much as it can get".</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="need"/> is negative.</exception>
        public BudgetPart(string name, BudgetShare share, int? need = null)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0)
            {
                throw new ArgumentException("A part needs a non-empty name.", nameof(name));
            }

            if (need < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(need), need, $"Part '{name}': the need must be 0 tokens or more.");
            }

            Name = name;
            Share = share;
            Need = need;
        }

        /// <summary>The part's name.</summary>
        public string Name { get; }

        /// <summary>What the part is entitled to.</summary>
        public BudgetShare Share { get; }

        /// <summary>The tokens the part wants; null when unknown.</summary>
        public int? Need { get; }

        /// <summary>A part with a fixed share.</summary>
        /// <param name="name">The part's name.</param>
        /// <param name="tokens">The fixed tokens.</param>
        /// <param name="need">The tokens the part wants; null when unknown.</param>
        public static BudgetPart Fixed(string name, int tokens, int? need = null) => new BudgetPart(name, BudgetShare.Fixed(tokens), need);

        /// <summary>A part with a percent share of the budget.</summary>
        /// <param name="name">The part's name.</param>
        /// <param name="percent">From 0 to 100.</param>
        /// <param name="need">The tokens the part wants; null when unknown.</param>
        public static BudgetPart Percent(string name, decimal percent, int? need = null) => new BudgetPart(name, BudgetShare.Percent(percent), need);

        /// <summary>A part that shares the remainder.</summary>
        /// <param name="name">The part's name.</param>
        /// <param name="weight">Its weight among the remainder parts; 1 or more.</param>
        /// <param name="need">The tokens the part wants; null when unknown.</param>
        public static BudgetPart Remainder(string name, int weight = 1, int? need = null) => new BudgetPart(name, BudgetShare.Remainder(weight), need);

        /// <summary>The name, share and need, e.g. <c>docs: 60% (needs 900)</c>.</summary>
        public override string ToString() => Need is { } need ? $"{Name}: {Share} (needs {need})" : $"{Name}: {Share}";
    }
}
