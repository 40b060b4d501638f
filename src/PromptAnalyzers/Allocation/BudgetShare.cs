using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>How a <see cref="BudgetShare"/> is measured.</summary>
    public enum BudgetShareKind
    {
        /// <summary>A fixed number of tokens.</summary>
        Fixed,

        /// <summary>A percentage of the whole budget.</summary>
        Percent,

        /// <summary>A weighted part of what the fixed and percent shares leave.</summary>
        Remainder,
    }

    /// <summary>
    /// The share of a budget one part is entitled to: <see cref="Fixed(int)"/> tokens, a <see cref="Percent(decimal)"/>
    /// of the budget, or a weighted <see cref="Remainder(int)"/> of what fixed and percent shares leave.
    /// </summary>
    public readonly struct BudgetShare : IEquatable<BudgetShare>
    {
        private BudgetShare(BudgetShareKind kind, int tokens, decimal percent, int weight)
        {
            Kind = kind;
            Tokens = tokens;
            PercentValue = percent;
            Weight = weight;
        }

        /// <summary>How the share is measured.</summary>
        public BudgetShareKind Kind { get; }

        /// <summary>The tokens of a <see cref="BudgetShareKind.Fixed"/> share; 0 for the other kinds.</summary>
        public int Tokens { get; }

        /// <summary>The percentage (0 to 100) of a <see cref="BudgetShareKind.Percent"/> share; 0 for the other kinds.</summary>
        public decimal PercentValue { get; }

        /// <summary>The weight of a <see cref="BudgetShareKind.Remainder"/> share; 0 for the other kinds.</summary>
        public int Weight { get; }

        /// <summary>A fixed number of tokens, taken from the budget before any other share.</summary>
        /// <param name="tokens">The tokens; 0 or more.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is negative.</exception>
        public static BudgetShare Fixed(int tokens) =>
            tokens >= 0
                ? new BudgetShare(BudgetShareKind.Fixed, tokens, 0, 0)
                : throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "A fixed share must be 0 tokens or more.");

        /// <summary>A percentage of the whole budget (not of what fixed shares leave); fractions such as 12.5 are exact.</summary>
        /// <param name="percent">From 0 to 100.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is below 0 or above 100.</exception>
        public static BudgetShare Percent(decimal percent) =>
            percent >= 0 && percent <= 100
                ? new BudgetShare(BudgetShareKind.Percent, 0, percent, 0)
                : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percent share must be from 0 to 100.");

        /// <summary>A part of what the fixed and percent shares leave, in proportion to <paramref name="weight"/>.</summary>
        /// <param name="weight">1 or more; a part with weight 2 gets twice the remainder of a part with weight 1.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is below 1.</exception>
        public static BudgetShare Remainder(int weight = 1) =>
            weight >= 1
                ? new BudgetShare(BudgetShareKind.Remainder, 0, 0, weight)
                : throw new ArgumentOutOfRangeException(nameof(weight), weight, "A remainder weight must be 1 or more.");

        /// <inheritdoc/>
        public bool Equals(BudgetShare other) =>
            Kind == other.Kind && Tokens == other.Tokens && PercentValue == other.PercentValue && Weight == other.Weight;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is BudgetShare other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((((int)Kind * 397) ^ Tokens ^ PercentValue.GetHashCode()) * 31 + Weight);

        /// <summary>The share as written: <c>200 tokens</c>, <c>60%</c> or <c>remainder ×2</c>.</summary>
        public override string ToString() => Kind switch
        {
            BudgetShareKind.Fixed => string.Format(CultureInfo.InvariantCulture, "{0} tokens", Tokens),
            BudgetShareKind.Percent => string.Format(CultureInfo.InvariantCulture, "{0}%", PercentValue),
            _ => string.Format(CultureInfo.InvariantCulture, "remainder ×{0}", Weight),
        };
    }
}
