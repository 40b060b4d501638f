using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace PromptAnalyzers.Tests.Allocation
{
    public class BudgetAllocatorPropertyTests
    {
        private const int Cases = 10_000;

        [Fact]
        public void Random_allocations_keep_every_guarantee()
        {
            var random = new Random(20_241_123);
            int withSlackMoved = 0;
            for (int c = 0; c < Cases; c++)
            {
                int budget = random.Next(0, 4) == 0 ? random.Next(0, 20) : random.Next(0, 50_000);
                int n = random.Next(1, 9);
                bool withNeeds = random.Next(0, 3) > 0;
                var parts = new List<BudgetPart>();
                for (int i = 0; i < n; i++)
                {
                    int? need = withNeeds && random.Next(0, 4) > 0 ? random.Next(0, Math.Max(1, budget / 2)) : null;
                    switch (random.Next(0, 3))
                    {
                        case 0:
                            parts.Add(BudgetPart.Fixed("p" + i, random.Next(0, (budget / (2 * n)) + 1), need));
                            break;
                        case 1:
                            parts.Add(BudgetPart.Percent("p" + i, random.Next(0, 100 / n) / 2m, need));
                            break;
                        default:
                            parts.Add(BudgetPart.Remainder("p" + i, random.Next(1, 6), need));
                            break;
                    }
                }

                BudgetAllocation result = BudgetAllocator.Allocate(budget, parts);
                decimal[] quota = ExactShares(budget, parts);
                string label = $"case {c}: budget {budget}, parts [{string.Join("; ", parts)}] -> [{string.Join("; ", result)}]";

                // Integer shares: floor or ceiling of the exact share, adding up to the floor of the exact total.
                decimal exactTotal = quota.Sum();
                Assert.True(result.Sum(p => (long)p.Share) == (long)Math.Floor(exactTotal + 0.0000001m), label);
                for (int i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(result[i].Share - quota[i]) < 1, label);
                    if (parts[i].Share.Kind == BudgetShareKind.Fixed)
                    {
                        Assert.True(result[i].Share == parts[i].Share.Tokens, label);
                    }
                }

                // Sum: the budget without needs, min(budget, Σ needs) with them (no need = the whole budget; share 0 = needs nothing).
                long wanted = 0;
                for (int i = 0; i < n; i++)
                {
                    wanted += quota[i] > 0 ? parts[i].Need ?? budget : 0;
                }

                Assert.True(result.TotalAllocated == Math.Min(budget, wanted), label);
                if (!withNeeds && quota.Any(q => q > 0))
                {
                    Assert.True(result.TotalAllocated == budget, label);
                }

                for (int i = 0; i < n; i++)
                {
                    PartAllocation a = result[i];
                    long need = parts[i].Need ?? budget;
                    Assert.True(a.Tokens >= 0 && a.Tokens <= need, label);
                    Assert.True(a.Tokens >= Math.Min(a.Share, need), label);
                    if (quota[i] == 0)
                    {
                        Assert.True(a.Tokens == 0, label);
                    }

                    if (a.Tokens > a.Share)
                    {
                        withSlackMoved++;
                    }
                }

                // Water-filling: while part j is below its need, no part i holds more than its share unless i's level
                // (tokens per unit of exact share) is within one token of j's.
                for (int j = 0; j < n; j++)
                {
                    long needJ = parts[j].Need ?? budget;
                    if (quota[j] == 0 || result[j].Tokens >= needJ)
                    {
                        continue;
                    }

                    for (int i = 0; i < n; i++)
                    {
                        if (i != j && result[i].Tokens > result[i].Share)
                        {
                            Assert.True((result[i].Tokens - 1) * quota[j] <= (result[j].Tokens + 1) * quota[i] + 0.000001m, label + $" (part {i} above its share while part {j} is below its need)");
                        }
                    }
                }
            }

            Assert.True(withSlackMoved > 1_000, $"only {withSlackMoved} parts received slack");
        }

        [Fact]
        public void Same_input_gives_the_same_allocation()
        {
            BudgetPart[] parts = { BudgetPart.Remainder("a", need: 7), BudgetPart.Remainder("b"), BudgetPart.Percent("c", 33.3m), BudgetPart.Remainder("d", 3) };
            int[] first = BudgetAllocator.Allocate(1001, parts).Select(p => p.Tokens).ToArray();
            int[] second = BudgetAllocator.Allocate(1001, parts).Select(p => p.Tokens).ToArray();
            Assert.Equal(first, second);
            Assert.Equal(1001, first.Sum());
        }

        // The exact shares, computed independently: fixed tokens, percent of the budget, remainder by weight.
        private static decimal[] ExactShares(int budget, List<BudgetPart> parts)
        {
            decimal fixedSum = parts.Where(p => p.Share.Kind == BudgetShareKind.Fixed).Sum(p => (decimal)p.Share.Tokens);
            decimal percentSum = parts.Where(p => p.Share.Kind == BudgetShareKind.Percent).Sum(p => p.Share.PercentValue * budget / 100);
            decimal weights = parts.Where(p => p.Share.Kind == BudgetShareKind.Remainder).Sum(p => (decimal)p.Share.Weight);
            decimal rest = budget - fixedSum - percentSum;
            return parts.Select(p => p.Share.Kind switch
            {
                BudgetShareKind.Fixed => p.Share.Tokens,
                BudgetShareKind.Percent => p.Share.PercentValue * budget / 100,
                _ => rest * p.Share.Weight / weights,
            }).ToArray();
        }
    }
}
