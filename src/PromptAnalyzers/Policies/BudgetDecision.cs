using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>
    /// What <see cref="BudgetEnforcer.CheckAsync"/> allows: the call as asked, or degraded (another model, a lower output
    /// cap). Make the call with <see cref="Model"/> and <see cref="MaxOutputTokens"/>, then charge it.
    /// </summary>
    public sealed class BudgetDecision
    {
        internal BudgetDecision(string model, int? maxOutputTokens, IReadOnlyList<string> degradedBy, long estimatedTokens, decimal? estimatedCost)
        {
            Model = model;
            MaxOutputTokens = maxOutputTokens;
            DegradedBy = degradedBy;
            EstimatedTokens = estimatedTokens;
            EstimatedCost = estimatedCost;
        }

        /// <summary>The model to call: the requested one, or a policy's <see cref="BudgetPolicy.FallbackModel"/>.</summary>
        public string Model { get; }

        /// <summary>The output cap to send: the requested one, or a policy's <see cref="BudgetPolicy.DegradedMaxOutputTokens"/> when lower.</summary>
        public int? MaxOutputTokens { get; }

        /// <summary>Whether a policy changed the call.</summary>
        public bool IsDegraded => DegradedBy.Count > 0;

        /// <summary>The names of the policies that changed the call, in the order they did.</summary>
        public IReadOnlyList<string> DegradedBy { get; }

        /// <summary>The tokens the allowed call may use at most: input + output cap (or the model's own output limit).</summary>
        public long EstimatedTokens { get; }

        /// <summary>The list-price cost of <see cref="EstimatedTokens"/> on <see cref="Model"/>; null when the model has no price.</summary>
        public decimal? EstimatedCost { get; }
    }
}
