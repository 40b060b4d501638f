using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using PromptAnalyzers.Extensions.AI;
using Xunit;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    /// <summary>gen_ai.client.token.usage must be reported once per call, also with OpenTelemetryChatClient in the pipeline.</summary>
    public class TokenUsageMetricTests
    {
        [Fact]
        public async Task Without_OpenTelemetryChatClient_this_library_reports_token_usage()
        {
            using var metrics = new PromptBudgetMetrics();
            using var recorder = new TokenUsageRecorder(metrics.Meter, otelSource: null);
            IChatClient client = new ChatClientBuilder(Inner()).UseTokenBudget(o => Configure(o, metrics)).Build();

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Equal(new[] { ("input", 100L), ("output", 20L) }, recorder.Ours.OrderBy(m => m.Type));
            Assert.True(client.GetService<TokenBudgetChatClient>()!.ReportsTokenUsage);
        }

        [Fact]
        public async Task With_OpenTelemetryChatClient_inside_token_usage_is_reported_only_by_it()
        {
            string source = "PromptAnalyzers.Tests." + Guid.NewGuid().ToString("N");
            using var metrics = new PromptBudgetMetrics();
            IChatClient client = new ChatClientBuilder(Inner())
                .UseTokenBudget(o => Configure(o, metrics))
                .UseOpenTelemetry(sourceName: source)
                .Build();
            using var recorder = new TokenUsageRecorder(metrics.Meter, source);

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Empty(recorder.Ours);
            Assert.Equal(new[] { ("input", 100L), ("output", 20L) }, recorder.OpenTelemetry.OrderBy(m => m.Type));
            Assert.False(client.GetService<TokenBudgetChatClient>()!.ReportsTokenUsage);
            Assert.True(recorder.OurCost > 0, "the cost metric is still reported");
        }

        [Fact]
        public async Task With_OpenTelemetryChatClient_outside_the_option_turns_this_librarys_token_usage_off()
        {
            string source = "PromptAnalyzers.Tests." + Guid.NewGuid().ToString("N");
            using var metrics = new PromptBudgetMetrics();
            IChatClient client = new ChatClientBuilder(Inner())
                .UseOpenTelemetry(sourceName: source)
                .UseTokenBudget(o =>
                {
                    Configure(o, metrics);
                    o.ReportTokenUsage = false;
                })
                .Build();
            using var recorder = new TokenUsageRecorder(metrics.Meter, source);

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" });

            Assert.Empty(recorder.Ours);
            Assert.Equal(2, recorder.OpenTelemetry.Count);
        }

        private static ScriptedChatClient Inner() => new ScriptedChatClient(usage: new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20 });

        [Fact]
        public async Task Leaving_token_usage_to_OpenTelemetryChatClient_does_not_silence_other_callers_of_the_same_metrics()
        {
            string source = "PromptAnalyzers.Tests." + Guid.NewGuid().ToString("N");
            using var metrics = new PromptBudgetMetrics();
            var tracker = new UsageTracker(new InMemoryUsageStore(FixedTimeProvider.Noon), timeProvider: FixedTimeProvider.Noon, metrics: metrics);
            IChatClient client = new ChatClientBuilder(Inner())
                .UseTokenBudget(o => o.Tracker = tracker)
                .UseOpenTelemetry(sourceName: source)
                .Build();
            using var recorder = new TokenUsageRecorder(metrics.Meter, source);

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" });
            await tracker.RecordAsync("gpt-4o-mini", new TokenUsage(inputTokens: 7, outputTokens: 3));

            Assert.True(metrics.ReportTokenUsage);
            Assert.Equal(new[] { ("input", 7L), ("output", 3L) }, recorder.Ours.OrderBy(m => m.Type));
        }

        [Fact]
        public async Task The_model_that_answered_is_the_response_model_tag()
        {
            using var metrics = new PromptBudgetMetrics();
            var responseModels = new List<object?>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == GenAiTelemetry.TokenUsageMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == GenAiTelemetry.ResponseModelAttribute)
                    {
                        responseModels.Add(tag.Value);
                    }
                }
            });
            listener.Start();
            IChatClient client = new ChatClientBuilder(new AnsweringModelClient(Inner(), "gpt-4o-2024-08-06"))
                .UseTokenBudget(o => Configure(o, metrics))
                .Build();

            await client.GetResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" });
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(TokenBudgetChatClientTests.Question(), new ChatOptions { ModelId = "gpt-4o" }))
            {
            }

            Assert.Equal(new object?[] { "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06" }, responseModels);
        }

        private static void Configure(TokenBudgetChatClientOptions options, PromptBudgetMetrics metrics) =>
            options.Tracker = new UsageTracker(new InMemoryUsageStore(FixedTimeProvider.Noon), timeProvider: FixedTimeProvider.Noon, metrics: metrics);

        /// <summary>Stamps every response and update with the model a provider says answered.</summary>
        private sealed class AnsweringModelClient : DelegatingChatClient
        {
            private readonly string _model;

            public AnsweringModelClient(IChatClient inner, string model)
                : base(inner)
            {
                _model = model;
            }

            public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, System.Threading.CancellationToken cancellationToken = default)
            {
                ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
                response.ModelId = _model;
                return response;
            }

            public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] System.Threading.CancellationToken cancellationToken = default)
            {
                await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
                {
                    update.ModelId = _model;
                    yield return update;
                }
            }
        }

        /// <summary>Listens to the token-usage histograms of one PromptBudgetMetrics meter and one OpenTelemetryChatClient source.</summary>
        private sealed class TokenUsageRecorder : IDisposable
        {
            private readonly MeterListener _listener = new MeterListener();
            private readonly Meter _ours;
            private readonly string? _otelSource;

            public TokenUsageRecorder(Meter ours, string? otelSource)
            {
                _ours = ours;
                _otelSource = otelSource;
                _listener.InstrumentPublished = (instrument, listener) =>
                {
                    if (IsOurs(instrument) || instrument.Meter.Name == _otelSource)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                };
                _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
                _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
                _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
                _listener.Start();
            }

            public List<(string Type, long Value)> Ours { get; } = new List<(string, long)>();

            public List<(string Type, long Value)> OpenTelemetry { get; } = new List<(string, long)>();

            public double OurCost { get; private set; }

            public void Dispose() => _listener.Dispose();

            private bool IsOurs(Instrument instrument) => ReferenceEquals(instrument.Meter, _ours);

            private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            {
                if (instrument.Name == GenAiTelemetry.CostMetric && IsOurs(instrument))
                {
                    OurCost += value;
                    return;
                }

                if (instrument.Name != GenAiTelemetry.TokenUsageMetric)
                {
                    return;
                }

                string type = "?";
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == GenAiTelemetry.TokenTypeAttribute)
                    {
                        type = tag.Value?.ToString() ?? "?";
                    }
                }

                lock (this)
                {
                    (IsOurs(instrument) ? Ours : OpenTelemetry).Add((type, (long)value));
                }
            }
        }
    }
}
