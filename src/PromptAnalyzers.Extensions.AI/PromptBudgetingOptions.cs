using System.Collections.Generic;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>The settings of <c>services.AddPromptBudgeting(...)</c> (read through <c>IOptions&lt;PromptBudgetingOptions&gt;</c>).</summary>
    public sealed class PromptBudgetingOptions
    {
        /// <summary>
        /// The model of the registered <see cref="TokenCounter"/> and of chat calls that name none
        /// (<see cref="TokenBudgetChatClientOptions.DefaultModel"/>); null for none.
        /// </summary>
        public string? DefaultModel { get; set; }

        /// <summary>The output tokens chat calls keep free (<see cref="TokenBudgetChatClientOptions.ReservedOutputTokens"/>); null for the default.</summary>
        public int? ReservedOutputTokens { get; set; }

        /// <summary>
        /// A model catalog JSON file (the format of <see cref="ModelCatalog.WithJsonFile"/>) that extends or overrides the
        /// built-in catalog; null for none.
        /// </summary>
        public string? CatalogPath { get; set; }

        /// <summary>Models added to the catalog (or replacing the models of the same name), after <see cref="CatalogPath"/>.</summary>
        public IList<ModelInfo> Models { get; } = new List<ModelInfo>();

        /// <summary>The budget policies the registered <see cref="BudgetEnforcer"/> enforces.</summary>
        public IList<BudgetPolicy> Policies { get; } = new List<BudgetPolicy>();

        /// <summary>The settings of the registered <see cref="UsageTracker"/> (retention, cost options).</summary>
        public UsageTrackerOptions Tracker { get; set; } = new UsageTrackerOptions();
    }
}
