using System;

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
    }
}
