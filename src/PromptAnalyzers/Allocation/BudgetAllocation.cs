using System;
using System.Collections;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>What one part received from <see cref="BudgetAllocator.Allocate(int, IEnumerable{BudgetPart})"/>.</summary>
    public sealed class PartAllocation
    {
        internal PartAllocation(BudgetPart part, int share, int tokens)
        {
            Part = part;
            Share = share;
            Tokens = tokens;
        }

        /// <summary>The part as it was given.</summary>
        public BudgetPart Part { get; }

        /// <summary>The part's name.</summary>
        public string Name => Part.Name;

        /// <summary>The part's need; null when unknown.</summary>
        public int? Need => Part.Need;

        /// <summary>The part's integer share before slack moved: its fixed tokens, or its percent or remainder share rounded by largest remainder.</summary>
        public int Share { get; }

        /// <summary>The tokens the part gets: at least min(<see cref="Share"/>, <see cref="Need"/>) and never more than <see cref="Need"/>.</summary>
        public int Tokens { get; }

        /// <summary>True when the part got its whole need, so its need (not the budget) set its allocation.</summary>
        public bool IsCappedByNeed => Part.Need is { } need && Tokens == need;

        /// <summary>The name and tokens, e.g. <c>docs: 900 of share 800 (capped by need)</c>.</summary>
        public override string ToString() => $"{Name}: {Tokens} of share {Share}{(IsCappedByNeed ? " (capped by need)" : string.Empty)}";
    }

    /// <summary>The result of <see cref="BudgetAllocator.Allocate(int, IEnumerable{BudgetPart})"/>: one <see cref="PartAllocation"/> per part, in the order given.</summary>
    public sealed class BudgetAllocation : IReadOnlyList<PartAllocation>
    {
        private readonly PartAllocation[] _parts;

        internal BudgetAllocation(int budget, PartAllocation[] parts)
        {
            Budget = budget;
            _parts = parts;
            long total = 0;
            foreach (PartAllocation part in parts)
            {
                total += part.Tokens;
            }

            TotalAllocated = (int)total;
        }

        /// <summary>The budget that was shared.</summary>
        public int Budget { get; }

        /// <summary>Σ of the parts' tokens: the budget when no need is known, min(budget, Σ needs) when needs are given.</summary>
        public int TotalAllocated { get; }

        /// <summary>Budget tokens no part could use (every part got its whole need): <see cref="Budget"/> − <see cref="TotalAllocated"/>.</summary>
        public int Unallocated => Budget - TotalAllocated;

        /// <inheritdoc/>
        public int Count => _parts.Length;

        /// <inheritdoc/>
        public PartAllocation this[int index] => _parts[index];

        /// <summary>The allocation of the part named <paramref name="name"/> (ordinal comparison).</summary>
        /// <param name="name">A part's name.</param>
        /// <exception cref="KeyNotFoundException">No part has that name.</exception>
        public PartAllocation this[string name]
        {
            get
            {
                foreach (PartAllocation part in _parts)
                {
                    if (string.Equals(part.Name, name, StringComparison.Ordinal))
                    {
                        return part;
                    }
                }

                throw new KeyNotFoundException($"No part is named '{name}'.");
            }
        }

        /// <inheritdoc/>
        public IEnumerator<PartAllocation> GetEnumerator() => ((IEnumerable<PartAllocation>)_parts).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _parts.GetEnumerator();
    }
}
