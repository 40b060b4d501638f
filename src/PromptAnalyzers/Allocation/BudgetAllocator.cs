using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using PromptAnalyzers.Internal.Budgeting;

namespace PromptAnalyzers
{
    /// <summary>
    /// Shares an integer token budget among parts with fixed, percent and remainder shares, and moves the slack of parts
    /// that need less than their share to parts that need more.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Shares: fixed shares are taken first, then percent shares (of the whole budget), then the rest is split among
    /// remainder parts by weight. The exact shares are rounded by the largest-remainder method (ties go to the earlier
    /// part), so the integer shares add up to the budget and no token is lost to flooring. When no part takes the
    /// remainder, the integer shares add up to the fixed shares plus the floor of the percent shares' exact sum.
    /// </para>
    /// <para>
    /// Needs: a part with a need gets at least min(share, need) and never more than its need. The tokens that parts
    /// needing less than their share give up, together with tokens no share claims, go to the parts that need more in
    /// proportion to their exact shares (water-filling to one common level, computed in one pass over the parts sorted
    /// by need / share: O(n log n)). A part without a need wants as much as it can get. A part whose share is exactly 0
    /// never receives slack.
    /// </para>
    /// <para>
    /// Totals: without needs, the parts get exactly the budget (when at least one share is above 0). With needs, they get
    /// min(budget, Σ needs), counting a part without a need as needing the whole budget and a part with share 0 as
    /// needing nothing; what is left is <see cref="BudgetAllocation.Unallocated"/>.
    /// </para>
    /// <para>
    /// Nothing is clamped: fixed shares above the budget, percent shares above 100%, or fixed and percent shares that
    /// together exceed the budget throw a <see cref="BudgetAllocationException"/> naming the parts and the numbers.
    /// </para>
    /// </remarks>
    public static class BudgetAllocator
    {
        /// <summary>Shares <paramref name="budget"/> among <paramref name="parts"/>; see the class remarks for the rules.</summary>
        /// <param name="budget">The tokens to share; 0 or more.</param>
        /// <param name="parts">The parts, in priority order for ties; names must be unique.</param>
        /// <returns>One allocation per part, in the order given.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="parts"/> or one of its items is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> is negative.</exception>
        /// <exception cref="ArgumentException">Two parts have the same name.</exception>
        /// <exception cref="BudgetAllocationException">The fixed and percent shares do not fit the budget.</exception>
        public static BudgetAllocation Allocate(int budget, IEnumerable<BudgetPart> parts)
        {
            if (budget < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(budget), budget, "The budget must be 0 tokens or more.");
            }

            if (parts is null)
            {
                throw new ArgumentNullException(nameof(parts));
            }

            BudgetPart[] list = parts.ToArray();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < list.Length; i++)
            {
                if (list[i] is null)
                {
                    throw new ArgumentNullException(nameof(parts), $"Part {i} is null.");
                }

                if (!names.Add(list[i].Name))
                {
                    throw new ArgumentException($"Two parts are named '{list[i].Name}'; part names must be unique.", nameof(parts));
                }
            }

            BigInteger[] quota = Quotas(budget, list, out BigInteger denominator);
            BigInteger exactSum = BigInteger.Zero;
            foreach (BigInteger q in quota)
            {
                exactSum += q;
            }

            long shareTotal = (long)(exactSum / denominator);
            long[] share = BudgetSharing.LargestRemainder(quota, denominator, shareTotal);

            var need = new long[list.Length];
            long wanted = 0;
            for (int i = 0; i < list.Length; i++)
            {
                need[i] = list[i].Need ?? budget;
                if (quota[i].Sign > 0)
                {
                    wanted += need[i];
                }
            }

            long target = Math.Min(budget, wanted);
            long[] tokens = BudgetSharing.FillProportionally(share, quota, need, target);
            var result = new PartAllocation[list.Length];
            for (int i = 0; i < list.Length; i++)
            {
                result[i] = new PartAllocation(list[i], (int)share[i], (int)tokens[i]);
            }

