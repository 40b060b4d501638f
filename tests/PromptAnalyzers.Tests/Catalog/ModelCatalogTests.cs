using System;
using System.IO;
using System.Linq;
using Xunit;

namespace PromptAnalyzers.Tests.Catalog
{
    public class ModelCatalogTests
    {
        [Fact]
        public void Default_exposes_the_builtin_models()
        {
            ModelCatalog catalog = ModelCatalog.Default;
            Assert.Same(catalog, ModelCatalog.Default);
            Assert.Equal(new DateTime(2025, 8, 15), catalog.AsOf);
            ModelInfo gpt5 = catalog.Get("gpt-5");
            Assert.Equal(("gpt-5", "openai", 400_000, (int?)272_000, 128_000, "o200k_base"),
                (gpt5.Name, gpt5.Provider, gpt5.ContextWindow, gpt5.MaxInput, gpt5.MaxOutput, gpt5.Encoding));
            Assert.True(gpt5.IsExactTokenizer);
            Assert.Equal(0, gpt5.ApproximationMargin);
            Assert.Null(gpt5.ApproximationNote);
            ModelPricing pricing = gpt5.Pricing!;
            Assert.Equal((1.25m, (decimal?)0.125m, (decimal?)10m, (decimal?)0.5m), (pricing.Input, pricing.CachedInput, pricing.Output, pricing.BatchDiscount));
            Assert.Equal(new DateTime(2025, 8, 15), pricing.PricesAsOf);
            Assert.Equal("openai.com", pricing.Source!.Host);
            Assert.Contains(catalog.Models, m => m.Name == "claude-3-opus");
        }

        [Fact]
        public void Approximate_models_carry_margin_and_note()
        {
            ModelInfo claude = ModelCatalog.Default.Get("claude-sonnet-4-20250514");
            Assert.False(claude.IsExactTokenizer);
            Assert.Equal(0.3, claude.ApproximationMargin);
            Assert.Equal("cl100k_base", claude.Encoding);
            Assert.Contains("not public", claude.ApproximationNote);
            Assert.Equal(6m, claude.Pricing!.LongContext!.Input);
            Assert.Equal(3.75m, claude.Pricing.CacheWrite);
            Assert.Null(ModelCatalog.Default.Get("llama-3.1").Pricing);
        }

        [Fact]
        public void Find_and_TryGet_resolve_or_return_nothing()
        {
            Assert.Equal("gpt-4o-mini", ModelCatalog.Default.Find("ft:gpt-4o-mini:org::id")!.Name);
            Assert.Null(ModelCatalog.Default.Find("no-such-model"));
            Assert.True(ModelCatalog.Default.TryGet("GPT-4.1-MINI-2025-04-14", out ModelInfo? model));
            Assert.Equal("gpt-4.1-mini", model!.Name);
            Assert.False(ModelCatalog.Default.TryGet("gpt-9", out model));
            Assert.Null(model);
            Assert.Same(ModelCatalog.Default.Get("gpt-4o"), ModelCatalog.Default.Get("gpt-4o-2024-11-20"));
        }

        [Fact]
        public void Get_of_an_unknown_model_names_it_and_suggests()
        {
            var ex = Assert.Throws<UnknownModelException>(() => ModelCatalog.Default.Get("gpt4o-mini"));
            Assert.Equal("gpt4o-mini", ex.ModelName);
            Assert.Equal("gpt-4o-mini", ex.Suggestions[0]);
            Assert.StartsWith("Unknown model 'gpt4o-mini'. Did you mean 'gpt-4o-mini'", ex.Message);
            Assert.IsAssignableFrom<System.Collections.Generic.KeyNotFoundException>(ex);

            var none = Assert.Throws<UnknownModelException>(() => ModelCatalog.Default.Get("mistral-large"));
            Assert.Empty(none.Suggestions);
            Assert.DoesNotContain("Did you mean", none.Message);
            Assert.Throws<ArgumentNullException>(() => ModelCatalog.Default.Get(null!));
        }

