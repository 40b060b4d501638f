using System;

namespace PromptAnalyzers
{
    /// <summary>Calendar arithmetic of <see cref="UsageWindow"/>s: every window starts and ends on UTC boundaries.</summary>
    public static class UsageWindows
    {
        /// <summary>The start of the window of kind <paramref name="window"/> that contains <paramref name="instant"/>, in UTC.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not a defined value.</exception>
        public static DateTimeOffset StartOf(UsageWindow window, DateTimeOffset instant)
        {
            // Minutes, hours and days are whole multiples of ticks from 0001-01-01T00:00Z: plain arithmetic, no calendar.
            long ticks = instant.UtcTicks;
            switch (window)
            {
                case UsageWindow.Minute:
                    return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
                case UsageWindow.Hour:
                    return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
                case UsageWindow.Day:
                    return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerDay), TimeSpan.Zero);
                case UsageWindow.Month:
                    DateTime utc = instant.UtcDateTime;
                    return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
                default:
                    throw new ArgumentOutOfRangeException(nameof(window), window, "Not a usage window.");
            }
        }

        /// <summary>The end (exclusive) of the window of kind <paramref name="window"/> that starts at <paramref name="start"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not a defined value.</exception>
        public static DateTimeOffset EndOf(UsageWindow window, DateTimeOffset start)
        {
            DateTimeOffset aligned = StartOf(window, start);
            return window switch
            {
                UsageWindow.Minute => aligned.AddTicks(TimeSpan.TicksPerMinute),
                UsageWindow.Hour => aligned.AddTicks(TimeSpan.TicksPerHour),
                UsageWindow.Day => aligned.AddTicks(TimeSpan.TicksPerDay),
                _ => aligned.AddMonths(1),
            };
        }

        /// <summary>Whether <paramref name="instant"/> is the start of a window of kind <paramref name="window"/>.</summary>
        public static bool IsStart(UsageWindow window, DateTimeOffset instant) => StartOf(window, instant) == instant;
    }
}
