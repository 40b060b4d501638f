using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromptAnalyzers;
using PromptAnalyzers.Extensions.AI;

namespace Microsoft.Extensions.AI
{
    /// <summary>Adds <see cref="TokenBudgetChatClient"/> to a chat-client pipeline.</summary>
    public static class TokenBudgetChatClientBuilderExtensions
    {
        /// <summary>
        /// Adds a <see cref="TokenBudgetChatClient"/> to the pipeline: each call is fitted into its model's window, its output
        /// is capped, it is checked against the budget policies, and its usage is recorded.
        /// </summary>
        /// <remarks>
        /// <para>When the pipeline is built, the services registered in the builder's <see cref="IServiceProvider"/> (by
        /// <c>services.AddPromptBudgeting(...)</c> or by the application) fill the options first: <see cref="ModelCatalog"/>,
        /// <see cref="BudgetEnforcer"/>, <see cref="UsageTracker"/> (with the <see cref="PromptBudgetMetrics"/> it records into),
        /// <see cref="ILoggerFactory"/>, and the default model, reserved output and cached-token convention of
        /// <see cref="PromptBudgetingOptions"/>. Then <paramref name="configure"/> runs and may change any of them (set
        /// <see cref="TokenBudgetChatClientOptions.Enforcer"/> to null to only record, for example).</para>
        /// <para>Call it before <c>UseOpenTelemetry()</c>, so the telemetry client sits inside and sees the request as sent
        /// (fitted, capped, possibly on the fallback model); token usage is then reported by that client only.</para>
        /// </remarks>
        /// <param name="builder">The pipeline builder.</param>
        /// <param name="configure">Changes the options of the client; null to keep what the services give.</param>
        /// <returns><paramref name="builder"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static ChatClientBuilder UseTokenBudget(this ChatClientBuilder builder, Action<TokenBudgetChatClientOptions>? configure = null)
        {
            if (builder is null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            return builder.Use((innerClient, services) =>
            {
                var options = new TokenBudgetChatClientOptions
                {
                    Catalog = services.GetService<ModelCatalog>(),
                    Enforcer = services.GetService<BudgetEnforcer>(),
                    Tracker = services.GetService<UsageTracker>(),
                    LoggerFactory = services.GetService<ILoggerFactory>(),
                };
                if (services.GetService<IOptions<PromptBudgetingOptions>>()?.Value is { } budgeting)
                {
                    options.DefaultModel = budgeting.DefaultModel;
                    options.ReservedOutputTokens = budgeting.ReservedOutputTokens;
                    options.TrackerCachedTokens = budgeting.Tracker?.CostOptions?.CachedTokens;
                }

                configure?.Invoke(options);
                return new TokenBudgetChatClient(innerClient, options);
            });
        }
    }
}