        [Fact]
        public void WithModel_adds_and_overrides_without_touching_the_original()
        {
            var mine = new ModelInfo("contoso-gpt", "azure", 64_000, 4_000, "o200k_base",
                pricing: new ModelPricing(1m, 2m, pricesAsOf: new DateTime(2025, 9, 1, 13, 0, 0)),
                familyPrefixes: new[] { "contoso-gpt" });
            ModelCatalog catalog = ModelCatalog.Default
                .WithModel(mine)
                .WithModel("gpt-4o", m => m.WithMaxOutput(2_048));
            Assert.Equal(mine, catalog.Get("contoso-gpt-eu"));
            Assert.Equal(new DateTime(2025, 9, 1), catalog.Get("contoso-gpt").Pricing!.PricesAsOf);
            Assert.Equal(2_048, catalog.Get("gpt-4o").MaxOutput);
            Assert.Equal(ModelCatalog.Default.Get("gpt-4o").Pricing, catalog.Get("gpt-4o").Pricing);
            Assert.Equal(16_384, ModelCatalog.Default.Get("gpt-4o").MaxOutput);
            Assert.Null(ModelCatalog.Default.Find("contoso-gpt"));
            Assert.Equal(ModelCatalog.Default.Models.Count + 1, catalog.Models.Count);
        }

        [Fact]
        public void ModelInfo_validates_its_arguments()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInfo("m", "p", 0, 0, "cl100k_base"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInfo("m", "p", 100, 101, "cl100k_base"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInfo("m", "p", 100, 10, "cl100k_base", maxInput: 101));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInfo("m", "p", 100, 10, "cl100k_base", approximationMargin: -0.1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInfo("m", "p", 100, 10, "cl100k_base", approximationMargin: double.NaN));
            Assert.Throws<ArgumentException>(() => new ModelInfo("m", "p", 100, 10, "cl100k_base", approximationNote: "exact models have no note"));
            Assert.Throws<ArgumentException>(() => new ModelInfo(" ", "p", 100, 10, "cl100k_base"));
            Assert.Throws<ArgumentNullException>(() => new ModelInfo(null!, "p", 100, 10, "cl100k_base"));
            var badEncoding = Assert.Throws<ArgumentException>(() => new ModelInfo("m", "p", 100, 10, "gpt2"));
            Assert.Contains("unknown encoding 'gpt2'", badEncoding.Message);
            var shrink = Assert.Throws<ArgumentOutOfRangeException>(() => ModelCatalog.Default.Get("gpt-4o").WithContextWindow(1_000));
            Assert.Contains("gpt-4o", shrink.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelPricing(-1m, 1m));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ModelPricing(1m, 1m, batchDiscount: 1m));
            Assert.Throws<ArgumentOutOfRangeException>(() => new LongContextPricing(0, 1m, 1m));
        }

        [Fact]
        public void Approximate_model_without_note_gets_a_stated_one()
        {
            var model = new ModelInfo("m", "p", 100, 10, "cl100k_base", approximationMargin: 0.25);
            Assert.False(model.IsExactTokenizer);
            Assert.Equal("Counted with cl100k_base plus a 25% margin; cl100k_base is not the model's own tokenizer.", model.ApproximationNote);
            Assert.Equal("m (100 window, 10 out, cl100k_base +25% approximation)", model.ToString());
        }

        [Fact]
        public void WithName_drops_aliases_and_families()
        {
            ModelInfo renamed = ModelCatalog.Default.Get("gpt-4o").WithName("my-4o");
            Assert.Empty(renamed.Aliases);
            Assert.Empty(renamed.FamilyPrefixes);
            ModelCatalog catalog = ModelCatalog.Default.WithModel(renamed);
            Assert.Equal("gpt-4o", catalog.Get("gpt-4o-2024-08-06").Name);
            Assert.Equal("my-4o", catalog.Get("MY-4O").Name);
        }

        [Fact]
        public void FromJson_reads_a_standalone_catalog()
        {
            ModelCatalog catalog = ModelCatalog.FromJson("{\"asOf\": \"2025-10-01\", \"models\": [{\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"cl100k_base\"}]}");
            Assert.Equal(new DateTime(2025, 10, 1), catalog.AsOf);
            Assert.Single(catalog.Models);
            Assert.Null(catalog.Find("gpt-4o"));
            Assert.Null(ModelCatalog.FromJson("{\"models\": []}").AsOf);
        }

        [Fact]
        public void FromJson_errors_carry_line_and_column()
        {
            var ex = Assert.Throws<ModelCatalogException>(() => ModelCatalog.FromJson("{\n  \"models\": [\n    { \"name\": \"m\" ]\n}", "mine.json"));
            Assert.Equal(("mine.json", 3, 19), (ex.SourceName, ex.Line, ex.Column));
            Assert.StartsWith("Invalid model catalog: mine.json(3,19): Expected ',' or '}'", ex.Message);
            Assert.IsAssignableFrom<FormatException>(ex);
        }