            return new BudgetAllocation(budget, result);
        }

        /// <summary>Shares <paramref name="budget"/> among <paramref name="parts"/>; see <see cref="Allocate(int, IEnumerable{BudgetPart})"/>.</summary>
        /// <param name="budget">The tokens to share; 0 or more.</param>
        /// <param name="parts">The parts, in priority order for ties.</param>
        /// <returns>One allocation per part, in the order given.</returns>
        public static BudgetAllocation Allocate(int budget, params BudgetPart[] parts) => Allocate(budget, (IEnumerable<BudgetPart>)parts);

        // Exact shares as integers over one common denominator: 100 · 10^scale · Σ weights.
        private static BigInteger[] Quotas(int budget, BudgetPart[] parts, out BigInteger denominator)
        {
            int scale = 0;
            long fixedSum = 0;
            decimal percentSum = 0;
            long weightSum = 0;
            foreach (BudgetPart part in parts)
            {
                switch (part.Share.Kind)
                {
                    case BudgetShareKind.Fixed:
                        fixedSum += part.Share.Tokens;
                        break;
                    case BudgetShareKind.Percent:
                        percentSum += part.Share.PercentValue;
                        scale = Math.Max(scale, ScaleOf(part.Share.PercentValue));
                        break;
                    default:
                        weightSum += part.Share.Weight;
                        break;
                }
            }

            if (fixedSum > budget)
            {
                throw new BudgetAllocationException(
                    $"The fixed shares need {fixedSum} tokens but the budget is {budget} ({fixedSum - budget} over): {Describe(parts, BudgetShareKind.Fixed, budget)}.",
                    budget, fixedSum);
            }

            if (percentSum > 100)
            {
                throw new BudgetAllocationException(
                    string.Format(CultureInfo.InvariantCulture, "The percent shares add up to {0}%, above 100%: {1}.", percentSum, Describe(parts, BudgetShareKind.Percent, budget)),
                    budget, percentSum);
            }

            decimal percentTokens = percentSum * budget / 100;
            if (fixedSum + percentTokens > budget)
            {
                throw new BudgetAllocationException(
                    string.Format(CultureInfo.InvariantCulture,
                        "The fixed shares ({0} tokens) and the percent shares ({1}% of {2} = {3} tokens) add up to more than the budget of {2}: {4}; {5}.",
                        fixedSum, percentSum, budget, percentTokens, Describe(parts, BudgetShareKind.Fixed, budget), Describe(parts, BudgetShareKind.Percent, budget)),
                    budget, fixedSum + percentTokens);
            }

            BigInteger percentScale = BigInteger.Pow(10, scale);
            BigInteger weights = Math.Max(1, weightSum);
            denominator = 100 * percentScale * weights;
            BigInteger percentUnits = BigInteger.Zero;
            var quota = new BigInteger[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                BudgetShare share = parts[i].Share;
                if (share.Kind == BudgetShareKind.Fixed)
                {
                    quota[i] = share.Tokens * denominator;
                }
                else if (share.Kind == BudgetShareKind.Percent)
                {
                    BigInteger units = Mantissa(share.PercentValue) * BigInteger.Pow(10, scale - ScaleOf(share.PercentValue));
                    percentUnits += units;
                    quota[i] = units * budget * weights;
                }
            }

            // The rest, over 100 · 10^scale: what fixed and percent shares leave.
            BigInteger rest = (100 * percentScale * (budget - fixedSum)) - (percentUnits * budget);
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i].Share.Kind == BudgetShareKind.Remainder)
                {
                    quota[i] = parts[i].Share.Weight * rest;
                }
            }

            return quota;
        }

        private static int ScaleOf(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

        // A non-negative decimal is Mantissa / 10^ScaleOf.
        private static BigInteger Mantissa(decimal value)
        {
            int[] bits = decimal.GetBits(value);
            return ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        }

        private static string Describe(BudgetPart[] parts, BudgetShareKind kind, int budget)
        {
            var items = new List<string>();
            foreach (BudgetPart part in parts)
            {
                if (part.Share.Kind == kind)
                {
                    items.Add(kind == BudgetShareKind.Fixed
                        ? string.Format(CultureInfo.InvariantCulture, "'{0}' {1} tokens", part.Name, part.Share.Tokens)
                        : string.Format(CultureInfo.InvariantCulture, "'{0}' {1}% = {2} tokens", part.Name, part.Share.PercentValue, part.Share.PercentValue * budget / 100));
                }
            }

            return string.Join(", ", items);
        }
    }
}
