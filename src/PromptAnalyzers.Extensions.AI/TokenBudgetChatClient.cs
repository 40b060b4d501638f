using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>
    /// Chat-client middleware that keeps every call within budget: it fits the conversation into the model's window,
    /// caps the output tokens, checks the call against the budget policies (rejecting or degrading it), and records the
    /// usage each response reports, streaming included.
    /// </summary>
    /// <remarks>
    /// <para>Per call: the model is <see cref="ChatOptions.ModelId"/>, else <see cref="TokenBudgetChatClientOptions.DefaultModel"/>,
    /// else the inner client's <see cref="ChatClientMetadata.DefaultModelId"/>, and must be in the catalog. The reserved output
    /// (<see cref="TokenBudgetChatClientOptions.ReservedOutputTokens"/>) caps <see cref="ChatOptions.MaxOutputTokens"/>; the
    /// messages are reduced with <see cref="TokenBudgetChatReducer"/> to the model's input limit (its window minus the reserved
    /// output, or its input limit when lower) less the tokens of the function tools and <see cref="ChatOptions.Instructions"/>.
    /// With an <see cref="TokenBudgetChatClientOptions.Enforcer"/>, <see cref="BudgetEnforcer.CheckAsync"/> then decides:
    /// a rejection throws <see cref="BudgetExceededException"/> and the inner client is not called; a degradation switches
    /// <see cref="ChatOptions.ModelId"/> to the fallback model (the conversation is fitted again for it) and lowers
    /// <see cref="ChatOptions.MaxOutputTokens"/>.</para>
    /// <para>After the call the response's <see cref="UsageDetails"/> (input, cached input, output, reasoning) are charged
    /// with <see cref="BudgetEnforcer.ChargeAsync(string, TokenUsage, IEnumerable{UsageKey}, UsageRecordOptions, CancellationToken)"/>,
    /// or recorded with <see cref="UsageTracker.RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, UsageRecordOptions, CancellationToken)"/> when there is
    /// only a tracker. A streamed response is charged once, when the stream ends, from the sum of its
    /// <see cref="UsageContent"/> updates, also when the consumer stops reading early (what was seen so far). Without
    /// reported usage the input is the counted estimate and the output is counted from the text received. Charging does
    /// not observe the call's cancellation token: a call that was made is recorded. A failure to record is logged as an
    /// error and does not fail the call.</para>
    /// <para>The caller's <see cref="ChatOptions"/> are not changed (a clone goes to the inner client, without
    /// <see cref="TokenBudgetChatClientOptions.KeysProperty"/>). Prompt text is logged only at <see cref="LogLevel.Trace"/>.</para>
    /// </remarks>
    public sealed partial class TokenBudgetChatClient : DelegatingChatClient
    {
        private readonly TokenBudgetChatClientOptions _options;
        private readonly BudgetEnforcer? _enforcer;
        private readonly UsageTracker? _tracker;
        private readonly ILogger _logger;
        private readonly Lazy<ChatClientMetadata?> _metadata;

        /// <summary>Wraps <paramref name="innerClient"/>.</summary>
        /// <param name="innerClient">The client that makes the calls.</param>
        /// <param name="options">The settings (copied); null for the defaults: the default catalog, no policies, no recording.</param>
        /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is null.</exception>
        public TokenBudgetChatClient(IChatClient innerClient, TokenBudgetChatClientOptions? options = null)
            : base(innerClient)
        {
            _options = options?.Clone() ?? new TokenBudgetChatClientOptions();
            _enforcer = _options.Enforcer;
            _tracker = _enforcer?.Tracker ?? _options.Tracker;
            Catalog = _options.Catalog ?? _tracker?.CostEstimator.Catalog ?? ModelCatalog.Default;
            _logger = _options.LoggerFactory?.CreateLogger<TokenBudgetChatClient>() ?? (ILogger)NullLogger.Instance;
            _metadata = new Lazy<ChatClientMetadata?>(() => innerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata);

            ReportsTokenUsage = _options.ReportTokenUsage ?? innerClient.GetService(typeof(OpenTelemetryChatClient)) is null;
        }

        /// <summary>The catalog that resolves model names.</summary>
        public ModelCatalog Catalog { get; }

        /// <summary>
        /// Whether the calls' token usage is reported as <c>gen_ai.client.token.usage</c> by this library: false when
        /// <see cref="TokenBudgetChatClientOptions.ReportTokenUsage"/> says so, or when the inner pipeline holds an
        /// <see cref="OpenTelemetryChatClient"/> (which reports it).
        /// </summary>
        public bool ReportsTokenUsage { get; }

        /// <inheritdoc/>
        public override async Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            PreparedCall call = await PrepareAsync(messages, options, cancellationToken).ConfigureAwait(false);
            ChatResponse response = await base.GetResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false);
            await ChargeAsync(call, response.Usage, response.ModelId, () => CountOutput(call.Counter, response.Messages), streamStopped: false).ConfigureAwait(false);
            return response;
        }

        /// <inheritdoc/>
        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            PreparedCall call = await PrepareAsync(messages, options, cancellationToken).ConfigureAwait(false);
            UsageDetails? usage = null;
            string? responseModel = null;
            var output = new List<AIContent>();
            bool received = false;
            bool completed = false;
            try
            {
                await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false))
                {
                    received = true;
                    responseModel = update.ModelId ?? responseModel;
                    foreach (AIContent content in update.Contents)
                    {
                        switch (content)
                        {
                            case UsageContent usageContent:
                                (usage ??= new UsageDetails()).Add(usageContent.Details);
                                break;
                            case TextContent:
                            case FunctionCallContent:
                                output.Add(content);
                                break;
                        }
                    }

                    yield return update;
                }

                completed = true;
            }
            finally
            {
                // A stream that failed or was abandoned before its first update cost nothing we can know of.
                if (received)
                {
                    await ChargeAsync(call, usage, responseModel, () => CountOutput(call.Counter, new[] { new ChatMessage(ChatRole.Assistant, output) }), streamStopped: !completed)
                        .ConfigureAwait(false);
                }
            }
        }

        private async Task<PreparedCall> PrepareAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            List<ChatMessage> history = messages.ToList();
            string model = ResolveModel(options);
            IReadOnlyList<UsageKey> keys = ResolveKeys(history, options);
            ChatOptions sent = options?.Clone() ?? new ChatOptions();
            if (sent.AdditionalProperties is { } properties && properties.ContainsKey(TokenBudgetChatClientOptions.KeysProperty))
            {
                properties = new AdditionalPropertiesDictionary(properties);
                properties.Remove(TokenBudgetChatClientOptions.KeysProperty);
                sent.AdditionalProperties = properties.Count == 0 ? null : properties;
            }

            Fit fit = FitCall(model, history, sent, options?.MaxOutputTokens);
            if (_enforcer is not null)
            {
                BudgetDecision decision;
                try
                {
                    decision = await _enforcer.CheckAsync(new BudgetRequest(model, fit.InputTokens, fit.MaxOutputTokens, keys), cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (BudgetExceededException rejection)
                {
                    LogRejected(rejection.PolicyName, model, rejection.LimitKind, rejection.Window, rejection.Limit, rejection.Used, rejection.Requested);
                    throw;
                }

                if (decision.IsDegraded)
                {
                    if (!string.Equals(decision.Model, model, StringComparison.Ordinal))
                    {
                        fit = FitCall(decision.Model, history, sent, decision.MaxOutputTokens);
                    }
                    else if (decision.MaxOutputTokens is { } cap && (fit.MaxOutputTokens is null || cap < fit.MaxOutputTokens))
                    {
                        fit = fit.WithMaxOutputTokens(cap);
                    }

                    LogDegraded(string.Join(", ", decision.DegradedBy), model, decision.Model, fit.MaxOutputTokens);
                    model = decision.Model;
                }
            }

            sent.ModelId = model;
            sent.MaxOutputTokens = fit.MaxOutputTokens;
            LogFitted(model, fit.Messages.Count, history.Count, fit.InputTokens, fit.InputLimit, fit.MaxOutputTokens);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                LogPromptText(model, Describe(fit.Messages));
            }

            return new PreparedCall(model, fit.Counter, fit.Messages, sent, fit.InputTokens, keys);
        }

        private string ResolveModel(ChatOptions? options)
        {
            string? model = options?.ModelId;
            if (string.IsNullOrEmpty(model))
            {
                model = _options.DefaultModel;
            }

            if (string.IsNullOrEmpty(model))
            {
                model = _metadata.Value?.DefaultModelId;
            }

            return string.IsNullOrEmpty(model)
                ? throw new InvalidOperationException(
                    "The call names no model: set ChatOptions.ModelId, TokenBudgetChatClientOptions.DefaultModel (or PromptBudgetingOptions.DefaultModel), or use an inner client whose metadata has a default model.")
                : model!;
        }

        private IReadOnlyList<UsageKey> ResolveKeys(List<ChatMessage> history, ChatOptions? options)
        {
            var keys = new List<UsageKey>();
            if (options?.AdditionalProperties is { } properties && properties.TryGetValue(TokenBudgetChatClientOptions.KeysProperty, out object? value))
            {
                keys.AddRange(ReadKeys(value));
            }

            if (_options.Keys is { } compute && compute(history, options) is { } computed)
            {
                foreach (UsageKey key in computed)
                {
                    keys.Add(key);
                }
            }

            return keys;
        }

        internal static IEnumerable<UsageKey> ReadKeys(object? value)
        {
            switch (value)
            {
                case null:
                    return Array.Empty<UsageKey>();
                case UsageKey key:
                    return new[] { key };
                case string text:
                    return new[] { UsageKey.Parse(text) };
                case IEnumerable<UsageKey> many:
                    return many;
                case IEnumerable<string> texts:
                    return texts.Select(UsageKey.Parse).ToArray();
                default:
                    throw new ArgumentException(
                        $"ChatOptions.AdditionalProperties[\"{TokenBudgetChatClientOptions.KeysProperty}\"] holds a {value.GetType()}; it takes usage keys: an IEnumerable<UsageKey>, a UsageKey, or 'dimension:value' strings.",
                        "options");
            }
        }

        private Fit FitCall(string model, List<ChatMessage> history, ChatOptions options, int? requestedOutput)
        {
            ModelInfo info = Catalog.Get(model);
            TokenCounter counter = TokenCounter.ForModel(info);
            int? modelMaxOutput = info.MaxOutput > 0 ? info.MaxOutput : null;
            int reserved = _options.ReservedOutputTokens ?? requestedOutput ?? modelMaxOutput ?? 0;
            reserved = Math.Max(0, Math.Min(Math.Min(reserved, modelMaxOutput ?? int.MaxValue), info.ContextWindow));
            int? maxOutput = requestedOutput is { } requested ? Math.Min(requested, reserved) : reserved > 0 ? reserved : null;

            int inputLimit = info.ContextWindow - reserved;
            if (info.MaxInput is { } maxInput)
            {
                inputLimit = Math.Min(inputLimit, maxInput);
            }

            long overhead = counter.CountChatTools(options.Tools);
            if (!string.IsNullOrEmpty(options.Instructions))
            {
                overhead += counter.CountMessage(new PromptMessage(PromptRole.System, options.Instructions!));
            }

            IReadOnlyList<ChatMessage> kept = history;
            int messageTokens;
            if (_options.FitToWindow)
            {
                ChatReduction reduction = new TokenBudgetChatReducer(counter, (int)Math.Max(0, inputLimit - overhead)).Reduce(history);
                kept = reduction.Messages;
                messageTokens = reduction.Tokens;
            }
            else
            {
                messageTokens = counter.CountChatMessages(history);
            }

            return new Fit(counter, kept, messageTokens + overhead, inputLimit, maxOutput);
        }

        private async Task ChargeAsync(PreparedCall call, UsageDetails? usage, string? responseModel, Func<long> countOutput, bool streamStopped)
        {
            if (_tracker is null)
            {
                return;
            }

            try
            {
                TokenUsage tokens = ToTokenUsage(call, usage, countOutput);
                var recording = new UsageRecordOptions { ResponseModel = responseModel, ReportTokenUsage = ReportsTokenUsage };
                UsageRecord record = _enforcer is not null
                    ? await _enforcer.ChargeAsync(call.Model, tokens, call.Keys, recording, CancellationToken.None).ConfigureAwait(false)
                    : await _tracker.RecordAsync(call.Model, tokens, call.Keys, recording, CancellationToken.None).ConfigureAwait(false);
                if (usage?.InputTokenCount is null || usage.OutputTokenCount is null)
                {
                    LogEstimated(call.Model, record.Totals.InputTokens, record.Totals.OutputTokens);
                }

                if (streamStopped)
                {
                    LogStreamStopped(call.Model);
                }

                LogRecorded(call.Model, record.Totals.InputTokens, record.Totals.CachedInputTokens, record.Totals.OutputTokens, record.Totals.Cost);
            }
#pragma warning disable CA1031 // A call that was made must not fail because its usage could not be stored; the error is logged.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogRecordingFailed(error, call.Model);
            }
        }

        private TokenUsage ToTokenUsage(PreparedCall call, UsageDetails? usage, Func<long> countOutput)
        {
            long input = usage?.InputTokenCount is { } reportedInput and >= 0 ? reportedInput : call.InputTokens;
            long output;
            if (usage?.OutputTokenCount is { } reportedOutput and >= 0)
            {
                output = reportedOutput;
            }
            else if (usage?.TotalTokenCount is { } total && total >= input)
            {
                output = total - input;
            }
            else
            {
                output = countOutput();
            }

            long cached = Math.Min(Math.Max(usage?.CachedInputTokenCount ?? 0, 0), input);
            long reasoning = Math.Min(Math.Max(usage?.ReasoningTokenCount ?? 0, 0), output);

            // Microsoft.Extensions.AI counts cache reads inside the input; the tracker may read them beside it (Anthropic).
            CachedTokensConvention convention = _options.TrackerCachedTokens
                ?? (Catalog.Find(call.Model) is { } info ? CostEstimator.DefaultConvention(info) : CachedTokensConvention.IncludedInInput);
            if (convention == CachedTokensConvention.SeparateFromInput)
            {
                input -= cached;
            }

            return new TokenUsage(input, output, cached, cacheWriteTokens: 0, reasoningTokens: reasoning);
        }

        private static long CountOutput(TokenCounter counter, IEnumerable<ChatMessage> messages)
        {
            long total = 0;
            foreach (PromptMessage part in messages.ToPromptMessages())
            {
                total += counter.CountTokens(part.Content);
                foreach (ToolCall toolCall in part.ToolCalls)
                {
                    total += counter.CountTokens(toolCall.Name) + (long)counter.CountTokens(toolCall.ArgumentsJson);
                }
            }

            return total;
        }

        private static string Describe(IReadOnlyList<ChatMessage> messages)
        {
            var text = new StringBuilder();
            foreach (PromptMessage part in messages.ToPromptMessages())
            {
                text.Append('\n').Append(part.RoleName).Append(": ").Append(part.Content);
                foreach (ToolCall toolCall in part.ToolCalls)
                {
                    text.Append(' ').Append(toolCall);
                }
            }

            return text.ToString();
        }

        [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
            Message = "Fitted the call to {Model}: {KeptMessages} of {Messages} messages, {InputTokens} input tokens (limit {InputLimit}), max output {MaxOutputTokens}.")]
        private partial void LogFitted(string model, int keptMessages, int messages, long inputTokens, int inputLimit, int? maxOutputTokens);

        [LoggerMessage(EventId = 2, Level = LogLevel.Trace, Message = "Messages sent to {Model}:{Messages}")]
        private partial void LogPromptText(string model, string messages);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information,
            Message = "Budget policy {Policies} degraded a call to {RequestedModel}: sent to {Model} with max output {MaxOutputTokens}.")]
        private partial void LogDegraded(string policies, string requestedModel, string model, int? maxOutputTokens);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
            Message = "Budget policy {Policy} rejected a call to {Model}: {LimitKind} limit {Limit} per {Window}, {Used} used, {Requested} requested.")]
        private partial void LogRejected(string policy, string model, BudgetLimitKind limitKind, UsageWindow window, decimal limit, decimal used, decimal requested);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug,
            Message = "Recorded a call to {Model}: {InputTokens} input tokens ({CachedInputTokens} cached), {OutputTokens} output tokens, cost {Cost}.")]
        private partial void LogRecorded(string model, long inputTokens, long cachedInputTokens, long outputTokens, decimal cost);

        [LoggerMessage(EventId = 6, Level = LogLevel.Debug,
            Message = "The response from {Model} reported no complete usage; recorded the counted estimate: {InputTokens} input tokens, {OutputTokens} output tokens.")]
        private partial void LogEstimated(string model, long inputTokens, long outputTokens);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug,
            Message = "The streamed response from {Model} was not read to its end; recorded the usage seen so far.")]
        private partial void LogStreamStopped(string model);

        [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Recording the usage of a call to {Model} failed; the call itself succeeded.")]
        private partial void LogRecordingFailed(Exception error, string model);

        private sealed class Fit
        {
            public Fit(TokenCounter counter, IReadOnlyList<ChatMessage> messages, long inputTokens, int inputLimit, int? maxOutputTokens)
            {
                Counter = counter;
                Messages = messages;
                InputTokens = inputTokens;
                InputLimit = inputLimit;
                MaxOutputTokens = maxOutputTokens;
            }

            public TokenCounter Counter { get; }

            public IReadOnlyList<ChatMessage> Messages { get; }

            public long InputTokens { get; }

            public int InputLimit { get; }

            public int? MaxOutputTokens { get; }

            public Fit WithMaxOutputTokens(int maxOutputTokens) => new Fit(Counter, Messages, InputTokens, InputLimit, maxOutputTokens);
        }

        private sealed class PreparedCall
        {
            public PreparedCall(string model, TokenCounter counter, IReadOnlyList<ChatMessage> messages, ChatOptions options, long inputTokens, IReadOnlyList<UsageKey> keys)
            {
                Model = model;
                Counter = counter;
                Messages = messages;
                Options = options;
                InputTokens = inputTokens;
                Keys = keys;
            }

            public string Model { get; }

            public TokenCounter Counter { get; }

            public IReadOnlyList<ChatMessage> Messages { get; }

            public ChatOptions Options { get; }

            public long InputTokens { get; }

            public IReadOnlyList<UsageKey> Keys { get; }
        }
    }
}