        [Fact]
        public void FromJson_lists_every_validation_problem()
        {
            var ex = Assert.Throws<ModelCatalogException>(() => ModelCatalog.FromJson(
                "{\"models\": [{\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": -1, \"maxOutput\": 100, \"encoding\": \"r50k_base\"}]}"));
            Assert.Equal(2, ex.Errors.Count);
            Assert.Contains("2 problems", ex.Message);
            Assert.All(ex.Errors, e => Assert.StartsWith("catalog.json(1,", e));
            Assert.Contains(ex.Errors, e => e.Contains("Model 'm': 'contextWindow'"));
            Assert.Contains(ex.Errors, e => e.Contains("Model 'm': unknown 'encoding' \"r50k_base\""));
            Assert.Throws<ArgumentNullException>(() => ModelCatalog.FromJson(null!));
        }

        [Fact]
        public void WithJson_overrides_and_extends_the_catalog()
        {
            ModelCatalog catalog = ModelCatalog.Default.WithJson("""
                { "models": [
                  { "name": "gpt-4o", "maxOutput": 8000 },
                  { "name": "support-bot", "extends": "claude-sonnet-4", "maxOutput": 8000 }
                ] }
                """);
            Assert.Equal(8000, catalog.Get("gpt-4o").MaxOutput);
            ModelInfo bot = catalog.Get("support-bot");
            Assert.Equal(("anthropic", 200_000, 0.3), (bot.Provider, bot.ContextWindow, bot.ApproximationMargin));
            Assert.Equal(ModelCatalog.Default.Get("claude-sonnet-4").Pricing, bot.Pricing);
            var ex = Assert.Throws<ModelCatalogException>(() => ModelCatalog.Default.WithJson("{\"models\": [{\"name\": \"x\", \"extends\": \"nope\"}]}", "o.json"));
            Assert.Equal("o.json", ex.SourceName);
            Assert.Contains("unknown model 'nope'", ex.Message);
        }

        [Fact]
        public void Load_reads_a_file_and_names_it_in_errors()
        {
            string dir = Path.Combine(Path.GetTempPath(), "pa-catalog-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string good = Path.Combine(dir, "good.json");
                File.WriteAllText(good, "{\"models\": [{\"name\": \"m\", \"provider\": \"p\", \"contextWindow\": 1000, \"maxOutput\": 100, \"encoding\": \"o200k_base\"}]}");
                Assert.Equal("o200k_base", ModelCatalog.Load(good).Get("m").Encoding);

                string bad = Path.Combine(dir, "bad.json");
                File.WriteAllText(bad, "{\"models\": [}");
                var ex = Assert.Throws<ModelCatalogException>(() => ModelCatalog.Load(bad));
                Assert.Equal((bad, 1, 13), (ex.SourceName, ex.Line, ex.Column));
                Assert.Throws<FileNotFoundException>(() => ModelCatalog.Load(Path.Combine(dir, "missing.json")));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void WithOverrides_merges_catalogs()
        {
            ModelCatalog custom = ModelCatalog.FromJson("{\"models\": [{\"name\": \"gpt-4\", \"provider\": \"openai\", \"contextWindow\": 32768, \"maxOutput\": 8192, \"encoding\": \"cl100k_base\"}]}");
            ModelCatalog merged = ModelCatalog.Default.WithOverrides(custom);
            Assert.Equal(32768, merged.Get("gpt-4").ContextWindow);
            Assert.Null(merged.Get("gpt-4").Pricing);
            Assert.Equal(ModelCatalog.Default.Models.Count, merged.Models.Count);
            Assert.Equal(ModelCatalog.Default.AsOf, merged.AsOf);
        }

        [Fact]
        public void Values_round_trip_between_public_and_internal_models()
        {
            foreach (ModelInfo model in ModelCatalog.Default.Models)
            {
                ModelInfo again = ModelCatalog.Empty.WithModel(model).Get(model.Name);
                Assert.Equal(model, again);
                Assert.Equal(model.Pricing, again.Pricing);
            }

            Assert.Equal(
                ModelCatalog.Default.Models.Select(m => m.Name),
                PromptAnalyzers.Internal.Catalog.ModelCatalogData.Builtin.Models.Select(m => m.Name));
        }
    }
}
