using System;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// A call was rejected because it would exceed a budget policy's limit. Says which: the policy, the scope, the
    /// window, tokens or cost, the limit, what was used and what the call asked for, and when the window resets
    /// (<see cref="RetryAfter"/>, for a <c>Retry-After</c> header).
    /// </summary>
    public sealed class BudgetExceededException : Exception
    {
        /// <summary>A rejection.</summary>
        /// <param name="policyName">The policy's name.</param>
        /// <param name="scope"><c>*</c> or the key whose limit it is (<c>user:alice</c>).</param>
        /// <param name="window">The policy's window kind.</param>
        /// <param name="windowStart">The start of the current window.</param>
        /// <param name="limitKind">Tokens or cost.</param>
        /// <param name="limit">The limit.</param>
        /// <param name="used">The usage so far in the window.</param>
        /// <param name="requested">The call's estimate.</param>
        /// <param name="model">The model of the rejected call; null when not known.</param>
        /// <exception cref="ArgumentNullException"><paramref name="policyName"/> or <paramref name="scope"/> is null.</exception>
        public BudgetExceededException(string policyName, string scope, UsageWindow window, DateTimeOffset windowStart, BudgetLimitKind limitKind,
            decimal limit, decimal used, decimal requested, string? model = null)
            : base(BuildMessage(policyName, scope, window, windowStart, limitKind, limit, used, requested, model))
        {
            PolicyName = policyName;
            Scope = scope;
            Window = window;
            WindowStart = UsageWindows.StartOf(window, windowStart);
            LimitKind = limitKind;
            Limit = limit;
            Used = used;
            Requested = requested;
            Model = model;
        }

        /// <summary>The name of the policy whose limit the call would exceed.</summary>
        public string PolicyName { get; }

        /// <summary>The scope whose limit it is: <c>*</c> (the whole application) or a key such as <c>user:alice</c>.</summary>
        public string Scope { get; }

        /// <summary>The policy's window kind.</summary>
        public UsageWindow Window { get; }

        /// <summary>The start of the current window (UTC).</summary>
        public DateTimeOffset WindowStart { get; }

        /// <summary>Which limit: tokens or cost.</summary>
        public BudgetLimitKind LimitKind { get; }

        /// <summary>The limit, in tokens or US dollars.</summary>
        public decimal Limit { get; }

        /// <summary>The usage so far in the window, in tokens or US dollars.</summary>
        public decimal Used { get; }

        /// <summary>The call's estimate (after any degradation), in tokens or US dollars.</summary>
        public decimal Requested { get; }

        /// <summary>The model of the rejected call (after any degradation); null when not known.</summary>
        public string? Model { get; }

        /// <summary>The end of the current window (UTC): when the usage starts again from 0.</summary>
        public DateTimeOffset RetryAfter => UsageWindows.EndOf(Window, WindowStart);

        internal static string Format(BudgetLimitKind kind, decimal amount) => kind == BudgetLimitKind.Cost
            ? "$" + amount.ToString("0.00####", CultureInfo.InvariantCulture)
            : amount.ToString("#,0", CultureInfo.InvariantCulture) + " tokens";

        private static string BuildMessage(string policyName, string scope, UsageWindow window, DateTimeOffset windowStart, BudgetLimitKind kind,
            decimal limit, decimal used, decimal requested, string? model)
        {
            if (policyName is null)
            {
                throw new ArgumentNullException(nameof(policyName));
            }

            if (scope is null)
            {
                throw new ArgumentNullException(nameof(scope));
            }

            DateTimeOffset resets = UsageWindows.EndOf(window, windowStart);
            return string.Format(CultureInfo.InvariantCulture,
                "Budget '{0}' exceeded for {1}: the {2} {3} limit is {4}; {5} used and {6} requested{7}. The window resets at {8:yyyy-MM-dd'T'HH:mm:ss'Z'}.",
                policyName, scope == UsageCounter.AllScopes ? "the whole application (*)" : scope, UsageCounter.WindowName(window),
                kind == BudgetLimitKind.Cost ? "cost" : "token", Format(kind, limit), Format(kind, used), Format(kind, requested),
                model is null ? string.Empty : " by a call to " + model, resets.UtcDateTime);
        }
    }
}
