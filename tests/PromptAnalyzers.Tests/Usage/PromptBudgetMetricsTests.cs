using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace PromptAnalyzers.Tests.Usage;

public class PromptBudgetMetricsTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_recorded_call_reports_input_and_output_tokens_and_its_cost_under_the_GenAI_conventions()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);
        var tracker = new UsageTracker(timeProvider: new TestClock(Noon), metrics: metrics);

        UsageRecord record = await tracker.RecordAsync("claude-3-5-sonnet", new TokenUsage(100, 50, cachedInputTokens: 1_000), new[] { UsageKey.User("alice-1234"), UsageKey.Project("secret-project") });

        Assert.Equal(GenAiTelemetry.MeterName, metrics.Meter.Name);
        Measurement[] tokens = listener.Of(GenAiTelemetry.TokenUsageMetric);
        Assert.Equal(2, tokens.Length);
        Assert.All(tokens, m =>
        {
            Assert.Equal("{token}", m.Unit);
            Assert.Equal("Histogram", m.Kind);
            Assert.Equal("chat", m.Tags["gen_ai.operation.name"]);
            Assert.Equal("claude-3-5-sonnet", m.Tags["gen_ai.request.model"]);
            Assert.Equal("anthropic", m.Tags["gen_ai.provider.name"]);
        });
        Assert.Equal(1_100.0, tokens.Single(m => (string?)m.Tags["gen_ai.token.type"] == "input").Value);
        Assert.Equal(50.0, tokens.Single(m => (string?)m.Tags["gen_ai.token.type"] == "output").Value);

        Measurement cost = Assert.Single(listener.Of(GenAiTelemetry.CostMetric));
        Assert.Equal("USD", cost.Unit);
        Assert.Equal("Counter", cost.Kind);
        Assert.Equal((double)record.Totals.Cost, cost.Value);
        Assert.DoesNotContain("gen_ai.token.type", cost.Tags.Keys);

        listener.AssertNoTagMentions("alice", "secret", "user:", "project:");
    }

    [Fact]
    public async Task An_unpriced_call_reports_tokens_but_no_cost()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);
        var tracker = new UsageTracker(timeProvider: new TestClock(Noon), metrics: metrics);

        await tracker.RecordAsync("my-model", new TokenUsage(10, 5));

        Assert.Equal(2, listener.Of(GenAiTelemetry.TokenUsageMetric).Length);
        Assert.Empty(listener.Of(GenAiTelemetry.CostMetric));
        Assert.All(listener.All, m => Assert.DoesNotContain("gen_ai.provider.name", m.Tags.Keys));
    }

    [Fact]
    public async Task Token_usage_can_be_left_to_OpenTelemetryChatClient_while_cost_is_still_reported()
    {
        using var metrics = new PromptBudgetMetrics { ReportTokenUsage = false };
        using var listener = new Measurements(metrics.Meter);
        var tracker = new UsageTracker(timeProvider: new TestClock(Noon), metrics: metrics);

        await tracker.RecordAsync("gpt-4o", new TokenUsage(1_000, 100));

        Assert.Empty(listener.Of(GenAiTelemetry.TokenUsageMetric));
        Assert.Equal(0.0035, Assert.Single(listener.Of(GenAiTelemetry.CostMetric)).Value, 12);
    }

    [Fact]
    public async Task One_call_can_leave_its_token_usage_to_another_instrument_and_name_the_model_that_answered()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);
        var tracker = new UsageTracker(timeProvider: new TestClock(Noon), metrics: metrics);
        var enforcer = new BudgetEnforcer(tracker, Array.Empty<BudgetPolicy>());

        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(1_000, 100), keys: null, new UsageRecordOptions { ReportTokenUsage = false, ResponseModel = "gpt-4o-2024-08-06" });
        Assert.Empty(listener.Of(GenAiTelemetry.TokenUsageMetric));
        Measurement cost = Assert.Single(listener.Of(GenAiTelemetry.CostMetric));
        Assert.Equal("gpt-4o-2024-08-06", cost.Tags["gen_ai.response.model"]);

        await tracker.RecordAsync("gpt-4o", new TokenUsage(1_000, 100), keys: null, new UsageRecordOptions { ResponseModel = "gpt-4o-2024-11-20" });
        Measurement[] tokens = listener.Of(GenAiTelemetry.TokenUsageMetric);
        Assert.Equal(2, tokens.Length);
        Assert.All(tokens, m => Assert.Equal("gpt-4o-2024-11-20", m.Tags["gen_ai.response.model"]));
        Assert.True(metrics.ReportTokenUsage);
    }

    [Fact]
    public void Direct_usage_records_carry_the_response_model_and_provider()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);

        metrics.RecordUsage("gpt-4o", "gpt-4o-2024-08-06", new TokenUsage(10, 2), 0.5m, "openai");

        Measurement[] all = listener.All;
        Assert.Equal(3, all.Length);
        Assert.All(all, m => Assert.Equal(("gpt-4o-2024-08-06", "openai"), ((string?)m.Tags["gen_ai.response.model"], (string?)m.Tags["gen_ai.provider.name"])));
    }

    [Fact]
    public async Task Rejections_degradations_and_alerts_are_counted_with_policy_window_and_limit_kind_but_no_user()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);
        var tracker = new UsageTracker(timeProvider: new TestClock(Noon));
        var enforcer = new BudgetEnforcer(tracker, new[]
        {
            new BudgetPolicy("per-user") { Dimension = "user", MaxTokens = 1_000, Window = UsageWindow.Hour },
            new BudgetPolicy("soft") { MaxTokens = 100_000, Action = BudgetAction.Degrade, DegradeAt = 0.001, FallbackModel = "gpt-4o-mini", DegradedMaxOutputTokens = 100 },
        }, metrics);
        UsageKey[] alice = { UsageKey.User("alice-1234") };

        await enforcer.ChargeAsync("gpt-4o", new TokenUsage(850, 0), alice);
        await enforcer.CheckAsync(new BudgetRequest("gpt-4o", 10, 500, alice));
        await Assert.ThrowsAsync<BudgetExceededException>(() => enforcer.CheckAsync(new BudgetRequest("gpt-4o", 500, 500, alice)));

        Measurement[] alerts = listener.Of(GenAiTelemetry.AlertsMetric);
        Assert.Equal(new[] { 0.5, 0.8 }, alerts.Select(a => (double)a.Tags["promptanalyzers.budget.threshold"]!));
        Assert.All(alerts, a => Assert.Equal(("{alert}", "per-user", "hour", "tokens", 1.0), (a.Unit, (string?)a.Tags["promptanalyzers.budget.policy"], (string?)a.Tags["promptanalyzers.budget.window"], (string?)a.Tags["promptanalyzers.budget.limit_kind"], a.Value)));

        Measurement[] degradations = listener.Of(GenAiTelemetry.DegradationsMetric);
        Assert.Equal(2, degradations.Length);
        Assert.All(degradations, d => Assert.Equal(("{degradation}", "soft", "gpt-4o", "gpt-4o-mini", true), (d.Unit, (string?)d.Tags["promptanalyzers.budget.policy"], (string?)d.Tags["gen_ai.request.model"], (string?)d.Tags["promptanalyzers.budget.fallback_model"], (bool)d.Tags["promptanalyzers.budget.output_capped"]!)));

        Measurement rejection = Assert.Single(listener.Of(GenAiTelemetry.RejectionsMetric));
        Assert.Equal(("{rejection}", "per-user", "hour", "tokens", "gpt-4o-mini"), (rejection.Unit, (string?)rejection.Tags["promptanalyzers.budget.policy"], (string?)rejection.Tags["promptanalyzers.budget.window"], (string?)rejection.Tags["promptanalyzers.budget.limit_kind"], (string?)rejection.Tags["gen_ai.request.model"]));

        listener.AssertNoTagMentions("alice", "user:");
    }

    [Fact]
    public async Task The_enforcer_uses_the_trackers_metrics_when_given_none()
    {
        using var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);
        var enforcer = new BudgetEnforcer(new UsageTracker(timeProvider: new TestClock(Noon), metrics: metrics), new[] { new BudgetPolicy("p") { MaxTokens = 10 } });

        await Assert.ThrowsAsync<BudgetExceededException>(() => enforcer.CheckAsync(new BudgetRequest("gpt-4o", 20, 1)));

        Assert.Single(listener.Of(GenAiTelemetry.RejectionsMetric));
    }

    [Fact]
    public void A_meter_factory_makes_the_meter_and_keeps_it_when_the_metrics_are_disposed()
    {
        using var factory = new TestMeterFactory();
        var metrics = new PromptBudgetMetrics(factory);
        using var listener = new Measurements(metrics.Meter);

        metrics.Dispose();
        metrics.RecordUsage("gpt-4o", null, new TokenUsage(1, 1), null);

        Assert.Same(factory.Created.Single(), metrics.Meter);
        Assert.Equal(GenAiTelemetry.MeterName, metrics.Meter.Name);
        Assert.Equal(2, listener.Of(GenAiTelemetry.TokenUsageMetric).Length);
    }

    [Fact]
    public void Its_own_meter_is_disposed_with_it()
    {
        var metrics = new PromptBudgetMetrics();
        using var listener = new Measurements(metrics.Meter);

        metrics.Dispose();
        metrics.RecordUsage("gpt-4o", null, new TokenUsage(1, 1), 1m);

        Assert.Empty(listener.All);
    }

    [Fact]
    public void Every_instrument_is_named_and_unit_ed_as_documented()
    {
        using var metrics = new PromptBudgetMetrics();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();

        Assert.Equal(
            new[]
            {
                ("gen_ai.client.token.usage", "{token}", "Histogram`1"),
                ("promptanalyzers.budget.alerts", "{alert}", "Counter`1"),
                ("promptanalyzers.budget.degradations", "{degradation}", "Counter`1"),
                ("promptanalyzers.budget.rejections", "{rejection}", "Counter`1"),
                ("promptanalyzers.usage.cost", "USD", "Counter`1"),
            },
            published.Select(i => (i.Name, i.Unit ?? "", i.GetType().Name)).OrderBy(i => i.Item1, StringComparer.Ordinal).ToArray());
    }

    private sealed record Measurement(string Instrument, string? Unit, string Kind, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Collects the measurements of one meter only (tests run in parallel).</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<Measurement> _all = new();

        public Measurements(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public Measurement[] All
        {
            get
            {
                lock (_all)
                {
                    return _all.ToArray();
                }
            }
        }

        public Measurement[] Of(string instrument) => All.Where(m => m.Instrument == instrument).ToArray();

        public void AssertNoTagMentions(params string[] fragments)
        {
            Assert.NotEmpty(All);
            foreach (Measurement m in All)
            {
                foreach (KeyValuePair<string, object?> tag in m.Tags)
                {
                    foreach (string fragment in fragments)
                    {
                        Assert.DoesNotContain(fragment, tag.Key + "=" + tag.Value, StringComparison.OrdinalIgnoreCase);
                    }
                }
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            string kind = instrument.GetType().Name;
            lock (_all)
            {
                _all.Add(new Measurement(instrument.Name, instrument.Unit, kind.Substring(0, kind.IndexOf('`')), value, copy));
            }
        }
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = new();

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (Meter meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
