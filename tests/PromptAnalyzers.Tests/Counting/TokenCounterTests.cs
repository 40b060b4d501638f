using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Counting
{
    // Every expected count below comes from OpenAI's tiktoken 1.0.22 (npm), encode_ordinary.
    public class TokenCounterTests
    {
        private static readonly string Fox = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 50));

        private static readonly ToolDefinition[] WeatherTools =
        {
            new ToolDefinition(
                "get_current_weather",
                "Get the current weather in a given location",
                new[]
                {
                    new ToolProperty("location", "string", "The city and state, e.g. San Francisco, CA"),
                    new ToolProperty("unit", "string", "The unit of temperature to return", new[] { "celsius", "fahrenheit" }),
                },
                new[] { "location" }),
        };

        private static readonly PromptMessage[] WeatherMessages =
        {
            new PromptMessage(PromptRole.System, "You are a helpful assistant that can answer to questions about the weather."),
            new PromptMessage(PromptRole.User, "What's the weather like in San Francisco?"),
        };

        [Theory]
        [InlineData("cl100k_base", "hello world", 2)]
        [InlineData("o200k_base", "hello world", 2)]
        [InlineData("cl100k_base", "Hello, world! 👋🏽 你好，世界。", 17)]
        [InlineData("o200k_base", "Hello, world! 👋🏽 你好，世界。", 13)]
        [InlineData("cl100k_base", "<|endoftext|> is plain text", 10)]
        [InlineData("o200k_base", "<|endoftext|> is plain text", 10)]
        [InlineData("cl100k_base", "مرحبا بالعالم", 10)]
        [InlineData("o200k_base", "مرحبا بالعالم", 4)]
        [InlineData("cl100k_base", "    indented\n\n\tcode();", 6)]
        [InlineData("o200k_base", "", 0)]
        public void Counts_text_like_tiktoken(string encoding, string text, int expected)
        {
            TokenCounter counter = TokenCounter.ForEncoding(encoding);
            TokenCount count = counter.Count(text);

            Assert.Equal(expected, count.Tokens);
            Assert.Equal(expected, counter.CountTokens(text));
            Assert.True(count.IsExact);
            Assert.Equal(encoding, count.Encoding);
            Assert.Equal($"{expected} tokens (exact: {encoding})", count.ToString());
        }

        [Fact]
        public void Long_text_counts_like_tiktoken() => Assert.Equal(501, TokenCounter.ForEncoding("o200k_base").CountTokens(Fox));

        [Fact]
        public void ForModel_resolves_catalog_models_and_family_names()
        {
            TokenCounter counter = TokenCounter.ForModel("gpt-4o");
            Assert.Equal("o200k_base", counter.Encoding);
            Assert.True(counter.IsExact);
            Assert.Equal("gpt-4o", counter.Model!.Name);
            Assert.Null(counter.ApproximationNote);
            Assert.Same(counter, TokenCounter.ForModel("gpt-4o"));
            Assert.Equal("gpt-4o", TokenCounter.ForModel("gpt-4o-2024-08-06").Model!.Name);
            Assert.Equal("cl100k_base", TokenCounter.ForModel("gpt-4").Encoding);
        }

        [Fact]
        public void ForModel_uses_the_given_catalog()
        {
            ModelCatalog catalog = ModelCatalog.Empty.WithModel(new ModelInfo("house-llm", "contoso", 8_000, 1_000, "o200k_base", approximationMargin: 0.5));
            TokenCounter counter = TokenCounter.ForModel("house-llm", catalog);
            Assert.Equal("o200k_base", counter.Encoding);
            Assert.Equal(0.5, counter.ApproximationMargin);
            Assert.Equal(3, counter.CountTokens("hello world")); // ceiling(2 × 1.5)
            Assert.Equal("gpt-4o", Assert.Throws<UnknownModelException>(() => TokenCounter.ForModel("gpt-4o", ModelCatalog.Empty)).ModelName);
        }

        [Fact]
        public void ForEncoding_shares_one_instance_per_encoding()
        {
            Assert.Same(TokenCounter.ForEncoding("cl100k_base"), TokenCounter.ForEncoding("cl100k_base"));
            Assert.Null(TokenCounter.ForEncoding("o200k_base").Model);
        }

        [Fact]
        public void Unknown_model_and_encoding_are_named()
        {
            UnknownModelException unknown = Assert.Throws<UnknownModelException>(() => TokenCounter.ForModel("gpt-99-turbo"));
            Assert.Equal("gpt-99-turbo", unknown.ModelName);
            Assert.Contains("gpt-99-turbo", unknown.Message);

            ArgumentException encoding = Assert.Throws<ArgumentException>(() => TokenCounter.ForEncoding("p50k_base"));
            Assert.Equal("encoding", encoding.ParamName);
            Assert.Contains("p50k_base", encoding.Message);

            Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => TokenCounter.ForModel((string)null!)).ParamName);
            Assert.Equal("encoding", Assert.Throws<ArgumentNullException>(() => TokenCounter.ForEncoding(null!)).ParamName);
        }

        [Fact]
        public void Approximate_models_apply_the_margin_and_say_so()
        {
            TokenCounter counter = TokenCounter.ForModel("claude-sonnet-4");
            Assert.False(counter.IsExact);
            Assert.Equal(0.3, counter.ApproximationMargin);
            Assert.NotNull(counter.ApproximationNote);

            TokenCount count = counter.Count("hello world");
            Assert.Equal(3, count.Tokens); // ceiling(2 × 1.3)
            Assert.False(count.IsExact);
            Assert.Equal(0.3, count.Margin);
            Assert.Equal("3 tokens (approximate: cl100k_base + 30 % margin)", count.ToString());
            Assert.Equal(652, counter.CountTokens(Fox)); // ceiling(501 × 1.3)
            Assert.Equal("claude-sonnet-4: cl100k_base + 30 % margin (approximate)", counter.ToString());
            Assert.Equal("o200k_base (exact)", TokenCounter.ForEncoding("o200k_base").ToString());

            // Per text scaled, framing unscaled: 3 + ceil(1×1.3) + ceil(2×1.3), plus 3 priming.
            Assert.Equal(3 + 2 + 3 + 3, counter.CountMessages(new[] { new PromptMessage(PromptRole.User, "hello world") }));
        }

        [Fact]
        public void IsWithin_stops_at_the_limit_and_reports_what_it_counted()
        {
            TokenCounter counter = TokenCounter.ForEncoding("cl100k_base");
            Assert.True(counter.IsWithin(Fox, 501, out int all));
            Assert.Equal(501, all);
            Assert.False(counter.IsWithin(Fox, 500, out int prefix));
            Assert.InRange(prefix, 1, 500);
            Assert.False(counter.IsWithin(Fox, 0, out int none));
            Assert.Equal(0, none);
            Assert.True(counter.IsWithin(string.Empty, 0, out int empty));
            Assert.Equal(0, empty);

            TokenCounter approximate = TokenCounter.ForModel("claude-sonnet-4");
            Assert.True(approximate.IsWithin(Fox, 652, out int scaled));
            Assert.Equal(652, scaled);
            Assert.False(approximate.IsWithin(Fox, 651, out int partial));
            Assert.True(partial <= 651);
        }

        [Fact]
        public void IsWithin_agrees_with_a_full_count_around_the_limit()
        {
            TokenCounter counter = TokenCounter.ForEncoding("o200k_base");
            string text = "Hello, world! 👋🏽 你好，世界。 مرحبا بالعالم <|endoftext|>";
            int total = counter.CountTokens(text);
            for (int limit = 0; limit <= total + 2; limit++)
            {
                Assert.Equal(total <= limit, counter.IsWithin(text, limit, out int tokens));
                Assert.True(tokens <= limit);
            }
        }

        [Fact]
        public void Messages_follow_the_cookbook()
        {
            Assert.Equal(34, TokenCounter.ForEncoding("cl100k_base").CountMessages(WeatherMessages));
            Assert.Equal(33, TokenCounter.ForEncoding("o200k_base").CountMessages(WeatherMessages));

            var named = new PromptMessage(PromptRole.User, "New synergies will help drive top-line growth.", "example_user");
            TokenCounter counter = TokenCounter.ForModel("gpt-4o");
            Assert.Equal(3 + 1 + 10 + 1 + 2, counter.CountMessage(named));
            Assert.Equal(3 + 17, counter.CountMessages(new[] { named }));
            Assert.Equal(3, counter.CountMessages(Array.Empty<PromptMessage>()));
        }

        [Fact]
        public void Tool_calls_and_results_count_as_content()
        {
            TokenCounter counter = TokenCounter.ForEncoding("o200k_base");
            PromptMessage call = PromptMessage.AssistantToolCalls(new[] { new ToolCall("call_1", "get_current_weather", "{\"location\":\"Paris\"}") });
            // 3 + "assistant" 1 + "" 0 + per call 3 + name 3 + arguments 5
            Assert.Equal(15, counter.CountMessage(call));
            // 3 + "tool" 1 + content 5 ("{\"temp\":21}")
            Assert.Equal(9, counter.CountMessage(PromptMessage.Tool("call_1", "{\"temp\":21}")));
            Assert.Equal("tool", PromptRoles.ToApiName(PromptRole.Tool));
        }

        [Fact]
        public void Tools_follow_the_cookbook_function_counting()
        {
            // With the cookbook's messages: 105 for gpt-3.5-turbo/gpt-4 (cl100k_base), 101 for gpt-4o/gpt-4o-mini (o200k_base),
            // the totals the cookbook's num_tokens_for_tools gives for its weather example.
            TokenCounter cl100k = TokenCounter.ForModel("gpt-4");
            TokenCounter o200k = TokenCounter.ForModel("gpt-4o-mini");
            Assert.Equal(71, cl100k.CountTools(WeatherTools));
            Assert.Equal(68, o200k.CountTools(WeatherTools));
            Assert.Equal(105, cl100k.CountTools(WeatherTools) + cl100k.CountMessages(WeatherMessages));
            Assert.Equal(101, o200k.CountTools(WeatherTools) + o200k.CountMessages(WeatherMessages));
            Assert.Equal(0, o200k.CountTools(Array.Empty<ToolDefinition>()));

            // A function without properties: func_init 7 + "ping:" (2: "ping", ":") + func_end 12.
            Assert.Equal(7 + o200k.CountTokens("ping:") + 12, o200k.CountTools(new[] { new ToolDefinition("ping") }));
        }

        [Fact]
        public void Encode_and_decode_round_trip()
        {
            Assert.Equal(new[] { 15339, 1917 }, TokenCounter.ForEncoding("cl100k_base").Encode("hello world"));
            Assert.Equal(new[] { 24912, 2375 }, TokenCounter.ForEncoding("o200k_base").Encode("hello world"));
            Assert.Empty(TokenCounter.ForEncoding("o200k_base").Encode(string.Empty));

            const string text = "Hello, world! 👋🏽 你好，世界。 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
            foreach (string encoding in new[] { "cl100k_base", "o200k_base" })
            {
                TokenCounter counter = TokenCounter.ForEncoding(encoding);
                IReadOnlyList<int> ids = counter.Encode(text);
                Assert.Equal(counter.CountTokens(text), ids.Count);
                Assert.Equal(text, counter.Decode(ids));
            }
        }

        [Fact]
        public void Null_and_negative_arguments_are_rejected()
        {
            TokenCounter counter = TokenCounter.ForEncoding("cl100k_base");
            Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => counter.Count(null!)).ParamName);
            Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => counter.CountTokens(null!)).ParamName);
            Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => counter.IsWithin(null!, 1, out _)).ParamName);
            Assert.Equal("maxTokens", Assert.Throws<ArgumentOutOfRangeException>(() => counter.IsWithin("x", -1, out _)).ParamName);
            Assert.Equal("message", Assert.Throws<ArgumentNullException>(() => counter.CountMessage(null!)).ParamName);
            Assert.Equal("messages", Assert.Throws<ArgumentNullException>(() => counter.CountMessages(null!)).ParamName);
            Assert.Equal("messages", Assert.Throws<ArgumentNullException>(() => counter.CountMessages(new PromptMessage[] { null! })).ParamName);
            Assert.Equal("tools", Assert.Throws<ArgumentNullException>(() => counter.CountTools(null!)).ParamName);
            Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => counter.Encode(null!)).ParamName);
            Assert.Equal("ids", Assert.Throws<ArgumentNullException>(() => counter.Decode(null!)).ParamName);
            Assert.Throws<ArgumentException>(() => new ToolDefinition("f", null, new[] { new ToolProperty("a", "string") }, new[] { "b" }));
            Assert.Throws<ArgumentException>(() => new ToolDefinition("f", null, new[] { new ToolProperty("a", "string"), new ToolProperty("a", "number") }));
            Assert.Throws<ArgumentException>(() => PromptMessage.AssistantToolCalls(Array.Empty<ToolCall>()));
            Assert.Throws<ArgumentException>(() => PromptMessage.AssistantToolCalls(new[] { new ToolCall("a", "f", "{}"), new ToolCall("a", "g", "{}") }));
            Assert.Equal("toolCallId", Assert.Throws<ArgumentNullException>(() => PromptMessage.Tool(null!, "x")).ParamName);
        }

        [Fact]
        public void One_counter_counts_the_same_from_many_threads()
        {
            TokenCounter counter = TokenCounter.ForEncoding("o200k_base");
            string[] texts = Enumerable.Range(0, 64).Select(i => Fox.Substring(0, i * 30) + " 你好 " + i).ToArray();
            int[] expected = texts.Select(Scratch.TextO200k).ToArray();
            int[] actual = new int[texts.Length];
            Parallel.For(0, texts.Length, i => actual[i] = counter.CountTokens(texts[i]));
            Assert.Equal(expected, actual);
        }
    }
}
