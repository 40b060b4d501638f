using System;
using System.Linq;
using Xunit;

namespace PromptAnalyzers.Tests.Allocation
{
    public class BudgetAllocatorTests
    {
        private static int[] Tokens(BudgetAllocation allocation) => allocation.Select(p => p.Tokens).ToArray();

        private static int[] Shares(BudgetAllocation allocation) => allocation.Select(p => p.Share).ToArray();

        [Fact]
        public void Fixed_then_percent_then_remainder_by_weight_rounded_by_largest_remainder()
        {
            // Exact shares: 10, 25, 65/3 = 21.67, 130/3 = 43.33; floors add up to 99, the spare token goes to 21.67.
            BudgetAllocation result = BudgetAllocator.Allocate(100,
                BudgetPart.Fixed("system", 10),
                BudgetPart.Percent("docs", 25),
                BudgetPart.Remainder("history"),
                BudgetPart.Remainder("question", weight: 2));

            Assert.Equal(new[] { 10, 25, 22, 43 }, Shares(result));
            Assert.Equal(new[] { 10, 25, 22, 43 }, Tokens(result));
            Assert.Equal(100, result.TotalAllocated);
            Assert.Equal(0, result.Unallocated);
            Assert.Equal(22, result["history"].Tokens);
        }

        [Fact]
        public void Flooring_loses_nothing_and_ties_go_to_the_earlier_part()
        {
            Assert.Equal(new[] { 34, 33, 33 }, Tokens(BudgetAllocator.Allocate(100, BudgetPart.Remainder("a"), BudgetPart.Remainder("b"), BudgetPart.Remainder("c"))));
            Assert.Equal(new[] { 1, 0 }, Tokens(BudgetAllocator.Allocate(1, BudgetPart.Remainder("a"), BudgetPart.Remainder("b"))));
            Assert.Equal(new[] { 1, 1, 0 }, Tokens(BudgetAllocator.Allocate(2, BudgetPart.Remainder("a"), BudgetPart.Remainder("b"), BudgetPart.Remainder("c"))));
        }

        [Fact]
        public void Fractional_percent_is_exact()
        {
            BudgetAllocation result = BudgetAllocator.Allocate(1000, BudgetPart.Percent("a", 12.5m), BudgetPart.Percent("b", 0.1m), BudgetPart.Remainder("rest"));
            Assert.Equal(new[] { 125, 1, 874 }, Tokens(result));
        }

        [Fact]
        public void Slack_of_a_part_that_needs_less_flows_to_the_parts_that_need_more()
        {
            BudgetAllocation result = BudgetAllocator.Allocate(100,
                BudgetPart.Remainder("a", need: 10),
                BudgetPart.Remainder("b"),
                BudgetPart.Remainder("c", need: 500),
                BudgetPart.Remainder("d"));

            Assert.Equal(new[] { 25, 25, 25, 25 }, Shares(result));
            Assert.Equal(new[] { 10, 30, 30, 30 }, Tokens(result));
            Assert.True(result["a"].IsCappedByNeed);
            Assert.False(result["c"].IsCappedByNeed);
        }

        [Fact]
        public void Slack_is_shared_in_proportion_to_the_shares()
        {
            // 20 spare tokens go to shares 30 and 50: 30·1.25 = 37.5 and 50·1.25 = 62.5; the tie goes to the earlier part.
            BudgetAllocation result = BudgetAllocator.Allocate(100,
                BudgetPart.Fixed("tools", 20, need: 0),
                BudgetPart.Percent("docs", 30),
                BudgetPart.Remainder("history"));

            Assert.Equal(new[] { 0, 38, 62 }, Tokens(result));
        }

        [Fact]
        public void A_part_capped_by_its_need_stops_growing_and_the_rest_keeps_filling()
        {
            // Shares 50/50 of 100; a needs 5 (gives 45), b needs 70, c (fixed 0) never grows.
            BudgetAllocation result = BudgetAllocator.Allocate(100,
                BudgetPart.Remainder("a", need: 5),
                BudgetPart.Remainder("b", need: 70),
                BudgetPart.Fixed("c", 0, need: 40));

            Assert.Equal(new[] { 5, 70, 0 }, Tokens(result));
            Assert.Equal(75, result.TotalAllocated);
            Assert.Equal(25, result.Unallocated);
        }

        [Fact]
        public void With_needs_the_total_is_the_smaller_of_budget_and_needs()
        {
            BudgetAllocation small = BudgetAllocator.Allocate(100, BudgetPart.Fixed("a", 40, need: 10), BudgetPart.Remainder("b", need: 20));
            Assert.Equal(new[] { 10, 20 }, Tokens(small));
            Assert.Equal(70, small.Unallocated);

            BudgetAllocation large = BudgetAllocator.Allocate(100, BudgetPart.Fixed("a", 40, need: 1000), BudgetPart.Remainder("b", need: 1000));
            Assert.Equal(new[] { 40, 60 }, Tokens(large));
        }

