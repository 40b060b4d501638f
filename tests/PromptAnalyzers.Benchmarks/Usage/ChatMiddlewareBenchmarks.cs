using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using PromptAnalyzers.Benchmarks.Runtime;
using PromptAnalyzers.Extensions.AI;

namespace PromptAnalyzers.Benchmarks.Usage;

/// <summary>
/// The overhead per call of <c>ChatClientBuilder.UseTokenBudget()</c> over a client that does nothing: one
/// <c>GetResponseAsync</c> with a 20-message conversation of about 1,000 tokens (gpt-4o-mini, which it fits whole),
/// each call for the next of 300 users and its project, on the warm store of <see cref="UsageBenchmarks"/>.
/// The fake answers with a new response that reports its usage, so the middleware does not count the answer.
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*ChatMiddlewareBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ChatMiddlewareBenchmarks
{
    private UsageState _state = null!;
    private ChatMessage[] _conversation = null!;
    private ChatOptions[] _options = null!;
    private IChatClient _fake = null!;
    private IChatClient _fitOnly = null!;
    private IChatClient _budgeted = null!;
    private TokenCounter _counter = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _state = new UsageState(UsageState.Users);
        var tracker = new UsageTracker(new InMemoryUsageStore());
        _state.Seed(tracker);
        var enforcer = new BudgetEnforcer(tracker, UsageState.Policies());

        _conversation = Conversation(20);
        _options = new ChatOptions[_state.Keys.Length];
        for (int i = 0; i < _options.Length; i++)
        {
            _options[i] = new ChatOptions { ModelId = UsageState.Model }.WithUsageKeys(_state.Keys[i]);
        }

        _fake = new NoOpChatClient();
        _fitOnly = new ChatClientBuilder(_fake).UseTokenBudget().Build();
        _budgeted = new ChatClientBuilder(_fake).UseTokenBudget(o => o.Enforcer = enforcer).Build();
        _counter = TokenCounter.ForModel(UsageState.Model);
        System.Console.WriteLine($"// Conversation: {_conversation.Length} messages, {_counter.CountChatMessages(_conversation)} tokens ({UsageState.Model})");
    }

    /// <summary>The fake client alone.</summary>
    [Benchmark(Baseline = true)]
    public Task<ChatResponse> FakeClientAlone() => _fake.GetResponseAsync(_conversation, _options[Next()]);

    /// <summary>Counting the conversation alone (<c>CountChatMessages</c>), the part of fitting no middleware can skip.</summary>
    [Benchmark]
    public int CountConversation() => _counter.CountChatMessages(_conversation);

    /// <summary>Through UseTokenBudget() without an enforcer: counting and fitting the conversation, capping the output.</summary>
    [Benchmark]
    public Task<ChatResponse> UseTokenBudgetFitOnly() => _fitOnly.GetResponseAsync(_conversation, _options[Next()]);

    /// <summary>Through UseTokenBudget() with two policies: fitting, CheckAsync before the call, ChargeAsync after it.</summary>
    [Benchmark]
    public Task<ChatResponse> UseTokenBudgetFitCheckCharge() => _budgeted.GetResponseAsync(_conversation, _options[Next()]);

    private int Next()
    {
        int i = _next;
        _next = i + 1 == _options.Length ? 0 : i + 1;
        return i;
    }

    /// <summary>A system prompt and alternating user and assistant turns of support prose, about 1,000 tokens in all.</summary>
    private static ChatMessage[] Conversation(int count)
    {
        string[] sentences = Prose.Create(2_000).Split(". ");
        var messages = new ChatMessage[count];
        messages[0] = new ChatMessage(ChatRole.System, "You are the support assistant of Contoso Cloud. Answer from the documents given in the conversation only.");
        for (int i = 1; i < count; i++)
        {
            string text = sentences[(3 * i) % sentences.Length] + ". " + sentences[(3 * i + 1) % sentences.Length] + ". " + sentences[(3 * i + 2) % sentences.Length] + ".";
            messages[i] = new ChatMessage(i % 2 == 1 ? ChatRole.User : ChatRole.Assistant, text);
        }

        return messages;
    }

    /// <summary>Answers at once with a new response that reports its usage, as a provider's client does.</summary>
    private sealed class NoOpChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "The premium plan includes three regions."))
            {
                ModelId = options?.ModelId,
                Usage = new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 12, TotalTokenCount = 1_012 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new System.NotSupportedException();

        public object? GetService(System.Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
