using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PromptAnalyzers
{
    /// <summary>
    /// Where a usage tracker keeps its totals. <see cref="InMemoryUsageStore"/> serves one process; a shared
    /// store (PromptAnalyzers.Redis) lets the instances of a scaled-out service add up to one set of totals.
    /// </summary>
    /// <remarks>
    /// Every add must be atomic per counter, and the totals it returns must be the counter's totals right after that
    /// add (no other add between them): budget alerts fire on the add that crosses a threshold, exactly once across
    /// every instance sharing the store. A store may keep <see cref="UsageTotals.Cost"/> at a fixed precision of no
    /// less than 10⁻¹² dollars.
    /// </remarks>
    public interface IUsageStore
    {
        /// <summary>
        /// Adds each increment to its counter (a counter not held yet starts at zero) and returns each counter's
        /// totals after its add, in the order of <paramref name="increments"/>.
        /// </summary>
        /// <param name="increments">The adds; the same counter at most once.</param>
        /// <param name="cancellationToken">Cancels the wait; adds already made stay made.</param>
        Task<IReadOnlyList<UsageTotals>> AddAsync(IReadOnlyList<UsageIncrement> increments, CancellationToken cancellationToken = default);

        /// <summary>The totals of <paramref name="counters"/>, in their order; <see cref="UsageTotals.Zero"/> for a counter not held.</summary>
        Task<IReadOnlyList<UsageTotals>> GetAsync(IReadOnlyList<UsageCounter> counters, CancellationToken cancellationToken = default);

        /// <summary>
        /// Every counter held of kind <paramref name="window"/> whose window starts at or after <paramref name="from"/>
        /// and before <paramref name="to"/>, with its totals, in no particular order.
        /// </summary>
        Task<IReadOnlyList<UsageCounterTotals>> ListAsync(UsageWindow window, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
    }

    /// <summary>One add to one counter of an <see cref="IUsageStore"/>.</summary>
    public readonly struct UsageIncrement
    {
        /// <summary>An add.</summary>
        /// <param name="counter">The counter.</param>
        /// <param name="amount">What to add.</param>
        /// <param name="expiresAt">When the store may forget the counter (a store keeps the latest time it was given).</param>
        public UsageIncrement(UsageCounter counter, UsageTotals amount, DateTimeOffset expiresAt)
        {
            Counter = counter;
            Amount = amount;
            ExpiresAt = expiresAt;
        }

        /// <summary>The counter.</summary>
        public UsageCounter Counter { get; }

        /// <summary>What to add.</summary>
        public UsageTotals Amount { get; }

        /// <summary>When the store may forget the counter.</summary>
        public DateTimeOffset ExpiresAt { get; }
    }

    /// <summary>A counter with its totals, as <see cref="IUsageStore.ListAsync"/> reports it.</summary>
    public readonly struct UsageCounterTotals
    {
        /// <summary>A counter and its totals.</summary>
        public UsageCounterTotals(UsageCounter counter, UsageTotals totals)
        {
            Counter = counter;
            Totals = totals;
        }

        /// <summary>The counter.</summary>
        public UsageCounter Counter { get; }

        /// <summary>Its totals.</summary>
        public UsageTotals Totals { get; }
    }
}
