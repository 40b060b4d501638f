using System;
using System.Globalization;

namespace PromptAnalyzers.Redis
{
    /// <summary>Costs as whole 10⁻¹² dollars (pico-dollars), the integers a Redis counter holds.</summary>
    internal static class PicoDollars
    {
        /// <summary>Pico-dollars in a dollar.</summary>
        public const long PerDollar = 1_000_000_000_000L;

        /// <summary><see cref="long.MaxValue"/> pico-dollars: the most a counter's cost can be.</summary>
        public const decimal MaxDollars = 9_223_372.036854775807m;

        /// <summary>
        /// The cost in pico-dollars: exact for costs with at most 12 decimal places, rounded to the nearest
        /// pico-dollar (midpoints away from zero) otherwise.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The cost is negative.</exception>
        /// <exception cref="OverflowException">The cost is more than <see cref="MaxDollars"/>.</exception>
        public static long FromDollars(decimal dollars)
        {
            if (dollars < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dollars), dollars, "A cost must be 0 or more.");
            }

            decimal rounded = decimal.Round(dollars, 12, MidpointRounding.AwayFromZero);
            if (rounded > MaxDollars)
            {
                throw new OverflowException(string.Format(CultureInfo.InvariantCulture,
                    "A cost of ${0} does not fit the Redis usage store, which keeps costs as whole 10^-12 dollars in 64 bits: at most ${1}.",
                    dollars, MaxDollars));
            }

            // At most 12 decimal places and at most MaxDollars: the product is an integer within 64 bits.
            return decimal.ToInt64(rounded * PerDollar);
        }

        /// <summary>The cost in dollars, exactly, without trailing zeros.</summary>
        public static decimal ToDollars(long picoDollars)
        {
            bool negative = picoDollars < 0;
            ulong magnitude = negative ? unchecked((ulong)(-(picoDollars + 1)) + 1UL) : (ulong)picoDollars;
            byte scale = 12;
            while (scale > 0 && magnitude % 10UL == 0UL)
            {
                magnitude /= 10UL;
                scale--;
            }

            return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, scale);
        }
    }
}
