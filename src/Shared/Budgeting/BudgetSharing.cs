using System;
using System.Collections.Generic;
using System.Numerics;

namespace PromptAnalyzers.Internal.Budgeting
{
    /// <summary>Integer sharing of a token pool, used for templates of a prompt and for values inside a template.</summary>
    internal static class BudgetSharing
    {
        /// <summary>A demand larger than any pool.</summary>
        public const long Unbounded = long.MaxValue;

        /// <summary>
        /// Water-filling: every part i gets a level x[i] ≤ demand[i] and costs weight[i]·x[i]; parts that need less than
        /// an equal level get what they need, the others share the rest equally. Tokens that flooring leaves over go one
        /// level at a time to the unsatisfied parts in index order, so Σ weight·x ≤ pool and nothing that a part could
        /// use is lost.
        /// </summary>
        public static long[] WaterFill(long[] demand, int[] weight, long pool)
        {
            int n = demand.Length;
            var levels = new long[n];
            if (n == 0)
            {
                return levels;
            }

            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => demand[a] != demand[b] ? demand[a].CompareTo(demand[b]) : a.CompareTo(b));

            long remaining = Math.Max(0, pool);
            long remainingWeight = 0;
            foreach (int w in weight)
            {
                remainingWeight += w;
            }

            int k = 0;
            for (; k < n; k++)
            {
                int i = order[k];
                long level = remaining / remainingWeight;
                if (demand[i] > level)
                {
                    break;
                }

                levels[i] = Math.Max(0, demand[i]);
                remaining -= weight[i] * levels[i];
                remainingWeight -= weight[i];
            }

            if (k == n)
            {
                return levels;
            }

            long shared = remaining / remainingWeight;
            long leftover = remaining - (shared * remainingWeight);
            var unsatisfied = new bool[n];
            for (int j = k; j < n; j++)
            {
                levels[order[j]] = shared;
                unsatisfied[order[j]] = true;
            }

            for (int i = 0; i < n && leftover > 0; i++)
            {
                if (unsatisfied[i] && weight[i] <= leftover)
                {
                    levels[i]++;
                    leftover -= weight[i];
                }
            }

            return levels;
        }

        /// <summary>
        /// Cuts the rooms so that their sum is at most <paramref name="total"/>: each room keeps
        /// floor(room · total / Σ rooms), and the tokens flooring leaves go one each to the rooms in index order.
        /// Rooms already within <paramref name="total"/> are returned unchanged.
        /// </summary>
        public static long[] ScaleDown(long[] rooms, long total)
        {
            long sum = 0;
            foreach (long room in rooms)
            {
                sum += room;
            }

            var result = (long[])rooms.Clone();
            if (sum <= total)
            {
                return result;
            }

            total = Math.Max(0, total);
            long given = 0;
            for (int i = 0; i < rooms.Length; i++)
            {
                result[i] = rooms[i] * total / sum;
                given += result[i];
            }

            for (int i = 0; i < rooms.Length && given < total; i++)
            {
                if (result[i] < rooms[i])
                {
                    result[i]++;
                    given++;
                }
            }

            return result;
        }

