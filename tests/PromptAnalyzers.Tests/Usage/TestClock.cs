using System;
using System.Threading;

namespace PromptAnalyzers.Tests.Usage;

/// <summary>
/// A fake clock for usage tests: it reads <see cref="Now"/>, which tests set or advance, and optionally moves on by
/// <see cref="Step"/> after every read (so concurrent callers walk across window boundaries deterministically in total).
/// </summary>
internal sealed class TestClock : TimeProvider
{
    private long _ticks;

    public TestClock(DateTimeOffset start, TimeSpan step = default)
    {
        _ticks = start.UtcTicks;
        Step = step;
    }

    public TimeSpan Step { get; }

    public DateTimeOffset Now
    {
        get => new DateTimeOffset(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => Step == TimeSpan.Zero
        ? Now
        : new DateTimeOffset(Interlocked.Add(ref _ticks, Step.Ticks) - Step.Ticks, TimeSpan.Zero);
}
