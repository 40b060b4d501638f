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
            DateTime utc = instant.UtcDateTime;
            DateTime start = window switch
            {
                UsageWindow.Minute => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc),
                UsageWindow.Hour => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
                UsageWindow.Day => new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc),
                UsageWindow.Month => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
                _ => throw new ArgumentOutOfRangeException(nameof(window), window, "Not a usage window."),
            };
            return new DateTimeOffset(start);
        }

        /// <summary>The end (exclusive) of the window of kind <paramref name="window"/> that starts at <paramref name="start"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not a defined value.</exception>
        public static DateTimeOffset EndOf(UsageWindow window, DateTimeOffset start)
        {
            DateTimeOffset aligned = StartOf(window, start);
            return window switch
            {
                UsageWindow.Minute => aligned.AddMinutes(1),
                UsageWindow.Hour => aligned.AddHours(1),
                UsageWindow.Day => aligned.AddDays(1),
                _ => aligned.AddMonths(1),
            };
        }

        /// <summary>Whether <paramref name="instant"/> is the start of a window of kind <paramref name="window"/>.</summary>
        public static bool IsStart(UsageWindow window, DateTimeOffset instant) => StartOf(window, instant) == instant;
    }
}
