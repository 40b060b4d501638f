using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PromptAnalyzers.Tests.Usage;

/// <summary>An <see cref="InMemoryUsageStore"/> that remembers every call made to it.</summary>
internal sealed class SpyUsageStore : IUsageStore
{
    private readonly InMemoryUsageStore _inner;

    public SpyUsageStore(TimeProvider time)
    {
        _inner = new InMemoryUsageStore(time);
    }

    public List<IReadOnlyList<UsageIncrement>> Adds { get; } = new();

    public List<IReadOnlyList<UsageCounter>> Gets { get; } = new();

    public List<(UsageWindow Window, DateTimeOffset From, DateTimeOffset To)> Lists { get; } = new();

    public Task<IReadOnlyList<UsageTotals>> AddAsync(IReadOnlyList<UsageIncrement> increments, CancellationToken cancellationToken = default)
    {
        lock (Adds)
        {
            Adds.Add(increments);
        }

        return _inner.AddAsync(increments, cancellationToken);
    }

    public Task<IReadOnlyList<UsageTotals>> GetAsync(IReadOnlyList<UsageCounter> counters, CancellationToken cancellationToken = default)
    {
        lock (Gets)
        {
            Gets.Add(counters);
        }

        return _inner.GetAsync(counters, cancellationToken);
    }

    public Task<IReadOnlyList<UsageCounterTotals>> ListAsync(UsageWindow window, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        lock (Lists)
        {
            Lists.Add((window, from, to));
        }

        return _inner.ListAsync(window, from, to, cancellationToken);
    }
}
