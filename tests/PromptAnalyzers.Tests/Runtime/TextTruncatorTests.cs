using System;
using PromptAnalyzers;
using Xunit;

namespace PromptAnalyzers.Tests.Runtime
{
    public class TextTruncatorTests
    {
        private const string Cl100k = "cl100k_base";
        private const string O200k = "o200k_base";
        private const string Words = "one two three four five six seven eight nine ten";

        [Fact]
        public void Text_that_fits_is_returned_unchanged_with_its_count()
        {
            foreach (Truncation strategy in Enum.GetValues<Truncation>())
            {
                TruncatedText result = TextTruncator.Truncate(Words, 10, strategy, Cl100k);
                Assert.Same(Words, result.Text);
                Assert.Equal(10, result.Tokens);
                Assert.False(result.IsTruncated);
            }
        }

        [Fact]
        public void KeepStart_keeps_the_longest_prefix()
        {
            TruncatedText result = TextTruncator.Truncate(Words, 3, Truncation.KeepStart, Cl100k);
            Assert.Equal("one two three", result.Text);
            Assert.Equal(3, result.Tokens);
            Assert.True(result.IsTruncated);
        }

        [Fact]
        public void KeepEnd_keeps_the_longest_suffix()
        {
            TruncatedText result = TextTruncator.Truncate(Words, 2, Truncation.KeepEnd, Cl100k);
            Assert.Equal(" nine ten", result.Text);
            Assert.Equal(2, result.Tokens);
        }

        [Theory]
        [InlineData(Cl100k)]
        [InlineData(O200k)]
        public void KeepBothEnds_joins_head_and_tail_with_a_counted_marker(string encoding)
        {
            Assert.Equal(1, TextTruncator.CountTokens(TextTruncator.Marker, encoding));
            TruncatedText result = TextTruncator.Truncate(Words, 5, Truncation.KeepBothEnds, encoding);
            Assert.Equal("one two… nine ten", result.Text);
            Assert.Equal(5, result.Tokens);
            Assert.Equal(Cookbook.Count(result.Text, encoding), result.Tokens);
        }

        [Fact]
        public void KeepBothEnds_keeps_the_start_when_the_limit_leaves_no_room_beside_the_marker()
        {
            Assert.Equal("one two", TextTruncator.Truncate(Words, 2, Truncation.KeepBothEnds, Cl100k).Text);
            Assert.Equal("one… ten", TextTruncator.Truncate(Words, 3, Truncation.KeepBothEnds, Cl100k).Text);
            Assert.Equal("one two… ten", TextTruncator.Truncate(Words, 4, Truncation.KeepBothEnds, Cl100k).Text);
        }

        [Fact]
        public void Sentences_keeps_whole_sentences()
        {
            const string text = "First sentence here. Second sentence is longer than that! Third? Fourth.";
            int firstTwo = TextTruncator.CountTokens("First sentence here. Second sentence is longer than that!", Cl100k);
            TruncatedText result = TextTruncator.Truncate(text, firstTwo + 1, Truncation.Sentences, Cl100k);
            Assert.Equal("First sentence here. Second sentence is longer than that!", result.Text);
            Assert.Equal(firstTwo, result.Tokens);

            result = TextTruncator.Truncate(text, firstTwo - 1, Truncation.Sentences, Cl100k);
            Assert.Equal("First sentence here.", result.Text);
        }

        [Fact]
        public void Sentences_understands_closing_quotes_decimals_cjk_and_lines()
        {
            string quoted = "He said \"stop.\" Then he left and never came back to the city again.";
            Assert.Equal("He said \"stop.\"", TextTruncator.Truncate(quoted, 8, Truncation.Sentences, Cl100k).Text);

            string decimals = "Pi is 3.14159 and e is 2.71828 and they are both irrational numbers. Yes.";
            Assert.Equal(
                "Pi is 3.14159 and e is 2.71828 and they are both irrational numbers.",
                TextTruncator.Truncate(decimals, TextTruncator.CountTokens(decimals, Cl100k) - 1, Truncation.Sentences, Cl100k).Text);

            string cjk = "今天天气很好。我们去公园散步吧！好吗？";
            TruncatedText cut = TextTruncator.Truncate(cjk, TextTruncator.CountTokens("今天天气很好。我们去公园散步吧！", Cl100k), Truncation.Sentences, Cl100k);
            Assert.Equal("今天天气很好。我们去公园散步吧！", cut.Text);

            string lines = "line one\r\nline two\r\nline three is here";
            Assert.Equal("line one\r\nline two", TextTruncator.Truncate(lines, 7, Truncation.Sentences, Cl100k).Text);
        }