        /// <summary>
        /// Largest-remainder rounding of the exact shares numerators[i] / denominator: every share is floored, and the
        /// <paramref name="total"/> − Σ floors tokens left go one each to the shares with the largest remainders (ties:
        /// lower index first), so the integers add up to <paramref name="total"/> exactly. The caller passes a total from
        /// Σ floors to Σ floors + (number of shares with a remainder), which holds whenever the exact shares add up to a
        /// value between total − 1 (exclusive) and total.
        /// </summary>
        public static long[] LargestRemainder(BigInteger[] numerators, BigInteger denominator, long total)
        {
            int n = numerators.Length;
            var result = new long[n];
            var remainders = new BigInteger[n];
            long given = 0;
            for (int i = 0; i < n; i++)
            {
                BigInteger quotient = BigInteger.DivRem(numerators[i], denominator, out remainders[i]);
                result[i] = (long)quotient;
                given += result[i];
            }

            long left = total - given;
            if (left <= 0)
            {
                return result;
            }

            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                int byRemainder = remainders[b].CompareTo(remainders[a]);
                return byRemainder != 0 ? byRemainder : a.CompareTo(b);
            });
            for (int k = 0; k < n && left > 0; k++)
            {
                if (remainders[order[k]].IsZero)
                {
                    break;
                }

                result[order[k]]++;
                left--;
            }

            return result;
        }

        /// <summary>
        /// Proportional water-filling in one sorted pass: part i gets min(need[i], max(share[i], λ·quota[i])) with one
        /// level λ chosen so the parts get <paramref name="target"/> tokens in all. Parts that need less than their share
        /// give the rest up; parts that need more receive it in proportion to their quotas (the exact, unrounded shares,
        /// over any common denominator); a part with quota 0 never grows. The real allocations are rounded by largest
        /// remainder, so every part keeps at least min(share, need), never exceeds its need, and the sum is exactly
        /// <paramref name="target"/>. The caller passes a target from Σ min(share, need) to Σ need over parts whose quota
        /// is above 0 (plus Σ min(share, need) of the others).
        /// </summary>
        public static long[] FillProportionally(long[] share, BigInteger[] quota, long[] need, long target)
        {
            int n = share.Length;
            var result = new long[n];
            long constant = 0;
            var events = new List<FillEvent>(2 * n);
            for (int i = 0; i < n; i++)
            {
                result[i] = Math.Min(share[i], need[i]);
                constant += result[i];
                if (quota[i].Sign > 0 && need[i] > share[i])
                {
                    events.Add(new FillEvent(share[i], quota[i], i, start: true));
                    events.Add(new FillEvent(need[i], quota[i], i, start: false));
                }
            }

            if (target <= constant)
            {
                return result;
            }

            // Sorted by the level λ = tokens / quota at which a part starts or stops growing; ties in index order.
            events.Sort((a, b) =>
            {
                int byLevel = (a.Tokens * b.Quota).CompareTo(b.Tokens * a.Quota);
                return byLevel != 0 ? byLevel : a.Part != b.Part ? a.Part.CompareTo(b.Part) : a.Start.CompareTo(b.Start);
            });

            var growing = new bool[n];
            BigInteger slope = BigInteger.Zero;
            foreach (FillEvent e in events)
            {
                // Total at the level of this event: constant + level · slope; stop once it reaches the target.
                if (slope.Sign > 0 && (constant * e.Quota) + (e.Tokens * slope) >= target * e.Quota)
                {
                    break;
                }

                if (e.Start)
                {
                    constant -= share[e.Part];
                    slope += e.Quota;
                    growing[e.Part] = true;
                }
                else
                {
                    constant += need[e.Part];
                    slope -= e.Quota;
                    growing[e.Part] = false;
                    result[e.Part] = need[e.Part];
                }

                if (slope.IsZero && constant >= target)
                {
                    return result;
                }
            }

            if (slope.IsZero)
            {
                return result;
            }

            var numerators = new BigInteger[n];
            long rest = target - constant;
            for (int i = 0; i < n; i++)
            {
                numerators[i] = growing[i] ? rest * quota[i] : BigInteger.Zero;
            }

            long[] grown = LargestRemainder(numerators, slope, rest);
            for (int i = 0; i < n; i++)
            {
                if (growing[i])
                {
                    result[i] = grown[i];
                }
            }

            return result;
        }

        private readonly struct FillEvent
        {
            public FillEvent(long tokens, BigInteger quota, int part, bool start)
            {
                Tokens = tokens;
                Quota = quota;
                Part = part;
                Start = start;
            }

            public BigInteger Tokens { get; }

            public BigInteger Quota { get; }

            public int Part { get; }

            public bool Start { get; }
        }
    }
}
