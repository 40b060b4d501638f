using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    public class DependencyInjectionTests
    {
        private static readonly ModelInfo Tiny = new ModelInfo(
            "tiny-test", "openai", contextWindow: 400, maxOutput: 100, encoding: "o200k_base", pricing: new ModelPricing(1m, 2m));

        [Fact]
        public void AddPromptBudgeting_registers_every_service_wired_together()
        {
            var services = new ServiceCollection();
            services.AddMetrics();
            services.AddSingleton<TimeProvider>(FixedTimeProvider.Noon);
            services.AddPromptBudgeting(o =>
            {
                o.DefaultModel = "tiny-test";
                o.Models.Add(Tiny);
                o.Policies.Add(new BudgetPolicy("app-daily") { MaxTokens = 1_000 });
                o.Tracker.HourRetention = TimeSpan.FromDays(9);
            });
            using ServiceProvider provider = services.BuildServiceProvider();

            ModelCatalog catalog = provider.GetRequiredService<ModelCatalog>();
            Assert.Equal(400, catalog.Get("tiny-test").ContextWindow);
            Assert.NotNull(catalog.Find("gpt-4o"));
            Assert.Same(catalog, provider.GetRequiredService<CostEstimator>().Catalog);
            Assert.Equal("tiny-test", provider.GetRequiredService<TokenCounter>().Model!.Name);
            Assert.Equal("gpt-4o", provider.GetRequiredService<TokenCounterFactory>().ForModel("gpt-4o").Model!.Name);

            IUsageStore store = provider.GetRequiredService<IUsageStore>();
            Assert.IsType<InMemoryUsageStore>(store);
            UsageTracker tracker = provider.GetRequiredService<UsageTracker>();
            Assert.Same(store, tracker.Store);
            Assert.Same(FixedTimeProvider.Noon, tracker.TimeProvider);
            Assert.Same(provider.GetRequiredService<CostEstimator>(), tracker.CostEstimator);

            BudgetEnforcer enforcer = provider.GetRequiredService<BudgetEnforcer>();
            Assert.Same(tracker, enforcer.Tracker);
            Assert.Equal(new[] { "app-daily" }, enforcer.Policies.Select(p => p.Name));

            PromptBudgetMetrics metrics = provider.GetRequiredService<PromptBudgetMetrics>();
            Assert.Same(provider.GetRequiredService<IMeterFactory>(), metrics.Meter.Scope);
            Assert.Equal(TimeSpan.FromDays(9), provider.GetRequiredService<IOptions<PromptBudgetingOptions>>().Value.Tracker.HourRetention);
        }

        [Fact]
        public void An_applications_own_usage_store_wins_whether_registered_before_or_after()
        {
            var before = new ServiceCollection();
            var custom = new InMemoryUsageStore();
            before.AddSingleton<IUsageStore>(custom);
            before.AddPromptBudgeting();
            using ServiceProvider first = before.BuildServiceProvider();
            Assert.Same(custom, first.GetRequiredService<UsageTracker>().Store);

            var after = new ServiceCollection();
            after.AddPromptBudgeting();
            after.AddSingleton<IUsageStore>(custom);
            using ServiceProvider second = after.BuildServiceProvider();
            Assert.Same(custom, second.GetRequiredService<UsageTracker>().Store);
        }

        [Fact]
        public void Without_an_IMeterFactory_the_metrics_get_a_meter_of_their_own_and_TimeProvider_is_the_system_clock()
        {
            var services = new ServiceCollection();
            services.AddPromptBudgeting();
            using ServiceProvider provider = services.BuildServiceProvider();

            Assert.Null(provider.GetRequiredService<PromptBudgetMetrics>().Meter.Scope);
            Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
            Assert.Empty(provider.GetRequiredService<BudgetEnforcer>().Policies);
        }

        [Fact]
        public void The_catalog_file_extends_the_built_in_catalog()
        {
            string path = Path.Combine(Path.GetTempPath(), "promptanalyzers-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, "{ \"models\": [ { \"name\": \"file-model\", \"provider\": \"openai\", \"contextWindow\": 1000, \"maxOutput\": 200, \"encoding\": \"cl100k_base\" } ] }");
            try
            {
                var services = new ServiceCollection();
                services.AddPromptBudgeting(o => o.CatalogPath = path);
                using ServiceProvider provider = services.BuildServiceProvider();

                ModelCatalog catalog = provider.GetRequiredService<ModelCatalog>();
                Assert.Equal(1000, catalog.Get("file-model").ContextWindow);
                Assert.NotNull(catalog.Find("gpt-4o"));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Asking_for_the_default_counter_without_a_default_model_fails_clearly()
        {
            var services = new ServiceCollection();
            services.AddPromptBudgeting();
            using ServiceProvider provider = services.BuildServiceProvider();

            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<TokenCounter>());
            Assert.Contains("DefaultModel", error.Message);
        }

        [Fact]
        public async Task UseTokenBudget_picks_up_the_registered_services_and_options()
        {
            var inner = new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 70, OutputTokenCount = 30 });
            var logs = new CapturingLoggerFactory();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(FixedTimeProvider.Noon);
            services.AddSingleton<ILoggerFactory>(logs);
            services.AddPromptBudgeting(o =>
            {
                o.DefaultModel = "tiny-test";
                o.ReservedOutputTokens = 40;
                o.Models.Add(Tiny);
                o.Policies.Add(new BudgetPolicy("alice-daily") { Key = UsageKey.User("alice"), MaxTokens = 150 });
            });
            services.AddChatClient(inner).UseTokenBudget();
            using ServiceProvider provider = services.BuildServiceProvider();
            IChatClient client = provider.GetRequiredService<IChatClient>();
            ChatOptions Alice() => new ChatOptions().WithUsageKeys(UsageKey.User("alice"));

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), Alice());

            Assert.Equal("tiny-test", inner.LastCall.ModelId);
            Assert.Equal(40, inner.LastCall.MaxOutputTokens);
            UsageTotals totals = await provider.GetRequiredService<UsageTracker>().GetTotalsAsync(UsageKey.User("alice"), null, UsageWindow.Day);
            Assert.Equal(100, totals.TotalTokens);
            Assert.Contains(logs.Entries, e => e.Category == typeof(TokenBudgetChatClient).FullName);

            // 100 used + about 30 input + 40 output > 150: the registered policy rejects the next call.
            await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(TokenBudgetChatClientTests.Question(), Alice()));
            Assert.Single(inner.Calls);
        }
    }
}
