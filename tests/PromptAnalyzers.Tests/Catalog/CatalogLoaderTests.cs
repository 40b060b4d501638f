using System.Linq;
using PromptAnalyzers.Internal.Catalog;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class CatalogLoaderTests
    {
        private const string Minimal = """
            {
              "asOf": "2025-01-02",
              "providers": { "acme": { "pricesAsOf": "2025-01-01", "pricesSource": "https://acme.example/pricing" } },
              "models": [
                {
                  "name": "acme-1",
                  "provider": "acme",
                  "aliases": ["acme-one"],
                  "families": ["acme-1"],
                  "contextWindow": 32000,
                  "maxInput": 30000,
                  "maxOutput": 2000,
                  "encoding": "o200k_base",
                  "prices": { "input": 1, "cachedInput": 0.1, "output": 3, "batchDiscount": 0.5,
                              "longContext": { "threshold": 16000, "input": 2, "output": 6 } },
                  "note": "test model"
                }
              ]
            }
            """;

        private static CatalogError SingleError(string json, ModelCatalogData? baseCatalog = null)
        {
            CatalogParseResult result = ModelCatalogData.Parse(json, "custom.json", baseCatalog);
            Assert.False(result.Success);
            Assert.Null(result.Catalog);
            return Assert.Single(result.Errors);
        }

        private static ModelCatalogData Ok(string json, ModelCatalogData? baseCatalog = null)
        {
            CatalogParseResult result = ModelCatalogData.Parse(json, "custom.json", baseCatalog);
            Assert.True(result.Success, string.Join("\n", result.Errors));
            Assert.Empty(result.Errors);
            return result.Catalog!;
        }

        private static string Model(string fields) => "{\"models\": [{" + fields + "}]}";

        private const string Required = "\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"";

        [Fact]
        public void Reads_every_field()
        {
            ModelEntry model = Ok(Minimal).Models.Single();
            Assert.Equal(("acme-1", "acme", 32000, (int?)30000, 2000, "o200k_base"),
                (model.Name, model.Provider, model.ContextWindow, model.MaxInput, model.MaxOutput, model.Encoding));
            Assert.Equal(new[] { "acme-one" }, model.Aliases);
            Assert.Equal(new[] { "acme-1" }, model.Families);
            Assert.True(model.IsExact);
            Assert.Equal(30000, model.InputLimit);
            Assert.Equal(new ModelPrices(1, 0.1m, null, 3, 0.5m, new LongContextPrices(16000, 2, 6, null, null)), model.Prices);
            Assert.Equal("2025-01-01", model.PricesAsOf);
            Assert.Equal("https://acme.example/pricing", model.PricesSource);
            Assert.Equal("test model", model.Note);
        }

        [Fact]
        public void Equal_documents_give_equal_catalogs()
        {
            Assert.Equal(ModelCatalogData.Parse(Minimal, "a.json"), ModelCatalogData.Parse(Minimal, "a.json"));
            Assert.NotEqual(Ok(Minimal), Ok(Minimal.Replace("2000", "2001")));
        }

        [Fact]
        public void Syntax_error_is_reported_with_source_line_and_column()
        {
            CatalogError error = SingleError("{\n  \"models\": [\n    {\"name\": \"x\",}\n  ]\n}");
            Assert.Equal(("custom.json", 3, 18), (error.SourceName, error.Line, error.Column));
            Assert.Equal("{\n  \"models\": [\n    {\"name\": \"x\",".Length, error.Offset);
            Assert.StartsWith("custom.json(3,18): Trailing comma", error.ToString());
        }

        [Theory]
        [InlineData("[]", "must be a JSON object")]
        [InlineData("{}", "no \"models\" array")]
        [InlineData("{\"models\": {}}", "\"models\" must be an array")]
        [InlineData("{\"models\": [1]}", "models[0] must be an object, not a number")]
        [InlineData("{\"models\": [], \"asOf\": \"15/08/2025\"}", "yyyy-MM-dd")]
        [InlineData("{\"models\": [], \"modles\": []}", "unknown property 'modles'")]
        [InlineData("{\"models\": [], \"providers\": {\"x\": {\"pricesSource\": \"ftp://x\"}}}", "absolute http(s) URL")]
        public void Root_errors(string json, string messagePart)
        {
            Assert.Contains(messagePart, SingleError(json).Message);
        }

        [Theory]
        [InlineData("\"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "models[0] has no 'name'")]
        [InlineData("\"name\": \"m\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "Model 'm' has no 'provider'")]
        [InlineData("\"name\": \"m\", \"provider\": \"p\", \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "Model 'm' has no 'contextWindow'")]
        [InlineData("\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": 1000, \"encoding\": \"cl100k_base\"", "Model 'm' has no 'maxOutput'")]
        [InlineData("\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100", "Model 'm' has no 'encoding'")]
        [InlineData("\"name\": \" m\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "whitespace")]
        [InlineData("\"name\": \"\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "must not be empty")]
        [InlineData("\"name\": 5, \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"", "'name' must be a string, not a number")]
        public void Missing_or_bad_required_fields_name_the_model_and_field(string fields, string messagePart)
        {
            Assert.Contains(messagePart, SingleError(Model(fields)).Message);
        }

        [Theory]
        [InlineData("\"contextWindow\": 0", "Model 'm': 'contextWindow' must be a whole number of tokens above 0")]
        [InlineData("\"contextWindow\": 1000.5", "'contextWindow' must be a whole number")]
        [InlineData("\"contextWindow\": 1e12", "at most 2147483647")]
        [InlineData("\"contextWindow\": \"1000\"", "'contextWindow' must be a whole number of tokens above 0, not a string")]
        [InlineData("\"maxOutput\": 2000", "'maxOutput' (2000) exceeds 'contextWindow' (1000)")]
        [InlineData("\"maxOutput\": -1", "'maxOutput' must be a whole number of tokens, 0 or more")]
        [InlineData("\"maxInput\": 1001", "'maxInput' (1001) exceeds 'contextWindow' (1000)")]
        [InlineData("\"encoding\": \"p50k_base\"", "unknown 'encoding' \"p50k_base\"; supported: cl100k_base, o200k_base")]
        [InlineData("\"tokenizer\": \"sentencepiece\"", "'tokenizer' must be \"tiktoken\"")]
        [InlineData("\"approximationMargin\": 0.2", "applies only to \"tokenizer\": \"approximate\"")]
        [InlineData("\"tokenizer\": \"approximate\", \"approximationNote\": \"why\"", "needs an 'approximationMargin'")]
        [InlineData("\"tokenizer\": \"approximate\", \"approximationMargin\": 0.2", "needs an 'approximationNote'")]
        [InlineData("\"tokenizer\": \"approximate\", \"approximationMargin\": 0, \"approximationNote\": \"why\"", "fraction above 0")]
        [InlineData("\"tokenizer\": \"approximate\", \"approximationMargin\": 5, \"approximationNote\": \"why\"", "at most 4")]
        [InlineData("\"tokenizer\": \"approximate\", \"approximationMargin\": 0.2, \"approximationNote\": \"a\\nb\"", "one non-empty line")]
        [InlineData("\"prices\": 3", "'prices' must be an object (USD per 1M tokens) or null, not a number")]
        [InlineData("\"prices\": {}", "'prices' needs 'input'")]
        [InlineData("\"prices\": {\"input\": -1}", "'prices'.input must not be negative")]
        [InlineData("\"prices\": {\"input\": 1, \"output\": \"2\"}", "'prices'.output must be a number, not a string")]
        [InlineData("\"prices\": {\"input\": 1, \"batchDiscount\": 1}", "batchDiscount must be a fraction")]
        [InlineData("\"prices\": {\"input\": 1, \"imput\": 1}", "unknown property 'imput'")]
        [InlineData("\"prices\": {\"input\": 1, \"longContext\": {\"input\": 2}}", "has no 'threshold'")]
        [InlineData("\"prices\": {\"input\": 1e400}", "out of range")]
        [InlineData("\"pricesAsOf\": \"2025-02-30\"", "must be a date written yyyy-MM-dd")]
        [InlineData("\"pricesSource\": \"pricing page\"", "absolute http(s) URL")]
        [InlineData("\"aliases\": \"m2\"", "'aliases' must be an array of strings")]
        [InlineData("\"aliases\": [\"m2\", 3]", "'aliases'[1] must be a string")]
        [InlineData("\"aliases\": [\"m\"]", "alias 'm' is listed twice")]
        [InlineData("\"contextwindow\": 5", "unknown property 'contextwindow' (did you mean 'contextWindow'?)")]
        [InlineData("\"extends\": \"gpt-4o\"", "'extends' needs a base catalog")]
        public void Field_errors_name_the_model_and_field(string extra, string messagePart)
        {
            string fields = Required;
            foreach (string key in new[] { "contextWindow", "maxOutput", "encoding" })
            {
                if (extra.StartsWith("\"" + key + "\"", System.StringComparison.Ordinal))
                {
                    fields = string.Join(", ", fields.Split(", ").Where(f => !f.StartsWith("\"" + key + "\"", System.StringComparison.Ordinal)));
                }
            }

            CatalogError error = SingleError(Model(fields + ", " + extra));
            Assert.Contains(messagePart, error.Message);
            Assert.Contains("'m'", error.Message);
        }

        [Fact]
        public void Field_error_points_at_the_value()
        {
            string json = "{\"models\": [\n  {\n    \"name\": \"m\", \"provider\": \"p\",\n    \"contextWindow\": -5, \"maxOutput\": 1, \"encoding\": \"cl100k_base\"\n  }\n]}";
            CatalogError error = SingleError(json);
            Assert.Equal((4, 22), (error.Line, error.Column));
        }

        [Fact]
        public void All_errors_are_reported_not_only_the_first()
        {
            string json = "{\"models\": [{\"name\": \"a\", \"provider\": \"p\", \"contextWindow\": 0, \"maxOutput\": 1, \"encoding\": \"x\"},"
                + " {\"name\": \"b\", \"provider\": \"p\", \"contextWindow\": 10, \"maxOutput\": 1, \"encoding\": \"cl100k_base\", \"prices\": {\"input\": -2}}]}";
            CatalogParseResult result = ModelCatalogData.Parse(json, "c.json");
            Assert.Equal(3, result.Errors.Count);
            Assert.Contains(result.Errors, e => e.Message.StartsWith("Model 'a': 'contextWindow'", System.StringComparison.Ordinal));
            Assert.Contains(result.Errors, e => e.Message.StartsWith("Model 'a': unknown 'encoding'", System.StringComparison.Ordinal));
            Assert.Contains(result.Errors, e => e.Message.StartsWith("Model 'b': 'prices'.input", System.StringComparison.Ordinal));
        }

        [Fact]
        public void Names_aliases_and_families_must_be_unique_in_a_document()
        {
            string Entry(string name, string aliases, string families) =>
                "{\"name\": \"" + name + "\", \"provider\": \"p\", \"contextWindow\": 10, \"maxOutput\": 1, \"encoding\": \"cl100k_base\", \"aliases\": [" + aliases + "], \"families\": [" + families + "]}";
            Assert.Contains("alias 'A' is already used by model 'a'",
                SingleError("{\"models\": [" + Entry("a", "", "") + ", " + Entry("b", "\"A\"", "") + "]}").Message);
            Assert.Contains("name 'a' is already used by model 'a'",
                SingleError("{\"models\": [" + Entry("a", "", "") + ", " + Entry("a", "", "") + "]}").Message);
            Assert.Contains("family prefix 'x' is already used by model 'a'",
                SingleError("{\"models\": [" + Entry("a", "", "\"x\"") + ", " + Entry("b", "", "\"x\"") + "]}").Message);
        }

        [Fact]
        public void Approximate_model_reads_margin_and_note()
        {
            ModelEntry model = Ok(Model(Required + ", \"tokenizer\": \"approximate\", \"approximationMargin\": 0.25, \"approximationNote\": \"stand-in\"")).Models.Single();
            Assert.False(model.IsExact);
            Assert.Equal(0.25, model.ApproximationMargin);
            Assert.Equal("stand-in", model.ApproximationNote);
        }

        [Fact]
        public void Null_prices_mean_no_list_price()
        {
            ModelEntry model = Ok("{\"providers\": {\"p\": {\"pricesAsOf\": \"2025-01-01\"}}, \"models\": [{" + Required + ", \"prices\": null}]}").Models.Single();
            Assert.Null(model.Prices);
            Assert.Null(model.PricesAsOf);
        }

        [Fact]
        public void Model_level_price_date_overrides_the_provider_date()
        {
            ModelEntry model = Ok("{\"providers\": {\"p\": {\"pricesAsOf\": \"2025-01-01\"}}, \"models\": [{" + Required
                + ", \"prices\": {\"input\": 1}, \"pricesAsOf\": \"2025-03-04\"}]}").Models.Single();
            Assert.Equal("2025-03-04", model.PricesAsOf);
        }

        [Fact]
        public void Comment_members_are_ignored()
        {
            Assert.Single(Ok("{\"$comment\": \"x\", \"models\": [{\"$comment\": \"y\", " + Required + "}]}").Models);
        }
    }
}
