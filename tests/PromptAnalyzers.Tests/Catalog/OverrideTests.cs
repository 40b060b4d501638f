using System.Linq;
using PromptAnalyzers.Internal.Catalog;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class OverrideTests
    {
        private static ModelCatalogData ParseOver(string json)
        {
            CatalogParseResult result = ModelCatalogData.Parse(json, "overrides.json", ModelCatalogData.Builtin);
            Assert.True(result.Success, string.Join("\n", result.Errors));
            return ModelCatalogData.Builtin.WithOverrides(result.Catalog!);
        }

        private static ModelEntry Resolve(ModelCatalogData catalog, string name)
        {
            Assert.True(catalog.TryResolve(name, out ModelEntry model), name);
            return model;
        }

        [Fact]
        public void Partial_entry_changes_only_the_fields_it_gives()
        {
            ModelCatalogData merged = ParseOver("{\"models\": [{\"name\": \"GPT-4o\", \"maxOutput\": 4096}]}");
            ModelEntry original = Resolve(ModelCatalogData.Builtin, "gpt-4o");
            ModelEntry model = Resolve(merged, "gpt-4o-2024-08-06");
            Assert.Equal("gpt-4o", model.Name);
            Assert.Equal(4096, model.MaxOutput);
            Assert.Equal(original.ContextWindow, model.ContextWindow);
            Assert.Equal(original.Encoding, model.Encoding);
            Assert.Equal(original.Prices, model.Prices);
            Assert.Equal(original.PricesAsOf, model.PricesAsOf);
            Assert.Equal(original.Aliases, model.Aliases);
            Assert.Equal(ModelCatalogData.Builtin.Models.Count, merged.Models.Count);
            Assert.Equal(ModelCatalogData.Builtin.AsOf, merged.AsOf);
        }

        [Fact]
        public void Partial_entry_by_alias_overrides_the_canonical_model()
        {
            ModelCatalogData merged = ParseOver("{\"models\": [{\"name\": \"gpt-4o-latest\", \"contextWindow\": 64000}]}");
            Assert.Equal(64000, Resolve(merged, "gpt-4o").ContextWindow);
            Assert.Equal(ModelCatalogData.Builtin.Models.Count, merged.Models.Count);
        }

        [Fact]
        public void New_prices_take_their_date_from_the_override_document_not_the_builtin()
        {
            ModelCatalogData merged = ParseOver("{\"models\": [{\"name\": \"gpt-4o\", \"prices\": {\"input\": 2, \"output\": 8}}]}");
            ModelEntry model = Resolve(merged, "gpt-4o");
            Assert.Equal(2m, model.Prices!.Input);
            Assert.Null(model.Prices.CachedInput);
            Assert.Null(model.PricesAsOf);
            Assert.Null(model.PricesSource);

            ModelCatalogData dated = ParseOver("{\"providers\": {\"openai\": {\"pricesAsOf\": \"2026-01-01\"}}, \"models\": [{\"name\": \"gpt-4o\", \"prices\": {\"input\": 2}}]}");
            Assert.Equal("2026-01-01", Resolve(dated, "gpt-4o").PricesAsOf);
        }

        [Fact]
        public void Partial_approximation_margin_keeps_the_stand_in_encoding_and_note()
        {
            ModelCatalogData merged = ParseOver("{\"models\": [{\"name\": \"claude-sonnet-4\", \"approximationMargin\": 0.5}]}");
            ModelEntry model = Resolve(merged, "claude-sonnet-4-20250514");
            Assert.Equal(0.5, model.ApproximationMargin);
            Assert.Equal("cl100k_base", model.Encoding);
            Assert.Equal(Resolve(ModelCatalogData.Builtin, "claude-sonnet-4").ApproximationNote, model.ApproximationNote);
        }

        [Fact]
        public void Switching_to_tiktoken_drops_the_approximation()
        {
            ModelCatalogData merged = ParseOver("{\"models\": [{\"name\": \"llama-3\", \"tokenizer\": \"tiktoken\", \"encoding\": \"o200k_base\"}]}");
            ModelEntry model = Resolve(merged, "llama-3");
            Assert.True(model.IsExact);
            Assert.Null(model.ApproximationNote);
            Assert.Equal("o200k_base", model.Encoding);
        }

        [Fact]
        public void Extends_starts_a_new_model_from_a_known_one()
        {
            ModelCatalogData merged = ParseOver("""
                { "models": [
                  { "name": "contoso-chat", "extends": "gpt-4o-mini-2024-07-18", "families": ["contoso-chat"],
                    "prices": { "input": 0.30, "output": 1.20 }, "pricesAsOf": "2025-09-01" }
                ] }
                """);
            ModelEntry model = Resolve(merged, "contoso-chat-eu");
            ModelEntry basis = Resolve(ModelCatalogData.Builtin, "gpt-4o-mini");
            Assert.Equal("contoso-chat", model.Name);
            Assert.Equal((basis.ContextWindow, basis.MaxOutput, basis.Encoding, basis.Provider), (model.ContextWindow, model.MaxOutput, model.Encoding, model.Provider));
            Assert.Empty(model.Aliases);
            Assert.Equal(1.20m, model.Prices!.Output);
            Assert.Equal("2025-09-01", model.PricesAsOf);
            Assert.Same(basis, Resolve(merged, "gpt-4o-mini"));
            Assert.Equal(ModelCatalogData.Builtin.Models.Count + 1, merged.Models.Count);
        }

        [Fact]
        public void Extends_of_an_unknown_model_suggests_names()
        {
            CatalogParseResult result = ModelCatalogData.Parse("{\"models\": [{\"name\": \"x\", \"extends\": \"gpt4o\"}]}", "o.json", ModelCatalogData.Builtin);
            CatalogError error = Assert.Single(result.Errors);
            Assert.Contains("'extends' names unknown model 'gpt4o' (did you mean 'gpt-4o'", error.Message);
        }

        [Fact]
        public void Partial_entry_for_an_unknown_model_is_an_error()
        {
            CatalogParseResult result = ModelCatalogData.Parse("{\"models\": [{\"name\": \"my-model\", \"maxOutput\": 10}]}", "o.json", ModelCatalogData.Builtin);
            Assert.False(result.Success);
            Assert.Contains(result.Errors, e => e.Message.Contains("Model 'my-model' has no 'contextWindow' (only entries that name a known model", System.StringComparison.Ordinal));
        }

        [Fact]
        public void Override_that_breaks_a_limit_is_caught()
        {
            CatalogParseResult result = ModelCatalogData.Parse("{\"models\": [{\"name\": \"gpt-4\", \"maxOutput\": 9000}]}", "o.json", ModelCatalogData.Builtin);
            CatalogError error = Assert.Single(result.Errors);
            Assert.Contains("Model 'gpt-4': 'maxOutput' (9000) exceeds 'contextWindow' (8192)", error.Message);
        }

        [Fact]
        public void Custom_names_aliases_and_families_win_over_builtin_ones()
        {
            ModelCatalogData merged = ParseOver("""
                { "models": [
                  { "name": "my-4o", "provider": "azure", "aliases": ["gpt-4o-latest"], "families": ["gpt-4o"],
                    "contextWindow": 100000, "maxOutput": 1000, "encoding": "o200k_base" }
                ] }
                """);
            Assert.Equal("my-4o", Resolve(merged, "gpt-4o-latest").Name);
            Assert.Equal("my-4o", Resolve(merged, "gpt-4o-2024-08-06").Name);
            Assert.Equal("gpt-4o", Resolve(merged, "gpt-4o").Name);
            Assert.Equal("gpt-4o-mini", Resolve(merged, "gpt-4o-mini-2024-07-18").Name);
        }

        [Fact]
        public void Overrides_do_not_change_the_builtin_catalog()
        {
            int before = ModelCatalogData.Builtin.Models.Count;
            ParseOver("{\"models\": [{\"name\": \"gpt-4o\", \"maxOutput\": 1}, {\"name\": \"new\", \"provider\": \"p\", \"contextWindow\": 10, \"maxOutput\": 1, \"encoding\": \"cl100k_base\"}]}");
            Assert.Equal(before, ModelCatalogData.Builtin.Models.Count);
            Assert.Equal(16384, Resolve(ModelCatalogData.Builtin, "gpt-4o").MaxOutput);
            Assert.False(ModelCatalogData.Builtin.TryResolve("new", out _));
        }

        [Fact]
        public void Legacy_constructor_still_builds_an_exact_entry()
        {
            var entry = new ModelEntry("m", "p", 100, 10, "cl100k_base", 0);
            ModelCatalogData merged = ModelCatalogData.Builtin.WithModel(entry);
            Assert.Same(entry, Resolve(merged, "M"));
            Assert.True(entry.IsExact);
            Assert.Null(entry.MaxInput);
            Assert.Equal(100, entry.InputLimit);
            Assert.Empty(entry.Aliases);
            Assert.Contains(merged.Models, m => m.Name == "gpt-4o");
            Assert.Equal(merged.Models.Select(m => m.Name).Distinct().Count(), merged.Models.Count);
        }
    }
}
