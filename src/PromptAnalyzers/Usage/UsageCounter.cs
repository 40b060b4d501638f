using System;
using System.Globalization;
using System.Text;

namespace PromptAnalyzers
{
    /// <summary>
    /// The identity of one total in an <see cref="IUsageStore"/>: the usage of one scope, for one model, in one
    /// calendar window.
    /// </summary>
    public readonly struct UsageCounter : IEquatable<UsageCounter>
    {
        /// <summary>The scope of every call, whatever its keys.</summary>
        public const string AllScopes = "*";

        /// <summary>The model of every call, whatever its model.</summary>
        public const string AllModels = "*";

        /// <summary>A counter.</summary>
        /// <param name="scope"><see cref="AllScopes"/>, or a <see cref="UsageKey"/> in its <c>dimension:value</c> form.</param>
        /// <param name="model"><see cref="AllModels"/>, or a model name as the caller named it.</param>
        /// <param name="window">The kind of window.</param>
        /// <param name="windowStart">Any instant in the window: it is aligned to the window's start.</param>
        /// <exception cref="ArgumentNullException"><paramref name="scope"/> or <paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="scope"/> or <paramref name="model"/> is empty.</exception>
        public UsageCounter(string scope, string model, UsageWindow window, DateTimeOffset windowStart)
        {
            if (scope is null)
            {
                throw new ArgumentNullException(nameof(scope));
            }

            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (scope.Length == 0)
            {
                throw new ArgumentException("A usage scope cannot be empty.", nameof(scope));
            }

            if (model.Length == 0)
            {
                throw new ArgumentException("A model name cannot be empty.", nameof(model));
            }

            Scope = scope;
            Model = model;
            Window = window;
            WindowStart = UsageWindows.StartOf(window, windowStart);
            _hash = ComputeHash(scope, model, window, WindowStart);
        }

        /// <summary>A counter from parts already checked: a non-empty scope and model and an aligned start (the tracker's hot path).</summary>
        internal UsageCounter(UsageWindow window, DateTimeOffset alignedStart, string scope, int scopeHash, string model, int modelHash)
        {
            Scope = scope;
            Model = model;
            Window = window;
            WindowStart = alignedStart;
            _hash = CombineHash(scopeHash, modelHash, window, alignedStart);
        }

        private readonly int _hash;

        /// <summary><see cref="AllScopes"/> or a key's <c>dimension:value</c>.</summary>
        public string Scope { get; }

        /// <summary><see cref="AllModels"/> or a model name.</summary>
        public string Model { get; }

        /// <summary>The kind of window.</summary>
        public UsageWindow Window { get; }

        /// <summary>The start of the window, in UTC.</summary>
        public DateTimeOffset WindowStart { get; }

        /// <summary>The end of the window (exclusive), in UTC.</summary>
        public DateTimeOffset WindowEnd => UsageWindows.EndOf(Window, WindowStart);

        /// <summary>
        /// A text that identifies the counter and no other, for stores that key by strings:
        /// <c>scope|model|window|start</c>, with <c>\</c> and <c>|</c> inside the scope and model escaped by <c>\</c>,
        /// and the start as <c>yyyyMMddTHHmm</c> UTC.
        /// </summary>
        public string Id
        {
            get
            {
                var id = new StringBuilder(Scope.Length + Model.Length + 32);
                AppendEscaped(id, Scope);
                id.Append('|');
                AppendEscaped(id, Model);
                id.Append('|').Append(WindowName(Window)).Append('|');
                id.Append(WindowStart.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture));
                return id.ToString();
            }
        }

        /// <inheritdoc/>
        public bool Equals(UsageCounter other) =>
            _hash == other._hash && string.Equals(Scope, other.Scope, StringComparison.Ordinal) && string.Equals(Model, other.Model, StringComparison.Ordinal)
            && Window == other.Window && WindowStart == other.WindowStart;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is UsageCounter other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => _hash;

        /// <summary>Equal counters.</summary>
        public static bool operator ==(UsageCounter left, UsageCounter right) => left.Equals(right);

        /// <summary>Different counters.</summary>
        public static bool operator !=(UsageCounter left, UsageCounter right) => !left.Equals(right);

        /// <summary>The <see cref="Id"/>.</summary>
        public override string ToString() => Scope is null ? string.Empty : Id;

        /// <summary>The lower-case name of a window kind, as used in <see cref="Id"/>: <c>minute</c>, <c>hour</c>, <c>day</c>, <c>month</c>.</summary>
        public static string WindowName(UsageWindow window) => window switch
        {
            UsageWindow.Minute => "minute",
            UsageWindow.Hour => "hour",
            UsageWindow.Day => "day",
            UsageWindow.Month => "month",
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Not a usage window."),
        };

        // Computed once at construction: stores hash every counter they are given (default(UsageCounter) hashes to 0).
        private static int ComputeHash(string scope, string model, UsageWindow window, DateTimeOffset start) =>
            CombineHash(StringComparer.Ordinal.GetHashCode(scope), StringComparer.Ordinal.GetHashCode(model), window, start);

        private static int CombineHash(int scopeHash, int modelHash, UsageWindow window, DateTimeOffset start) => unchecked(
            (((scopeHash * 397) ^ modelHash) * 397 ^ (int)window) * 397 ^ start.GetHashCode());

        private static void AppendEscaped(StringBuilder id, string part)
        {
            foreach (char c in part)
            {
                if (c == '\\' || c == '|')
                {
                    id.Append('\\');
                }

                id.Append(c);
            }
        }
    }
}
