namespace PromptAnalyzers
{
    /// <summary>How one call is recorded by <see cref="UsageTracker.RecordAsync(string, TokenUsage, System.Collections.Generic.IEnumerable{UsageKey}, UsageRecordOptions, System.Threading.CancellationToken)"/>.</summary>
    public sealed class UsageRecordOptions
    {
        /// <summary>The model that answered (<c>gen_ai.response.model</c>), when the provider says; null when not known.</summary>
        public string? ResponseModel { get; set; }

        /// <summary>
        /// Whether this call's tokens go to <see cref="GenAiTelemetry.TokenUsageMetric"/> (default true). False for a call
        /// whose token usage another instrument already reports, such as Microsoft.Extensions.AI's
        /// <c>OpenTelemetryChatClient</c>; its cost is still counted. <see cref="PromptBudgetMetrics.ReportTokenUsage"/>
        /// false turns the metric off for every call.
        /// </summary>
        public bool ReportTokenUsage { get; set; } = true;
    }
}
