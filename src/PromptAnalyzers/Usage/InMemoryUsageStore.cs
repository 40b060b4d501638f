using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PromptAnalyzers
{
    /// <summary>
    /// An <see cref="IUsageStore"/> in this process's memory: exact (decimal cost), thread-safe, and forgetful of
    /// counters past their expiry. The default store; instances of a scaled-out service need a shared one.
    /// </summary>
    public sealed class InMemoryUsageStore : IUsageStore
    {
        private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMinutes(1);

        private readonly ConcurrentDictionary<UsageCounter, Cell> _cells = new ConcurrentDictionary<UsageCounter, Cell>();
        private readonly TimeProvider _time;
        private long _nextSweepTicks;

        /// <summary>A store whose expiry follows <paramref name="timeProvider"/> (the system clock when null).</summary>
        public InMemoryUsageStore(TimeProvider? timeProvider = null)
        {
            _time = timeProvider ?? TimeProvider.System;
            _nextSweepTicks = _time.GetUtcNow().UtcTicks + s_sweepInterval.Ticks;
        }

        /// <summary>The number of counters held.</summary>
        public int Count => _cells.Count;

        /// <inheritdoc/>
        public Task<IReadOnlyList<UsageTotals>> AddAsync(IReadOnlyList<UsageIncrement> increments, CancellationToken cancellationToken = default)
        {
            if (increments is null)
            {
                throw new ArgumentNullException(nameof(increments));
            }

            cancellationToken.ThrowIfCancellationRequested();
            SweepIfDue();
            var after = new UsageTotals[increments.Count];
            for (int i = 0; i < after.Length; i++)
            {
                UsageIncrement increment = increments[i];
                while (true)
                {
                    Cell cell = _cells.GetOrAdd(increment.Counter, _ => new Cell());
                    lock (cell)
                    {
                        if (cell.Removed)
                        {
                            continue;
                        }

                        cell.Totals += increment.Amount;
                        if (increment.ExpiresAt > cell.ExpiresAt)
                        {
                            cell.ExpiresAt = increment.ExpiresAt;
                        }

                        after[i] = cell.Totals;
                        cell.Written = true;
                        break;
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<UsageTotals>>(after);
        }

        /// <inheritdoc/>
        public Task<IReadOnlyList<UsageTotals>> GetAsync(IReadOnlyList<UsageCounter> counters, CancellationToken cancellationToken = default)
        {
            if (counters is null)
            {
                throw new ArgumentNullException(nameof(counters));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var totals = new UsageTotals[counters.Count];
            for (int i = 0; i < totals.Length; i++)
            {
                if (_cells.TryGetValue(counters[i], out Cell? cell))
                {
                    lock (cell)
                    {
                        totals[i] = cell.Totals;
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<UsageTotals>>(totals);
        }

        /// <inheritdoc/>
        public Task<IReadOnlyList<UsageCounterTotals>> ListAsync(UsageWindow window, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var found = new List<UsageCounterTotals>();
            foreach (KeyValuePair<UsageCounter, Cell> pair in _cells)
            {
                UsageCounter counter = pair.Key;
                if (counter.Window != window || counter.WindowStart < from || counter.WindowStart >= to)
                {
                    continue;
                }

                lock (pair.Value)
                {
                    if (pair.Value.Written)
                    {
                        found.Add(new UsageCounterTotals(counter, pair.Value.Totals));
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<UsageCounterTotals>>(found);
        }

        private void SweepIfDue()
        {
            long now = _time.GetUtcNow().UtcTicks;
            long due = Interlocked.Read(ref _nextSweepTicks);
            if (now < due || Interlocked.CompareExchange(ref _nextSweepTicks, now + s_sweepInterval.Ticks, due) != due)
            {
                return;
            }

            var nowInstant = new DateTimeOffset(now, TimeSpan.Zero);
            foreach (KeyValuePair<UsageCounter, Cell> pair in _cells)
            {
                lock (pair.Value)
                {
                    if (pair.Value.ExpiresAt > nowInstant)
                    {
                        continue;
                    }

                    // An add that finds a removed cell adds to a new one instead, so nothing added is lost.
                    pair.Value.Removed = true;
                }

                ((ICollection<KeyValuePair<UsageCounter, Cell>>)_cells).Remove(pair);
            }
        }

        private sealed class Cell
        {
            public UsageTotals Totals;
            public DateTimeOffset ExpiresAt = DateTimeOffset.MinValue;
            public bool Written;
            public bool Removed;
        }
    }
}
