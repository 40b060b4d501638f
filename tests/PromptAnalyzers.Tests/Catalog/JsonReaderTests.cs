using System.Linq;
using System.Text;
using PromptAnalyzers.Internal.Catalog.Json;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class JsonReaderTests
    {
        private static JsonNode Parse(string text)
        {
            Assert.True(JsonReader.TryParse(text, out JsonNode? root, out JsonSyntaxError? error), error?.ToString());
            return root!;
        }

        private static JsonSyntaxError Fail(string text)
        {
            Assert.False(JsonReader.TryParse(text, out JsonNode? root, out JsonSyntaxError? error));
            Assert.Null(root);
            return error!;
        }

        [Fact]
        public void Parses_objects_arrays_and_literals_in_order()
        {
            var root = (JsonObject)Parse("{\"a\": [1, true, false, null], \"b\": {}, \"c\": []}");
            Assert.Equal(new[] { "a", "b", "c" }, root.Properties.Select(p => p.Name));
            var items = ((JsonArray)root.Find("a")!.Value).Items;
            Assert.Equal(new[] { JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null }, items.Select(i => i.Kind));
            Assert.Empty(((JsonObject)root.Find("b")!.Value).Properties);
            Assert.Empty(((JsonArray)root.Find("c")!.Value).Items);
        }

        [Theory]
        [InlineData("\"a\\\"b\"", "a\"b")]
        [InlineData("\"\\\\ \\/ \\b \\f \\n \\r \\t\"", "\\ / \b \f \n \r \t")]
        [InlineData("\"\\u00e9\\u00C9\"", "éÉ")]
        [InlineData("\"\\u0000\"", "\0")]
        [InlineData("\"plain é 日本\"", "plain é 日本")]
        [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
        [InlineData("\"x\\uD834\\uDD1Ey\"", "x\U0001D11Ey")]
        [InlineData("\"\U0001F600 raw\"", "\U0001F600 raw")]
        public void Decodes_string_escapes(string json, string expected)
        {
            Assert.Equal(expected, ((JsonString)Parse(json)).Value);
        }

        [Theory]
        [InlineData("\"\\ud83d\"", "high surrogate")]
        [InlineData("\"\\ud83dx\"", "high surrogate")]
        [InlineData("\"\\ud83d\\u0041\"", "low surrogate")]
        [InlineData("\"\\ude00\"", "low surrogate")]
        [InlineData("\"\\u12\"", "four hexadecimal digits")]
        [InlineData("\"\\u12G4\"", "four hexadecimal digits")]
        [InlineData("\"\\x41\"", "Invalid escape sequence '\\x'")]
        [InlineData("\"abc", "Unterminated string")]
        [InlineData("\"abc\\", "Unterminated string")]
        [InlineData("\"a\nb\"", "line break")]
        [InlineData("\"a\tb\"", "U+0009")]
        public void Rejects_bad_strings(string json, string messagePart)
        {
            Assert.Contains(messagePart, Fail(json).Message);
        }

        [Theory]
        [InlineData("0", "0")]
        [InlineData("-0", "0")]
        [InlineData("12.5", "12.5")]
        [InlineData("-3.25e2", "-325")]
        [InlineData("1E+3", "1000")]
        [InlineData("2.5e-1", "0.25")]
        [InlineData("0.075", "0.075")]
        public void Parses_numbers(string json, string expected)
        {
            var number = (JsonNumber)Parse(json);
            Assert.Equal(json, number.Text);
            Assert.True(number.TryGetDecimal(out decimal value));
            Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        }

        [Theory]
        [InlineData("1e3", true, 1000)]
        [InlineData("128000", true, 128000)]
        [InlineData("1.0", true, 1)]
        [InlineData("1.5", false, 0)]
        [InlineData("2147483648", false, 0)]
        public void Reads_integers(string json, bool ok, int expected)
        {
            Assert.Equal(ok, ((JsonNumber)Parse(json)).TryGetInt32(out int value));
            Assert.Equal(expected, value);
        }

        [Fact]
        public void Huge_numbers_parse_but_do_not_convert()
        {
            var number = (JsonNumber)Parse("1e400");
            Assert.False(number.TryGetDecimal(out _));
        }

        [Theory]
        [InlineData("01", "Leading zeros")]
        [InlineData("-", "Expected a digit")]
        [InlineData("1.", "after the decimal point")]
        [InlineData(".5", "Expected a JSON value")]
        [InlineData("1e", "exponent")]
        [InlineData("+1", "Expected a JSON value")]
        [InlineData("NaN", "Expected a JSON value but found 'NaN'")]
        [InlineData("Infinity", "'Infinity'")]
        [InlineData("tru", "'tru'")]
        [InlineData("nullx", "'nullx'")]
        public void Rejects_bad_numbers_and_literals(string json, string messagePart)
        {
            Assert.Contains(messagePart, Fail(json).Message);
        }

        [Theory]
        [InlineData("[1, 2,]", 1, 7, "Trailing comma before ']'")]
        [InlineData("{\"a\": 1,}", 1, 9, "Trailing comma before '}'")]
        [InlineData("{\"a\": 1,\n}", 2, 1, "Trailing comma before '}'")]
        [InlineData("{\"a\" 1}", 1, 6, "Expected ':'")]
        [InlineData("{a: 1}", 1, 2, "property name in double quotes")]
        [InlineData("[1 2]", 1, 4, "Expected ',' or ']'")]
        [InlineData("{\"a\": 1 \"b\": 2}", 1, 9, "Expected ',' or '}'")]
        [InlineData("{\"a\": 1, \"a\": 2}", 1, 10, "Duplicate property 'a'")]
        [InlineData("[1] [2]", 1, 5, "after the end")]
        [InlineData("", 1, 1, "the end of the text")]
        [InlineData("   \n  ", 2, 3, "the end of the text")]
        [InlineData("[1, // no\n 2]", 1, 5, "Comments are not allowed")]
        [InlineData("{\n  \"a\": [\n    1,\n    x\n  ]\n}", 4, 5, "found 'x'")]
        [InlineData("{\r\n  \"a\": 1,\r\n  \"b\": ?\r\n}", 3, 8, "found '?'")]
        [InlineData("{\r  \"a\": ?\r}", 2, 8, "found '?'")]
        [InlineData("\"\\ud83d\\u0041\"", 1, 8, "low surrogate")]
        [InlineData("[\"ok\", \"bad \\q\"]", 1, 13, "'\\q'")]
        public void Reports_line_and_column_of_syntax_errors(string json, int line, int column, string messagePart)
        {
            JsonSyntaxError error = Fail(json);
            Assert.Contains(messagePart, error.Message);
            Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        }

        [Fact]
        public void Positions_of_values_are_recorded()
        {
            var root = (JsonObject)Parse("{\n  \"name\": \"x\",\n  \"n\": 12\n}");
            JsonProperty n = root.Find("n")!;
            Assert.Equal((3, 3), (n.NamePosition.Line, n.NamePosition.Column));
            Assert.Equal((3, 8), (n.Value.Position.Line, n.Value.Position.Column));
            Assert.Equal("{\n  \"name\": \"x\",\n  \"n\": ".Length, n.Value.Position.Offset);
        }

        [Fact]
        public void Byte_order_mark_is_skipped()
        {
            Assert.Equal(JsonKind.True, Parse("\uFEFFtrue").Kind);
        }

        [Fact]
        public void Nesting_up_to_the_limit_parses()
        {
            string json = new string('[', JsonReader.MaxDepth) + new string(']', JsonReader.MaxDepth);
            JsonNode node = Parse(json);
            int depth = 0;
            while (node is JsonArray array)
            {
                depth++;
                node = array.Items.Count > 0 ? array.Items[0] : new JsonLiteral(default, JsonKind.Null);
            }

            Assert.Equal(JsonReader.MaxDepth, depth);
        }

        [Fact]
        public void Nesting_beyond_the_limit_is_an_error_not_a_stack_overflow()
        {
            var json = new StringBuilder();
            for (int i = 0; i < 100_000; i++)
            {
                json.Append(i % 2 == 0 ? "[" : "{\"a\":");
            }

            JsonSyntaxError error = Fail(json.ToString());
            Assert.Contains("deeper than", error.Message);
            Assert.Equal(1, error.Position.Line);
            Assert.Equal(JsonReader.MaxDepth + 1, CountOpeners(json.ToString(), error.Position.Offset + 1));
        }

        private static int CountOpeners(string text, int length) => text.Substring(0, length).Count(c => c == '[' || c == '{');
    }
}
