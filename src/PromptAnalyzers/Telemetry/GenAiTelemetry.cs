namespace PromptAnalyzers
{
    /// <summary>
    /// Every metric, attribute and value name PromptAnalyzers reports, in one place. The <c>gen_ai.*</c> names follow the
    /// OpenTelemetry semantic conventions for generative AI clients; the project's own instruments and attributes carry
    /// the <c>promptanalyzers.</c> prefix.
    /// </summary>
    /// <remarks>
    /// Usage keys (user, role and project ids) never become attributes: their cardinality is unbounded. Attribute values
    /// are model names, provider names, policy names, window and limit kinds, and thresholds, all of them bounded by the
    /// application's configuration.
    /// </remarks>
    public static class GenAiTelemetry
    {
        /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> used when no meter factory is given.</summary>
        public const string MeterName = "PromptAnalyzers";

        // ---- OpenTelemetry GenAI semantic conventions -------------------------------------------------------------

        /// <summary>OpenTelemetry: histogram of the tokens used per call, one measurement per token type.</summary>
        public const string TokenUsageMetric = "gen_ai.client.token.usage";

        /// <summary>The unit of <see cref="TokenUsageMetric"/>.</summary>
        public const string TokenUsageUnit = "{token}";

        /// <summary>The description of <see cref="TokenUsageMetric"/>, as the conventions word it.</summary>
        public const string TokenUsageDescription = "Measures number of input and output tokens used";

        /// <summary>OpenTelemetry: the type of tokens a <see cref="TokenUsageMetric"/> measurement counts.</summary>
        public const string TokenTypeAttribute = "gen_ai.token.type";

        /// <summary>The <see cref="TokenTypeAttribute"/> of prompt tokens (cache reads and writes included).</summary>
        public const string InputTokenType = "input";

        /// <summary>The <see cref="TokenTypeAttribute"/> of completion tokens (reasoning included).</summary>
        public const string OutputTokenType = "output";

        /// <summary>OpenTelemetry: the name of the operation.</summary>
        public const string OperationNameAttribute = "gen_ai.operation.name";

        /// <summary>The <see cref="OperationNameAttribute"/> of a chat completion.</summary>
        public const string ChatOperation = "chat";

        /// <summary>OpenTelemetry: the generative AI provider (<c>openai</c>, <c>anthropic</c>, ...).</summary>
        public const string ProviderNameAttribute = "gen_ai.provider.name";

        /// <summary>OpenTelemetry: the model a request asked for.</summary>
        public const string RequestModelAttribute = "gen_ai.request.model";

        /// <summary>OpenTelemetry: the model that generated the response.</summary>
        public const string ResponseModelAttribute = "gen_ai.response.model";

        // ---- PromptAnalyzers instruments --------------------------------------------------------------------------

        /// <summary>Counter of the list-price cost of recorded calls, in US dollars (calls to unpriced models add nothing).</summary>
        public const string CostMetric = "promptanalyzers.usage.cost";

        /// <summary>The unit of <see cref="CostMetric"/>.</summary>
        public const string CostUnit = "USD";

        /// <summary>Counter of calls a budget policy rejected.</summary>
        public const string RejectionsMetric = "promptanalyzers.budget.rejections";

        /// <summary>The unit of <see cref="RejectionsMetric"/>.</summary>
        public const string RejectionsUnit = "{rejection}";

        /// <summary>Counter of budget alerts raised (one per policy, scope, window and threshold crossed).</summary>
        public const string AlertsMetric = "promptanalyzers.budget.alerts";

        /// <summary>The unit of <see cref="AlertsMetric"/>.</summary>
        public const string AlertsUnit = "{alert}";

        /// <summary>Counter of calls a budget policy degraded (fallback model, output cap, or both), one per policy that degraded it.</summary>
        public const string DegradationsMetric = "promptanalyzers.budget.degradations";

        /// <summary>The unit of <see cref="DegradationsMetric"/>.</summary>
        public const string DegradationsUnit = "{degradation}";

        // ---- PromptAnalyzers attributes ---------------------------------------------------------------------------

        /// <summary>The name of the budget policy (<see cref="BudgetPolicy.Name"/>).</summary>
        public const string PolicyAttribute = "promptanalyzers.budget.policy";

        /// <summary>The policy's window: <c>minute</c>, <c>hour</c>, <c>day</c> or <c>month</c>.</summary>
        public const string WindowAttribute = "promptanalyzers.budget.window";

        /// <summary>The limit concerned: <see cref="TokensLimitKind"/> or <see cref="CostLimitKind"/>.</summary>
        public const string LimitKindAttribute = "promptanalyzers.budget.limit_kind";

        /// <summary>The <see cref="LimitKindAttribute"/> of a token limit.</summary>
        public const string TokensLimitKind = "tokens";

        /// <summary>The <see cref="LimitKindAttribute"/> of a cost limit.</summary>
        public const string CostLimitKind = "cost";

        /// <summary>The alert threshold crossed, as a fraction of the limit (0.8 = 80 %).</summary>
        public const string ThresholdAttribute = "promptanalyzers.budget.threshold";

        /// <summary>The model a degraded call was switched to; absent when the policy only capped the output.</summary>
        public const string FallbackModelAttribute = "promptanalyzers.budget.fallback_model";

        /// <summary>Whether a degradation capped the output tokens: <c>true</c> or <c>false</c>.</summary>
        public const string OutputCappedAttribute = "promptanalyzers.budget.output_capped";

        /// <summary>The <see cref="WindowAttribute"/> value of a window kind (<see cref="UsageCounter.WindowName"/>).</summary>
        public static string WindowName(UsageWindow window) => UsageCounter.WindowName(window);

        /// <summary>The <see cref="LimitKindAttribute"/> value of a limit kind.</summary>
        public static string LimitKindName(BudgetLimitKind kind) => kind == BudgetLimitKind.Cost ? CostLimitKind : TokensLimitKind;
    }
}
