using System;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    public sealed class PicoDollarsTests
    {
        [Theory]
        [InlineData("0", 0L)]
        [InlineData("0.000000000001", 1L)]
        [InlineData("0.00000015", 150_000L)]
        [InlineData("1", 1_000_000_000_000L)]
        [InlineData("9007.199254740993", 9_007_199_254_740_993L)]
        [InlineData("9223372.036854775807", long.MaxValue)]
        public void A_cost_with_at_most_12_decimals_converts_exactly_both_ways(string text, long pico)
        {
            decimal dollars = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(pico, PicoDollars.FromDollars(dollars));
            Assert.Equal(dollars, PicoDollars.ToDollars(pico));
            Assert.Equal(text, PicoDollars.ToDollars(pico).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("0.0000000000005", 1L)]
        [InlineData("0.00000000000049999", 0L)]
        [InlineData("0.0000000000025", 3L)]
        [InlineData("1.0000000000004999", 1_000_000_000_000L)]
        public void A_cost_finer_than_a_pico_dollar_rounds_to_the_nearest_midpoints_away_from_zero(string text, long pico)
        {
            Assert.Equal(pico, PicoDollars.FromDollars(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void A_cost_above_the_64_bit_limit_is_an_overflow_with_the_limit_in_its_message()
        {
            OverflowException justAbove = Assert.Throws<OverflowException>(() => PicoDollars.FromDollars(PicoDollars.MaxDollars + 0.000000000001m));
            Assert.Throws<OverflowException>(() => PicoDollars.FromDollars(decimal.MaxValue));

            Assert.Contains("9223372.036854775807", justAbove.Message);
            Assert.Equal(long.MaxValue, PicoDollars.FromDollars(PicoDollars.MaxDollars + 0.0000000000004m));
        }

        [Fact]
        public void A_negative_cost_is_rejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => PicoDollars.FromDollars(-0.000000000001m));
        }

        [Fact]
        public void The_max_cost_is_long_max_value_pico_dollars()
        {
            Assert.Equal((decimal)long.MaxValue / PicoDollars.PerDollar, RedisUsageStore.MaxCost);
            Assert.Equal(-0.5m, PicoDollars.ToDollars(-500_000_000_000L));
            Assert.Equal((decimal)long.MinValue / PicoDollars.PerDollar, PicoDollars.ToDollars(long.MinValue));
        }
    }
}
