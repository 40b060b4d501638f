using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;

namespace PromptAnalyzers
{
    /// <summary>
    /// A limit on usage per window: tokens and/or dollars, for the whole application, one key, or every key of a
    /// dimension (each user its own limit), for all models or one. A <see cref="BudgetEnforcer"/> checks calls against
    /// it before they are made, charges them after, and raises alerts at <see cref="AlertThresholds"/>.
    /// </summary>
    /// <remarks>
    /// Settings are checked as they are set, and as a whole by <see cref="Validate"/> (which a
    /// <see cref="BudgetEnforcer"/> calls). A policy given to an enforcer is frozen: setting it afterwards throws
    /// <see cref="InvalidOperationException"/>, so a running enforcer never sees a half-changed policy.
    /// </remarks>
    public sealed class BudgetPolicy
    {
        private readonly ThresholdList _thresholds;
        private UsageKey? _key;
        private string? _dimension;
        private string? _model;
        private UsageWindow _window = UsageWindow.Day;
        private long? _maxTokens;
        private decimal? _maxCost;
        private BudgetAction _action = BudgetAction.Reject;
        private double _degradeAt = 0.8;
        private int? _degradedMaxOutputTokens;
        private string? _fallbackModel;
        private volatile bool _frozen;

        /// <summary>A policy with the default settings: whole application, all models, per day, reject, alerts at 50, 80 and 100 %; give it a limit.</summary>
        /// <param name="name">The name that identifies the policy in exceptions, alerts and metrics (keep it short and fixed).</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
        public BudgetPolicy(string name)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Trim().Length == 0)
            {
                throw new ArgumentException("A budget policy needs a name (it identifies the policy in exceptions, alerts and metrics).", nameof(name));
            }

