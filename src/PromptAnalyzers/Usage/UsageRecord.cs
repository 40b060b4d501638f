using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>One call recorded by a <see cref="UsageTracker"/>: what was reported, and what was added to the totals.</summary>
    public sealed class UsageRecord
    {
        internal UsageRecord(string model, TokenUsage usage, UsageTotals totals, CostBreakdown? cost, IReadOnlyList<UsageKey> keys, DateTimeOffset timestamp)
        {
            Model = model;
            Usage = usage;
            Totals = totals;
            CostBreakdown = cost;
            Keys = keys;
            Timestamp = timestamp;
        }

        /// <summary>The model as the caller named it (the name its counters carry).</summary>
        public string Model { get; }

        /// <summary>The usage as the provider reported it.</summary>
        public TokenUsage Usage { get; }

        /// <summary>
        /// What was added to every counter: one call, <see cref="UsageTotals.InputTokens"/> normalized to all prompt tokens
        /// (cache reads and writes included, whatever the provider's convention), and the cost (0 when not <see cref="IsPriced"/>).
        /// </summary>
        public UsageTotals Totals { get; }

        /// <summary>
        /// Whether the cost is known. False when the catalog does not know the model, or lists no prices for it (or
        /// no output price while output was reported): the call is recorded with a cost of 0.
        /// </summary>
        public bool IsPriced => CostBreakdown is not null;

        /// <summary>The priced parts of the call; null when not <see cref="IsPriced"/>.</summary>
        public CostBreakdown? CostBreakdown { get; }

        /// <summary>The keys the call was attributed to, without duplicates, in the order given.</summary>
        public IReadOnlyList<UsageKey> Keys { get; }

        /// <summary>When the call was recorded (the tracker's clock, UTC); it decides the windows it counts in.</summary>
        public DateTimeOffset Timestamp { get; }
    }
}
