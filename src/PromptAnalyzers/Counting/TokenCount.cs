using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// A token count and how much to trust it: exact (the model's own tiktoken encoding) or approximate (a stand-in
    /// encoding's count scaled up by <see cref="Margin"/>).
    /// </summary>
    public readonly struct TokenCount : IEquatable<TokenCount>
    {
        /// <summary>Creates a count.</summary>
        /// <param name="tokens">The tokens (with the margin applied when approximate).</param>
        /// <param name="encoding">The tiktoken encoding that counted.</param>
        /// <param name="margin">0 for an exact count; otherwise the fraction added to the encoding's count.</param>
        public TokenCount(int tokens, string encoding, double margin)
        {
            Tokens = tokens;
            Encoding = encoding;
            Margin = margin;
        }

        /// <summary>The tokens; approximate when <see cref="IsExact"/> is false.</summary>
        public int Tokens { get; }

        /// <summary>True when <see cref="Encoding"/> is the model's own tokenizer (no margin).</summary>
        public bool IsExact => Margin == 0;

        /// <summary>The fraction added to the encoding's count (0.3 = +30 %); 0 when exact.</summary>
        public double Margin { get; }

        /// <summary>The tiktoken encoding that counted: <c>cl100k_base</c> or <c>o200k_base</c>.</summary>
        public string Encoding { get; }

        /// <summary>The tokens.</summary>
        /// <param name="count">The count.</param>
        public static implicit operator int(TokenCount count) => count.Tokens;

        /// <summary>Compares two counts.</summary>
        public static bool operator ==(TokenCount left, TokenCount right) => left.Equals(right);

        /// <summary>Compares two counts.</summary>
        public static bool operator !=(TokenCount left, TokenCount right) => !left.Equals(right);

        /// <inheritdoc/>
        public bool Equals(TokenCount other) =>
            Tokens == other.Tokens && Margin.Equals(other.Margin) && string.Equals(Encoding, other.Encoding, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TokenCount other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((Tokens * 397) ^ Margin.GetHashCode() ^ (Encoding?.GetHashCode() ?? 0));

        /// <summary>
        /// E.g. <c>42 tokens (exact: o200k_base)</c> or <c>55 tokens (approximate: cl100k_base + 30 % margin)</c>.
        /// </summary>
        public override string ToString() => IsExact
            ? string.Format(CultureInfo.InvariantCulture, "{0} tokens (exact: {1})", Tokens, Encoding)
            : string.Format(CultureInfo.InvariantCulture, "{0} tokens (approximate: {1} + {2:0.##} % margin)", Tokens, Encoding, Margin * 100);
    }
}
