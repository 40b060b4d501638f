using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PromptAnalyzers;
using PromptAnalyzers.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers PromptAnalyzers' counting, usage tracking and budget enforcement.</summary>
    public static class PromptBudgetingServiceCollectionExtensions
    {
        /// <summary>
        /// Registers, as singletons, everything <c>ChatClientBuilder.UseTokenBudget()</c> uses, configured with the options
        /// pattern (<see cref="IOptions{TOptions}"/> of <see cref="PromptBudgetingOptions"/>).
        /// </summary>
        /// <remarks>
        /// <para>Registered, each only when the application has not registered that service itself (so an application's
        /// <see cref="IUsageStore"/>, for example a Redis store, wins whether it is added before or after):
        /// <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/>); <see cref="ModelCatalog"/> (the built-in catalog
        /// extended with <see cref="PromptBudgetingOptions.CatalogPath"/> and <see cref="PromptBudgetingOptions.Models"/>);
        /// <see cref="CostEstimator"/>; <see cref="TokenCounterFactory"/>; <see cref="TokenCounter"/> (the default model's);
        /// <see cref="IUsageStore"/> (<see cref="InMemoryUsageStore"/>); <see cref="PromptBudgetMetrics"/> (on the
        /// application's <see cref="IMeterFactory"/> when one is registered, as hosts do; otherwise on a meter of its own);
        /// <see cref="UsageTracker"/>; <see cref="BudgetEnforcer"/> (with <see cref="PromptBudgetingOptions.Policies"/>).</para>
        /// <para>Calling it again adds another configuration; the services are registered once.</para>
        /// </remarks>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the options; null to keep the defaults (or to configure them elsewhere).</param>
        /// <returns><paramref name="services"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
        public static IServiceCollection AddPromptBudgeting(this IServiceCollection services, Action<PromptBudgetingOptions>? configure = null)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            services.AddOptions();
            if (configure is not null)
            {
                services.Configure(configure);
            }

            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(provider => BuildCatalog(Options(provider)));
            services.TryAddSingleton(provider => new CostEstimator(provider.GetRequiredService<ModelCatalog>()));
            services.TryAddSingleton(provider => new TokenCounterFactory(provider.GetRequiredService<ModelCatalog>(), Options(provider).DefaultModel));
            services.TryAddSingleton(provider => provider.GetRequiredService<TokenCounterFactory>().ForDefaultModel());
            services.TryAddSingleton<IUsageStore>(provider => new InMemoryUsageStore(provider.GetService<TimeProvider>()));
            services.TryAddSingleton(provider => new PromptBudgetMetrics(provider.GetService<IMeterFactory>()));
            services.TryAddSingleton(provider => new UsageTracker(
                provider.GetRequiredService<IUsageStore>(),
                provider.GetRequiredService<CostEstimator>(),
                Options(provider).Tracker,
                provider.GetService<TimeProvider>(),
                provider.GetRequiredService<PromptBudgetMetrics>()));
            services.TryAddSingleton(provider => new BudgetEnforcer(
                provider.GetRequiredService<UsageTracker>(),
                Options(provider).Policies,
                provider.GetRequiredService<PromptBudgetMetrics>()));
            return services;
        }

        private static PromptBudgetingOptions Options(IServiceProvider provider) =>
            provider.GetRequiredService<IOptions<PromptBudgetingOptions>>().Value;

        private static ModelCatalog BuildCatalog(PromptBudgetingOptions options)
        {
            ModelCatalog catalog = ModelCatalog.Default;
            if (!string.IsNullOrEmpty(options.CatalogPath))
            {
                catalog = catalog.WithJsonFile(options.CatalogPath!);
            }

            foreach (ModelInfo model in options.Models)
            {
                catalog = catalog.WithModel(model ?? throw new InvalidOperationException("PromptBudgetingOptions.Models holds a null model."));
            }

            return catalog;
        }
    }
}
