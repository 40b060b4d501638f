using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptAnalyzers.Extensions.AI.Tests
{
    /// <summary>What the scripted client was asked: the messages, model and output cap it received.</summary>
    public sealed class ReceivedCall
    {
        public ReceivedCall(IEnumerable<ChatMessage> messages, ChatOptions? options)
        {
            Messages = messages.ToList();
            Options = options;
        }

        public List<ChatMessage> Messages { get; }

        public ChatOptions? Options { get; }

        public string? ModelId => Options?.ModelId;

        public int? MaxOutputTokens => Options?.MaxOutputTokens;
    }

    /// <summary>
    /// A fake <see cref="IChatClient"/> that answers with the given text and usage and records every call. Streaming
    /// sends the text in chunks of <see cref="ChunkSize"/> characters and the usage as <see cref="UsageContent"/> in the
    /// updates listed in <see cref="UsageUpdates"/> (by default one final update).
    /// </summary>
    public sealed class ScriptedChatClient : IChatClient
    {
        public ScriptedChatClient(string text = "Scripted answer.", UsageDetails? usage = null, string? defaultModel = null)
        {
            Text = text;
            Usage = usage;
            Metadata = new ChatClientMetadata("scripted", null, defaultModel);
        }

        public string Text { get; set; }

        public UsageDetails? Usage { get; set; }

        public int ChunkSize { get; set; } = 4;

        /// <summary>Replies given before <see cref="Text"/> is: one per call, in order (for example a function call first).</summary>
        public Queue<ChatMessage> Replies { get; } = new Queue<ChatMessage>();

        /// <summary>(index of the text chunk after which it is sent, usage) pairs; null: all of <see cref="Usage"/> after the last chunk.</summary>
        public List<(int AfterChunk, UsageDetails Usage)>? UsageUpdates { get; set; }

        public ChatClientMetadata Metadata { get; }

        public List<ReceivedCall> Calls { get; } = new List<ReceivedCall>();

        public int StreamsDisposed { get; private set; }

        public ReceivedCall LastCall => Calls[Calls.Count - 1];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add(new ReceivedCall(messages, options));
            ChatMessage reply = Replies.Count > 0 ? Replies.Dequeue() : new ChatMessage(ChatRole.Assistant, Text);
            var response = new ChatResponse(reply) { Usage = Usage, ModelId = options?.ModelId };
            return Task.FromResult(response);
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls.Add(new ReceivedCall(messages, options));
            try
            {
                List<string> chunks = Chunks().ToList();
                List<(int AfterChunk, UsageDetails Usage)> usages = UsageUpdates
                    ?? (Usage is null ? new List<(int, UsageDetails)>() : new List<(int, UsageDetails)> { (chunks.Count - 1, Usage) });
                for (int i = 0; i < chunks.Count; i++)
                {
                    await Task.Yield();
                    yield return new ChatResponseUpdate(ChatRole.Assistant, chunks[i]) { ModelId = options?.ModelId };
                    foreach ((int after, UsageDetails usage) in usages.Where(u => u.AfterChunk == i))
                    {
                        yield return new ChatResponseUpdate(ChatRole.Assistant, new List<AIContent> { new UsageContent(usage) });
                    }
                }
            }
            finally
            {
                StreamsDisposed++;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

        public void Dispose()
        {
        }

        private IEnumerable<string> Chunks()
        {
            for (int i = 0; i < Text.Length; i += ChunkSize)
            {
                yield return Text.Substring(i, Math.Min(ChunkSize, Text.Length - i));
            }
        }
    }

    /// <summary>A clock that stands still (usage windows must not roll over during a test).</summary>
    public sealed class FixedTimeProvider : TimeProvider
    {
        private readonly DateTimeOffset _now;

        public FixedTimeProvider(DateTimeOffset now)
        {
            _now = now;
        }

        public static FixedTimeProvider Noon { get; } = new FixedTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        public override DateTimeOffset GetUtcNow() => _now;
    }

    public sealed class LogEntry
    {
        public LogEntry(string category, LogLevel level, EventId eventId, string message, Exception? exception)
        {
            Category = category;
            Level = level;
            EventId = eventId;
            Message = message;
            Exception = exception;
        }

        public string Category { get; }

        public LogLevel Level { get; }

        public EventId EventId { get; }

        public string Message { get; }

        public Exception? Exception { get; }

        public override string ToString() => $"{Level} {Category}: {Message}";
    }

    /// <summary>Collects every log entry at every level, formatted, with its structured values.</summary>
    public sealed class CapturingLoggerFactory : ILoggerFactory
    {
        private readonly object _gate = new object();

        public List<LogEntry> Entries { get; } = new List<LogEntry>();

        public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger : ILogger
        {
            private readonly CapturingLoggerFactory _owner;
            private readonly string _category;

            public Logger(CapturingLoggerFactory owner, string category)
            {
                _owner = owner;
                _category = category;
            }

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= _owner.MinimumLevel;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                string message = formatter(state, exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    message += " | " + string.Join("; ", values.Select(v => v.Key + "=" + v.Value));
                }

                lock (_owner._gate)
                {
                    _owner.Entries.Add(new LogEntry(_category, logLevel, eventId, message, exception));
                }
            }
        }
    }
}
