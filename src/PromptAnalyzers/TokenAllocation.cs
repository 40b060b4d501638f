using System;

namespace PromptAnalyzers
{
    /// <summary>How a template or placeholder is allotted tokens.</summary>
    public enum TokenAllocationKind
    {
        /// <summary>Shares, with the other such parts, what the fixed and percent allocations leave.</summary>
        Remainder = 0,

        /// <summary>A fixed number of tokens.</summary>
        Fixed = 1,

        /// <summary>A percentage of the prompt's input budget.</summary>
        Percent = 2,
    }

    /// <summary>An allocation: fixed tokens, a percentage of the input budget, or a share of the remainder.</summary>
    public readonly struct TokenAllocation : IEquatable<TokenAllocation>
    {
        private TokenAllocation(TokenAllocationKind kind, int value)
        {
            Kind = kind;
            Value = value;
        }

        /// <summary>Shares what the fixed and percent allocations leave.</summary>
        public static TokenAllocation Remainder => default;

        /// <summary>The kind of allocation.</summary>
        public TokenAllocationKind Kind { get; }

        /// <summary>Tokens for <see cref="TokenAllocationKind.Fixed"/>, percent for <see cref="TokenAllocationKind.Percent"/>, else 0.</summary>
        public int Value { get; }

        /// <summary>A fixed allocation of <paramref name="tokens"/> tokens.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is negative.</exception>
        public static TokenAllocation Fixed(int tokens)
        {
            if (tokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "An allocation cannot be negative.");
            }

            return new TokenAllocation(TokenAllocationKind.Fixed, tokens);
        }

        /// <summary>An allocation of <paramref name="percent"/> % of the input budget.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not within 1–100.</exception>
        public static TokenAllocation Percent(int percent)
        {
            if (percent < 1 || percent > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percent allocation must be within 1 and 100.");
            }

            return new TokenAllocation(TokenAllocationKind.Percent, percent);
        }

        /// <inheritdoc/>
        public bool Equals(TokenAllocation other) => Kind == other.Kind && Value == other.Value;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TokenAllocation other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Kind * 397) ^ Value;

        /// <inheritdoc/>
        public override string ToString() => Kind switch
        {
            TokenAllocationKind.Fixed => $"{Value} tokens",
            TokenAllocationKind.Percent => $"{Value}% of the input budget",
            _ => "remainder",
        };
    }
}