            Name = name;
            _thresholds = new ThresholdList(this) { 0.5, 0.8, 1.0 };
        }

        /// <summary>The name that identifies the policy in exceptions, alerts and metrics.</summary>
        public string Name { get; }

        /// <summary>The one key whose calls the policy limits (<c>project:checkout</c>); null when it is not limited to one key.</summary>
        /// <exception cref="ArgumentException">The key is <c>default</c>.</exception>
        public UsageKey? Key
        {
            get => _key;
            set
            {
                ThrowIfFrozen();
                if (value is { } key)
                {
                    UsageReport.RequireKey(key);
                }

                _key = value;
            }
        }

        /// <summary>
        /// A dimension (<c>user</c>, <c>role</c>, ...): the limit applies to each key of that dimension separately, so every
        /// user gets their own. Stored lower-case. Null when not per dimension. Neither <see cref="Key"/> nor
        /// <see cref="Dimension"/>: the limit is on the whole application (scope <see cref="UsageCounter.AllScopes"/>).
        /// </summary>
        /// <exception cref="ArgumentException">The dimension is empty or has characters other than letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</exception>
        public string? Dimension
        {
            get => _dimension;
            set
            {
                ThrowIfFrozen();
                if (value is not null && !UsageKey.IsValidDimension(value))
                {
                    throw new ArgumentException(
                        $"Budget policy '{Name}': a dimension is letters, digits, '_', '-' and '.', and not empty; '{value}' is not.", nameof(Dimension));
                }

                _dimension = value?.ToLowerInvariant();
            }
        }

        /// <summary>Only calls to this model (as the caller names it, compared ordinally) count and are limited; null for all models.</summary>
        /// <exception cref="ArgumentException">The name is empty or <c>*</c>.</exception>
        public string? Model
        {
            get => _model;
            set
            {
                ThrowIfFrozen();
                _model = RequireModel(value, nameof(Model));
            }
        }

        /// <summary>The calendar window the limit is per (default <see cref="UsageWindow.Day"/>, UTC).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not a defined window.</exception>
        public UsageWindow Window
        {
            get => _window;
            set
            {
                ThrowIfFrozen();
                _window = value is UsageWindow.Minute or UsageWindow.Hour or UsageWindow.Day or UsageWindow.Month
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(Window), value, $"Budget policy '{Name}': not a usage window.");
            }
        }

        /// <summary>The most tokens (<see cref="UsageTotals.TotalTokens"/>: input + output) per window; null for no token limit.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not above 0.</exception>
        public long? MaxTokens
        {
            get => _maxTokens;
            set
            {
                ThrowIfFrozen();
                _maxTokens = value is null or > 0
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(MaxTokens), value, $"Budget policy '{Name}': a token limit must be above 0.");
            }
        }

        /// <summary>The most list-price US dollars per window; null for no cost limit.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not above 0.</exception>
        public decimal? MaxCost
        {
            get => _maxCost;
            set
            {
                ThrowIfFrozen();
                _maxCost = value is null || value > 0
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(MaxCost), value, $"Budget policy '{Name}': a cost limit must be above 0.");
            }
        }

        /// <summary>
        /// The fractions of a limit at which <see cref="BudgetEnforcer.AlertRaised"/> fires (default 0.5, 0.8 and 1.0), each
        /// in (0, 10] (above 1 to hear about overruns). Each fires once per scope and window, on the charge that crosses it.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">An added threshold is not in (0, 10].</exception>
        public IList<double> AlertThresholds => _thresholds;

        /// <summary>What to do with a call that would exceed the limit (default <see cref="BudgetAction.Reject"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not a defined action.</exception>
        public BudgetAction Action
        {
            get => _action;
            set
            {
                ThrowIfFrozen();
                _action = value is BudgetAction.Reject or BudgetAction.Degrade
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(Action), value, $"Budget policy '{Name}': not a budget action.");
            }
        }

        /// <summary>
        /// <see cref="BudgetAction.Degrade"/>: the fraction of a limit (used + the call's estimate) from which calls are
        /// degraded; in (0, 1], default 0.8.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1].</exception>
        public double DegradeAt
        {
            get => _degradeAt;
            set
            {
                ThrowIfFrozen();
                _degradeAt = value > 0 && value <= 1
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(DegradeAt), value, $"Budget policy '{Name}': DegradeAt is a fraction of the limit in (0, 1].");
            }
        }

        /// <summary><see cref="BudgetAction.Degrade"/>: the most output tokens a degraded call may ask for; null to leave the output alone.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not above 0.</exception>
        public int? DegradedMaxOutputTokens
        {
            get => _degradedMaxOutputTokens;
            set
            {
                ThrowIfFrozen();
                _degradedMaxOutputTokens = value is null or > 0
                    ? value
                    : throw new ArgumentOutOfRangeException(nameof(DegradedMaxOutputTokens), value, $"Budget policy '{Name}': an output cap must be above 0 tokens.");
            }
        }

        /// <summary><see cref="BudgetAction.Degrade"/>: the cheaper model a degraded call switches to; null to keep the model.</summary>
        /// <exception cref="ArgumentException">The name is empty or <c>*</c>.</exception>
        public string? FallbackModel
        {
            get => _fallbackModel;
            set
            {
                ThrowIfFrozen();
                _fallbackModel = RequireModel(value, nameof(FallbackModel));
            }
        }

        /// <summary>Checks the settings as a whole.</summary>
        /// <exception cref="ArgumentException">
        /// Both <see cref="Key"/> and <see cref="Dimension"/> are set; neither <see cref="MaxTokens"/> nor <see cref="MaxCost"/>
        /// is; a threshold is outside (0, 10]; or a <see cref="BudgetAction.Degrade"/> policy has neither
        /// <see cref="FallbackModel"/> nor <see cref="DegradedMaxOutputTokens"/>. The message names the policy.
        /// </exception>
        public void Validate()
        {
            if (_key is not null && _dimension is not null)
            {
                throw new ArgumentException(
                    $"Budget policy '{Name}' sets both Key ('{_key}') and Dimension ('{_dimension}'): set Key to limit one key, Dimension to give every key of a dimension its own limit, or neither to limit the whole application.");
            }

            if (_maxTokens is null && _maxCost is null)
            {
                throw new ArgumentException($"Budget policy '{Name}' has no limit: set MaxTokens, MaxCost or both.");
            }

            foreach (double threshold in _thresholds)
            {
                if (!ThresholdList.IsValid(threshold))
                {
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "Budget policy '{0}' has the alert threshold {1}: thresholds are fractions of the limit in (0, 10] (0.8 = 80 %).", Name, threshold));
                }
            }

            if (_action == BudgetAction.Degrade && _fallbackModel is null && _degradedMaxOutputTokens is null)
            {
                throw new ArgumentException(
                    $"Budget policy '{Name}' degrades calls but says neither how: set FallbackModel, DegradedMaxOutputTokens or both (or use BudgetAction.Reject).");
            }
        }

        /// <summary>For example <c>per-user-daily: user, day, 100000 tokens, $5, Reject</c>.</summary>
        public override string ToString()
        {
            string scope = _key is { } key ? key.ToString() : _dimension ?? UsageCounter.AllScopes;
            return string.Format(CultureInfo.InvariantCulture, "{0}: {1}{2}, {3}{4}{5}, {6}",
                Name, scope, _model is null ? string.Empty : " " + _model, UsageCounter.WindowName(_window),
                _maxTokens is { } t ? ", " + t.ToString(CultureInfo.InvariantCulture) + " tokens" : string.Empty,
                _maxCost is { } c ? ", $" + c.ToString(CultureInfo.InvariantCulture) : string.Empty,
                _action);
        }

        internal bool IsFrozen => _frozen;

        internal void Freeze() => _frozen = true;

        internal void ThrowIfFrozen()
        {
            if (_frozen)
            {
                throw new InvalidOperationException($"Budget policy '{Name}' belongs to a BudgetEnforcer and can no longer be changed; create a new policy and enforcer instead.");
            }
        }

        private string? RequireModel(string? value, string property)
        {
            if (value is not null && (value.Length == 0 || value == UsageCounter.AllModels))
            {
                throw new ArgumentException($"Budget policy '{Name}': {property} is a model name, not empty and not '{UsageCounter.AllModels}'; null means every model.", property);
            }

            return value;
        }

        private sealed class ThresholdList : Collection<double>
        {
            private readonly BudgetPolicy _owner;

            public ThresholdList(BudgetPolicy owner)
            {
                _owner = owner;
            }

            public static bool IsValid(double threshold) => threshold > 0 && threshold <= 10;

            protected override void InsertItem(int index, double item)
            {
                _owner.ThrowIfFrozen();
                base.InsertItem(index, Check(item));
            }

            protected override void SetItem(int index, double item)
            {
                _owner.ThrowIfFrozen();
                base.SetItem(index, Check(item));
            }

            protected override void RemoveItem(int index)
            {
                _owner.ThrowIfFrozen();
                base.RemoveItem(index);
            }

            protected override void ClearItems()
            {
                _owner.ThrowIfFrozen();
                base.ClearItems();
            }

            private double Check(double item) => IsValid(item)
                ? item
                : throw new ArgumentOutOfRangeException(nameof(AlertThresholds), item,
                    $"Budget policy '{_owner.Name}': alert thresholds are fractions of the limit in (0, 10] (0.8 = 80 %).");
        }
    }
}
