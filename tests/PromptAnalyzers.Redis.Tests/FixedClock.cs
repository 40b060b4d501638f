using System;

namespace PromptAnalyzers.Redis.Tests
{
    /// <summary>A clock that always reads one instant, so every recorded call lands in the same windows.</summary>
    internal sealed class FixedClock : TimeProvider
    {
        private readonly DateTimeOffset _now;

        public FixedClock(DateTimeOffset now)
        {
            _now = now;
        }

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