        [Fact]
        public void Tokens_no_share_claims_are_shared_out_when_no_part_takes_the_remainder()
        {
            // 33% of 10 is 3.3: integer shares 3, 3, 3 (the exact sum 9.9 floors to 9); the 10th token is spare and goes by largest remainder.
            BudgetAllocation result = BudgetAllocator.Allocate(10, BudgetPart.Percent("a", 33), BudgetPart.Percent("b", 33), BudgetPart.Percent("c", 33));
            Assert.Equal(new[] { 3, 3, 3 }, Shares(result));
            Assert.Equal(new[] { 4, 3, 3 }, Tokens(result));
        }

        [Fact]
        public void Fixed_shares_above_the_budget_name_the_parts_and_numbers()
        {
            var ex = Assert.Throws<BudgetAllocationException>(() =>
                BudgetAllocator.Allocate(500, BudgetPart.Fixed("system", 300), BudgetPart.Fixed("question", 250), BudgetPart.Remainder("docs")));
            Assert.Contains("550", ex.Message);
            Assert.Contains("500", ex.Message);
            Assert.Contains("'system' 300 tokens", ex.Message);
            Assert.Contains("'question' 250 tokens", ex.Message);
            Assert.Equal(500, ex.Budget);
            Assert.Equal(550m, ex.Requested);
            Assert.Equal("parts", ex.ParamName);
        }

        [Fact]
        public void Percent_shares_above_100_are_an_error()
        {
            var ex = Assert.Throws<BudgetAllocationException>(() =>
                BudgetAllocator.Allocate(1000, BudgetPart.Percent("docs", 60), BudgetPart.Percent("history", 50)));
            Assert.Contains("110%", ex.Message);
            Assert.Contains("'docs' 60%", ex.Message);
        }

        [Fact]
        public void Fixed_and_percent_shares_that_together_exceed_the_budget_are_an_error()
        {
            var ex = Assert.Throws<BudgetAllocationException>(() =>
                BudgetAllocator.Allocate(1000, BudgetPart.Fixed("system", 500), BudgetPart.Percent("docs", 60)));
            Assert.Contains("'system' 500 tokens", ex.Message);
            Assert.Contains("'docs' 60% = 600 tokens", ex.Message);
        }

        [Fact]
        public void Negative_or_invalid_numbers_name_the_argument()
        {
            Assert.Equal("budget", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetAllocator.Allocate(-1, BudgetPart.Remainder("a"))).ParamName);
            Assert.Equal("tokens", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetShare.Fixed(-1)).ParamName);
            Assert.Equal("percent", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetShare.Percent(-0.5m)).ParamName);
            Assert.Equal("percent", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetShare.Percent(100.5m)).ParamName);
            Assert.Equal("weight", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetShare.Remainder(0)).ParamName);
            Assert.Equal("need", Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPart.Remainder("a", need: -1)).ParamName);
            Assert.Equal("parts", Assert.Throws<ArgumentNullException>(() => BudgetAllocator.Allocate(10, (BudgetPart[])null!)).ParamName);
            Assert.Throws<ArgumentNullException>(() => BudgetAllocator.Allocate(10, new BudgetPart[] { null! }));
            Assert.Throws<ArgumentException>(() => BudgetAllocator.Allocate(10, BudgetPart.Remainder("a"), BudgetPart.Fixed("a", 1)));
        }

        [Fact]
        public void Many_parts_share_exactly()
        {
            // 20,000 parts: every third needs 1 token, the others need 10; 100,000 tokens cannot cover Σ needs (140,002).
            BudgetPart[] parts = Enumerable.Range(0, 20_000)
                .Select(i => i % 3 == 0 ? BudgetPart.Remainder("p" + i, need: 1) : BudgetPart.Remainder("p" + i, weight: 1 + (i % 5), need: 10))
                .ToArray();
            BudgetAllocation result = BudgetAllocator.Allocate(100_000, parts);

            Assert.Equal(100_000, result.TotalAllocated);
            Assert.All(result.Where((p, i) => i % 3 == 0), p => Assert.Equal(1, p.Tokens));
            Assert.All(result, p => Assert.InRange(p.Tokens, Math.Min(p.Share, p.Need!.Value), p.Need!.Value));
        }

        [Fact]
        public void Empty_parts_and_zero_budget()
        {
            Assert.Empty(BudgetAllocator.Allocate(100));
            Assert.Equal(new[] { 0, 0 }, Tokens(BudgetAllocator.Allocate(0, BudgetPart.Percent("a", 50), BudgetPart.Remainder("b"))));
        }
    }
}
