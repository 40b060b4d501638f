using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// Who or what a call's usage is attributed to: a dimension and a value, such as <c>user:alice</c>,
    /// <c>role:analyst</c> or <c>project:checkout</c>. A call can carry several keys; each gets its own totals.
    /// </summary>
    /// <remarks>Dimensions compare ordinally and case-insensitively (they are stored lower-case); values compare ordinally.</remarks>
    public readonly struct UsageKey : IEquatable<UsageKey>
    {
        /// <summary>The dimension of users.</summary>
        public const string UserDimension = "user";

        /// <summary>The dimension of roles.</summary>
        public const string RoleDimension = "role";

        /// <summary>The dimension of projects.</summary>
        public const string ProjectDimension = "project";

        /// <summary>A key in any dimension the caller chooses.</summary>
        /// <param name="dimension">Letters, digits, <c>_</c>, <c>-</c> and <c>.</c>; not empty.</param>
        /// <param name="value">Any non-empty text.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The dimension is empty or has other characters, or the value is empty.</exception>
        public UsageKey(string dimension, string value)
        {
            if (dimension is null)
            {
                throw new ArgumentNullException(nameof(dimension));
            }

            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            if (!IsValidDimension(dimension))
            {
                throw new ArgumentException(
                    $"A usage key dimension is letters, digits, '_', '-' and '.', and not empty; '{dimension}' is not.", nameof(dimension));
            }

            if (value.Length == 0)
            {
                throw new ArgumentException("A usage key value cannot be empty.", nameof(value));
            }

            Dimension = dimension.ToLowerInvariant();
            Value = value;
        }

        /// <summary>The dimension, lower-case: <c>user</c>, <c>role</c>, <c>project</c> or the caller's own.</summary>
        public string Dimension { get; }

        /// <summary>The value within the dimension.</summary>
        public string Value { get; }

        /// <summary>A user's key.</summary>
        public static UsageKey User(string id) => new UsageKey(UserDimension, id);

        /// <summary>A role's key.</summary>
        public static UsageKey Role(string name) => new UsageKey(RoleDimension, name);

        /// <summary>A project's key.</summary>
        public static UsageKey Project(string name) => new UsageKey(ProjectDimension, name);

        /// <summary>Reads <c>dimension:value</c> (the first colon separates them).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        /// <exception cref="FormatException">The text has no colon, or its dimension or value is not valid.</exception>
        public static UsageKey Parse(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return TryParse(text, out UsageKey key)
                ? key
                : throw new FormatException($"A usage key is 'dimension:value' (for example 'user:alice'); '{text}' is not.");
        }

        /// <summary>Reads <c>dimension:value</c>; false when the text is not a valid key.</summary>
        public static bool TryParse(string? text, out UsageKey key)
        {
            key = default;
            int colon = text is null ? -1 : text.IndexOf(':');
            if (text is null || colon <= 0 || colon == text.Length - 1 || !IsValidDimension(text.Substring(0, colon)))
            {
                return false;
            }

            key = new UsageKey(text.Substring(0, colon), text.Substring(colon + 1));
            return true;
        }

        /// <inheritdoc/>
        public bool Equals(UsageKey other) =>
            string.Equals(Dimension, other.Dimension, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is UsageKey other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() =>
            unchecked(((Dimension?.GetHashCode() ?? 0) * 397) ^ (Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value)));

        /// <summary><c>dimension:value</c>, the form <see cref="Parse(string)"/> reads.</summary>
        public override string ToString() => Dimension is null ? string.Empty : Dimension + ":" + Value;

        /// <summary>Equal keys.</summary>
        public static bool operator ==(UsageKey left, UsageKey right) => left.Equals(right);

        /// <summary>Different keys.</summary>
        public static bool operator !=(UsageKey left, UsageKey right) => !left.Equals(right);

        internal static bool IsValidDimension(string dimension)
        {
            if (dimension.Length == 0)
            {
                return false;
            }

            foreach (char c in dimension)
            {
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