        [Fact]
        public void Sentences_falls_back_to_keep_start_without_a_boundary()
        {
            Assert.Equal("one two three", TextTruncator.Truncate(Words, 3, Truncation.Sentences, Cl100k).Text);
        }

        [Fact]
        public void Fail_throws_instead_of_cutting()
        {
            var error = Assert.Throws<TokenBudgetExceededException>(() => TextTruncator.Truncate(Words, 9, Truncation.Fail, Cl100k));
            Assert.Equal(10, error.Tokens);
            Assert.Equal(9, error.Allocation);
        }

        [Fact]
        public void Zero_tokens_gives_empty_text()
        {
            foreach (Truncation strategy in new[] { Truncation.KeepStart, Truncation.KeepEnd, Truncation.KeepBothEnds, Truncation.Sentences })
            {
                TruncatedText result = TextTruncator.Truncate(Words, 0, strategy, Cl100k);
                Assert.Equal(string.Empty, result.Text);
                Assert.Equal(0, result.Tokens);
            }
        }

        [Theory]
        [InlineData(Cl100k)]
        [InlineData(O200k)]
        public void Emoji_are_never_split(string encoding)
        {
            string text = Cookbook.Repeat("👩🏽‍💻👨‍👩‍👧‍👦🇯🇵😀", 20);
            int total = TextTruncator.CountTokens(text, encoding);
            foreach (Truncation strategy in new[] { Truncation.KeepStart, Truncation.KeepEnd, Truncation.KeepBothEnds, Truncation.Sentences })
            {
                for (int max = 0; max < total; max += 3)
                {
                    TruncatedText result = TextTruncator.Truncate(text, max, strategy, encoding);
                    Assert.Equal(0, Cookbook.LoneSurrogates(result.Text));
                    Assert.True(result.Tokens <= max, $"{strategy} {max}: {result.Tokens}");
                    Assert.Equal(Cookbook.Count(result.Text, encoding), result.Tokens);
                }
            }
        }

        [Theory]
        [InlineData(0, 0, 0)]
        [InlineData(1, 1, 1)]
        [InlineData(2, 1, 3)]
        [InlineData(3, 3, 3)]
        [InlineData(4, 4, 4)]
        [InlineData(5, 4, 6)]
        [InlineData(6, 6, 6)]
        public void Cuts_move_out_of_a_surrogate_pair_on_the_safe_side(int cut, int prefixEnd, int suffixStart)
        {
            const string text = "a😀b😀";
            Assert.Equal(prefixEnd, TextTruncator.SafePrefixEnd(text, cut));
            Assert.Equal(suffixStart, TextTruncator.SafeSuffixStart(text, cut));
        }

        [Fact]
        public void Lone_surrogates_are_not_pairs()
        {
            const string text = "a\uD83Db\uDE00c";
            for (int cut = 0; cut <= text.Length; cut++)
            {
                Assert.Equal(cut, TextTruncator.SafePrefixEnd(text, cut));
                Assert.Equal(cut, TextTruncator.SafeSuffixStart(text, cut));
            }
        }

        [Fact]
        public void Bad_arguments_are_rejected()
        {
            Assert.Throws<ArgumentNullException>(() => TextTruncator.Truncate(null!, 1, Truncation.KeepStart, Cl100k));
            Assert.Throws<ArgumentOutOfRangeException>(() => TextTruncator.Truncate("x", -1, Truncation.KeepStart, Cl100k));
            Assert.Throws<ArgumentException>(() => TextTruncator.Truncate("x", 1, Truncation.KeepStart, "p50k_base"));
        }
    }
}
