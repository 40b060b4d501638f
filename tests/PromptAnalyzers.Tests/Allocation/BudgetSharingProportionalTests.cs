using System.Linq;
using System.Numerics;
using PromptAnalyzers.Internal.Budgeting;
using Xunit;

namespace PromptAnalyzers.Tests.Allocation
{
    public class BudgetSharingProportionalTests
    {
        private static BigInteger[] Big(params long[] values) => values.Select(v => (BigInteger)v).ToArray();

        [Fact]
        public void Largest_remainder_gives_the_spare_tokens_to_the_largest_fractions_then_to_earlier_parts()
        {
            // 10/3, 10/3, 10/3 over total 10: floors 3, 3, 3, one spare token, tie -> first.
            Assert.Equal(new long[] { 4, 3, 3 }, BudgetSharing.LargestRemainder(Big(10, 10, 10), 3, 10));
            // 1.2, 2.7, 6.1: floors 1, 2, 6 = 9; the spare token goes to .7.
            Assert.Equal(new long[] { 1, 3, 6 }, BudgetSharing.LargestRemainder(Big(12, 27, 61), 10, 10));
            // Whole numbers need no rounding.
            Assert.Equal(new long[] { 2, 8 }, BudgetSharing.LargestRemainder(Big(20, 80), 10, 10));
        }

        [Fact]
        public void Proportional_fill_moves_slack_by_quota_and_keeps_needs()
        {
            // Shares 50/30/20 (quotas the same); part 0 needs 10, so 40 spare tokens go to parts 1 and 2 in 3:2.
            long[] result = BudgetSharing.FillProportionally(new long[] { 50, 30, 20 }, Big(50, 30, 20), new long[] { 10, 100, 100 }, 100);
            Assert.Equal(new long[] { 10, 54, 36 }, result);

            // Part 2 caps at 25; what it cannot take goes to part 1.
            result = BudgetSharing.FillProportionally(new long[] { 50, 30, 20 }, Big(50, 30, 20), new long[] { 10, 100, 25 }, 100);
            Assert.Equal(new long[] { 10, 65, 25 }, result);

            // A zero quota never grows; a target at the base returns the base.
            Assert.Equal(new long[] { 5, 0 }, BudgetSharing.FillProportionally(new long[] { 5, 0 }, Big(5, 0), new long[] { 5, 9 }, 5));
        }

        [Fact]
        public void Proportional_fill_starts_a_part_only_once_the_level_passes_its_rounded_up_share()
        {
            // Quotas 2.5 / 2.5 (x2 = 5 / 5) rounded to shares 3 / 2; 1 spare token (target 6): the level 6/5 gives 3 / 3.
            Assert.Equal(new long[] { 3, 3 }, BudgetSharing.FillProportionally(new long[] { 3, 2 }, Big(5, 5), new long[] { 9, 9 }, 6));
        }
    }
}
