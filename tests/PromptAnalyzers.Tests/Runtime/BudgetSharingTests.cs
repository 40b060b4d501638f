using System;
using System.Linq;
using PromptAnalyzers.Internal.Budgeting;
using Xunit;

namespace PromptAnalyzers.Tests.Runtime
{
    public class BudgetSharingTests
    {
        [Fact]
        public void Water_filling_gives_small_demands_what_they_need_and_splits_the_rest()
        {
            long[] levels = BudgetSharing.WaterFill(new long[] { 10, BudgetSharing.Unbounded, 500, BudgetSharing.Unbounded }, new[] { 1, 1, 1, 1 }, 100);
            Assert.Equal(new long[] { 10, 30, 30, 30 }, levels);
        }

        [Fact]
        public void Water_filling_loses_nothing_to_rounding()
        {
            long[] levels = BudgetSharing.WaterFill(new long[] { 50, 50, 50 }, new[] { 1, 1, 1 }, 100);
            Assert.Equal(new long[] { 34, 33, 33 }, levels);
            Assert.Equal(100, levels.Sum());
        }

        [Fact]
        public void Water_filling_charges_weights_per_level()
        {
            // A placeholder used twice costs two tokens per level.
            long[] levels = BudgetSharing.WaterFill(new long[] { 100, 100 }, new[] { 2, 1 }, 31);
            Assert.Equal(new long[] { 10, 11 }, levels);
            Assert.True(2 * levels[0] + levels[1] <= 31);
        }

        [Fact]
        public void Water_filling_with_room_for_everything_returns_the_demands()
        {
            Assert.Equal(new long[] { 3, 0, 7 }, BudgetSharing.WaterFill(new long[] { 3, 0, 7 }, new[] { 1, 1, 1 }, 1000));
            Assert.Equal(new long[] { 0, 0 }, BudgetSharing.WaterFill(new long[] { 3, 7 }, new[] { 1, 1 }, 0));
            Assert.Empty(BudgetSharing.WaterFill(Array.Empty<long>(), Array.Empty<int>(), 10));
        }

        [Fact]
        public void Scaling_down_keeps_proportions_and_uses_the_whole_total()
        {
            Assert.Equal(new long[] { 67, 33 }, BudgetSharing.ScaleDown(new long[] { 1000, 500 }, 100));
            Assert.Equal(new long[] { 34, 33, 33 }, BudgetSharing.ScaleDown(new long[] { 100, 100, 100 }, 100));
            Assert.Equal(new long[] { 10, 20 }, BudgetSharing.ScaleDown(new long[] { 10, 20 }, 100));
            Assert.Equal(new long[] { 0, 0 }, BudgetSharing.ScaleDown(new long[] { 10, 20 }, 0));
        }
    }
}
