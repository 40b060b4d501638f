using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PromptAnalyzers
{
    /// <summary>
    /// The metrics of usage tracking and budget enforcement (names in <see cref="GenAiTelemetry"/>): the OpenTelemetry
    /// <c>gen_ai.client.token.usage</c> histogram, the cost counter and the budget counters. Give one to
    /// <see cref="UsageTracker"/> and <see cref="BudgetEnforcer"/>; they record into it.
    /// </summary>
    /// <remarks>
    /// Thread-safe. Usage keys (user, role, project ids) are never tags. When Microsoft.Extensions.AI's
    /// <c>OpenTelemetryChatClient</c> is in the pipeline it already reports <c>gen_ai.client.token.usage</c>: set
    /// <see cref="ReportTokenUsage"/> to false so tokens are not counted twice (cost and budget metrics are still reported).
    /// </remarks>
    public sealed class PromptBudgetMetrics : IDisposable
    {
        private readonly bool _ownsMeter;
        private readonly Histogram<long> _tokenUsage;
        private readonly Counter<double> _cost;
        private readonly Counter<long> _rejections;
        private readonly Counter<long> _alerts;
        private readonly Counter<long> _degradations;

        /// <summary>Creates the instruments on a meter named <see cref="GenAiTelemetry.MeterName"/>.</summary>
        /// <param name="meterFactory">
        /// The factory to create the meter with (the application's <c>IMeterFactory</c>, which owns the meter); null for a
        /// meter of this instance's own, disposed with it.
        /// </param>
        public PromptBudgetMetrics(IMeterFactory? meterFactory = null)
        {
            string? version = typeof(PromptBudgetMetrics).Assembly.GetName().Version?.ToString();
            if (meterFactory is null)
            {
                Meter = new Meter(GenAiTelemetry.MeterName, version);
                _ownsMeter = true;
            }
            else
            {
                Meter = meterFactory.Create(new MeterOptions(GenAiTelemetry.MeterName) { Version = version })
                    ?? throw new InvalidOperationException("The meter factory returned no meter.");
            }

            _tokenUsage = Meter.CreateHistogram<long>(GenAiTelemetry.TokenUsageMetric, GenAiTelemetry.TokenUsageUnit, GenAiTelemetry.TokenUsageDescription);
            _cost = Meter.CreateCounter<double>(GenAiTelemetry.CostMetric, GenAiTelemetry.CostUnit,
                "List-price cost of the recorded LLM calls in US dollars");
            _rejections = Meter.CreateCounter<long>(GenAiTelemetry.RejectionsMetric, GenAiTelemetry.RejectionsUnit,
                "LLM calls rejected by a budget policy");
            _alerts = Meter.CreateCounter<long>(GenAiTelemetry.AlertsMetric, GenAiTelemetry.AlertsUnit,
                "Budget alert thresholds crossed");
            _degradations = Meter.CreateCounter<long>(GenAiTelemetry.DegradationsMetric, GenAiTelemetry.DegradationsUnit,
                "LLM calls degraded by a budget policy (fallback model or output cap)");
        }

        /// <summary>The meter the instruments belong to.</summary>
        public Meter Meter { get; }

        /// <summary>
        /// Whether <see cref="GenAiTelemetry.TokenUsageMetric"/> is reported (default true). Set it to false when
        /// Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> already reports token usage.
        /// </summary>
        public bool ReportTokenUsage { get; set; } = true;

        /// <summary>
        /// Records one call's usage: its input and output tokens (<see cref="GenAiTelemetry.TokenUsageMetric"/>, unless
        /// <see cref="ReportTokenUsage"/> is false) and its cost (<see cref="GenAiTelemetry.CostMetric"/>).
        /// </summary>
        /// <param name="model">The model the request asked for (<c>gen_ai.request.model</c>).</param>
        /// <param name="responseModel">The model that answered (<c>gen_ai.response.model</c>); null when not known.</param>
        /// <param name="usage">The usage in OpenAI's convention: <see cref="TokenUsage.InputTokens"/> are all prompt tokens.
        /// For Anthropic-style usage record the normalized totals with <see cref="RecordUsage(UsageRecord, string?, string?)"/>.</param>
        /// <param name="cost">The cost in US dollars; null when the model has no price (nothing is added to the cost counter).</param>
        /// <param name="providerName">The provider (<c>gen_ai.provider.name</c>: <c>openai</c>, <c>anthropic</c>, ...); null when not known.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        public void RecordUsage(string model, string? responseModel, TokenUsage usage, decimal? cost, string? providerName = null)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (usage is null)
            {
                throw new ArgumentNullException(nameof(usage));
            }

            RecordCore(model, responseModel, providerName, usage.InputTokens, usage.OutputTokens, cost, reportTokenUsage: true);
        }

        /// <summary>Records a call the <see cref="UsageTracker"/> recorded: its normalized tokens and, when priced, its cost.</summary>
        /// <param name="record">The recorded call.</param>
        /// <param name="responseModel">The model that answered; null when not known.</param>
        /// <param name="providerName">The provider; null when not known.</param>
        /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
        public void RecordUsage(UsageRecord record, string? responseModel = null, string? providerName = null)
        {
            if (record is null)
            {
                throw new ArgumentNullException(nameof(record));
            }

            RecordUsage(record, responseModel, providerName, reportTokenUsage: true);
        }

        internal void RecordUsage(UsageRecord record, string? responseModel, string? providerName, bool reportTokenUsage)
        {
            if (record is null)
            {
                throw new ArgumentNullException(nameof(record));
            }

            RecordCore(record.Model, responseModel, providerName, record.Totals.InputTokens, record.Totals.OutputTokens,
                record.IsPriced ? record.Totals.Cost : null, reportTokenUsage);
        }

        /// <summary>Counts a rejection (<see cref="GenAiTelemetry.RejectionsMetric"/>), tagged with its policy, window, limit kind and model.</summary>
        /// <param name="rejection">The rejection.</param>
        /// <exception cref="ArgumentNullException"><paramref name="rejection"/> is null.</exception>
        public void RecordRejection(BudgetExceededException rejection)
        {
            if (rejection is null)
            {
                throw new ArgumentNullException(nameof(rejection));
            }

            var tags = new TagList
            {
                { GenAiTelemetry.PolicyAttribute, rejection.PolicyName },
                { GenAiTelemetry.WindowAttribute, GenAiTelemetry.WindowName(rejection.Window) },
                { GenAiTelemetry.LimitKindAttribute, GenAiTelemetry.LimitKindName(rejection.LimitKind) },
            };
            if (rejection.Model is not null)
            {
                tags.Add(GenAiTelemetry.RequestModelAttribute, rejection.Model);
            }

            _rejections.Add(1, tags);
        }

        /// <summary>Counts an alert (<see cref="GenAiTelemetry.AlertsMetric"/>), tagged with its policy, window, limit kind and threshold.</summary>
        /// <param name="alert">The alert.</param>
        /// <exception cref="ArgumentNullException"><paramref name="alert"/> is null.</exception>
        public void RecordAlert(BudgetAlert alert)
        {
            if (alert is null)
            {
                throw new ArgumentNullException(nameof(alert));
            }

            _alerts.Add(1, new TagList
            {
                { GenAiTelemetry.PolicyAttribute, alert.Policy.Name },
                { GenAiTelemetry.WindowAttribute, GenAiTelemetry.WindowName(alert.Window) },
                { GenAiTelemetry.LimitKindAttribute, GenAiTelemetry.LimitKindName(alert.LimitKind) },
                { GenAiTelemetry.ThresholdAttribute, alert.Threshold },
            });
        }

        /// <summary>Counts a degradation (<see cref="GenAiTelemetry.DegradationsMetric"/>).</summary>
        /// <param name="policyName">The policy that degraded the call.</param>
        /// <param name="requestModel">The model the call asked for before this degradation.</param>
        /// <param name="fallbackModel">The model it was switched to; null when the model was kept.</param>
        /// <param name="outputCapped">Whether its output tokens were capped.</param>
        /// <exception cref="ArgumentNullException"><paramref name="policyName"/> or <paramref name="requestModel"/> is null.</exception>
        public void RecordDegradation(string policyName, string requestModel, string? fallbackModel, bool outputCapped)
        {
            if (policyName is null)
            {
                throw new ArgumentNullException(nameof(policyName));
            }

            if (requestModel is null)
            {
                throw new ArgumentNullException(nameof(requestModel));
            }

            var tags = new TagList
            {
                { GenAiTelemetry.PolicyAttribute, policyName },
                { GenAiTelemetry.RequestModelAttribute, requestModel },
                { GenAiTelemetry.OutputCappedAttribute, outputCapped },
            };
            if (fallbackModel is not null)
            {
                tags.Add(GenAiTelemetry.FallbackModelAttribute, fallbackModel);
            }

            _degradations.Add(1, tags);
        }

        /// <summary>Disposes the meter when this instance created it (a meter from an <c>IMeterFactory</c> belongs to the factory).</summary>
        public void Dispose()
        {
            if (_ownsMeter)
            {
                Meter.Dispose();
            }
        }

        private void RecordCore(string model, string? responseModel, string? providerName, long inputTokens, long outputTokens, decimal? cost, bool reportTokenUsage)
        {
            var tags = new TagList
            {
                { GenAiTelemetry.OperationNameAttribute, GenAiTelemetry.ChatOperation },
                { GenAiTelemetry.RequestModelAttribute, model },
            };
            if (providerName is not null)
            {
                tags.Add(GenAiTelemetry.ProviderNameAttribute, providerName);
            }

            if (responseModel is not null)
            {
                tags.Add(GenAiTelemetry.ResponseModelAttribute, responseModel);
            }

            if (reportTokenUsage && ReportTokenUsage && _tokenUsage.Enabled)
            {
                TagList input = tags;
                input.Add(GenAiTelemetry.TokenTypeAttribute, GenAiTelemetry.InputTokenType);
                _tokenUsage.Record(inputTokens, input);
                TagList output = tags;
                output.Add(GenAiTelemetry.TokenTypeAttribute, GenAiTelemetry.OutputTokenType);
                _tokenUsage.Record(outputTokens, output);
            }

            if (cost is { } dollars)
            {
                _cost.Add((double)dollars, tags);
            }
        }
    }
}
