using System;

namespace PromptAnalyzers
{
    /// <summary>Options of a <see cref="UsageTracker"/>: how long counters are kept and how usage is priced.</summary>
    public sealed class UsageTrackerOptions
    {
        private TimeSpan _minuteRetention = TimeSpan.FromHours(2);
        private TimeSpan _hourRetention = TimeSpan.FromDays(3);
        private TimeSpan _dayRetention = TimeSpan.FromDays(400);
        private TimeSpan _monthRetention = TimeSpan.FromDays(5 * 365 + 1);

        /// <summary>How long after its end a minute counter is kept (default 2 hours).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public TimeSpan MinuteRetention
        {
            get => _minuteRetention;
            set => _minuteRetention = NotNegative(value, nameof(MinuteRetention));
        }

        /// <summary>How long after its end an hour counter is kept (default 3 days).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public TimeSpan HourRetention
        {
            get => _hourRetention;
            set => _hourRetention = NotNegative(value, nameof(HourRetention));
        }

        /// <summary>How long after its end a day counter is kept (default 400 days).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public TimeSpan DayRetention
        {
            get => _dayRetention;
            set => _dayRetention = NotNegative(value, nameof(DayRetention));
        }

        /// <summary>How long after its end a month counter is kept (default 5 years: 1,826 days).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public TimeSpan MonthRetention
        {
            get => _monthRetention;
            set => _monthRetention = NotNegative(value, nameof(MonthRetention));
        }

        /// <summary>
        /// How recorded usage is priced: <see cref="CostOptions.Batch"/> for Batch API calls, and
        /// <see cref="CostOptions.CachedTokens"/> to force a cached-token convention (by default it follows each model's
        /// provider; a model the catalog does not know is read as <see cref="CachedTokensConvention.IncludedInInput"/>).
        /// The <c>Expected…</c> properties are for estimates and are ignored here. Null for the defaults.
        /// </summary>
        public CostOptions? CostOptions { get; set; }

        /// <summary>The retention of a window kind.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not a defined value.</exception>
        public TimeSpan RetentionOf(UsageWindow window) => window switch
        {
            UsageWindow.Minute => MinuteRetention,
            UsageWindow.Hour => HourRetention,
            UsageWindow.Day => DayRetention,
            UsageWindow.Month => MonthRetention,
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Not a usage window."),
        };

        internal UsageTrackerOptions Clone() => new UsageTrackerOptions
        {
            _minuteRetention = _minuteRetention,
            _hourRetention = _hourRetention,
            _dayRetention = _dayRetention,
            _monthRetention = _monthRetention,
            CostOptions = CostOptions is null ? null : new CostOptions { Batch = CostOptions.Batch, CachedTokens = CostOptions.CachedTokens },
        };

        private static TimeSpan NotNegative(TimeSpan value, string name) =>
            value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "A retention must be zero or more.");
    }
}
