using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using PromptAnalyzers.Benchmarks.Runtime;

namespace PromptAnalyzers.Benchmarks.Usage;

/// <summary>
/// What budgeting costs per LLM call, on a warm <see cref="InMemoryUsageStore"/> that already holds the current
/// minute, hour, day and month of <see cref="UsageState.Users"/> users in <see cref="UsageState.Projects"/> projects
/// (gpt-4o-mini, system clock). Each call is attributed to the next user in turn (and that user's project), so the
/// counters touched vary as in a service. The baselines: counting a typical 1,000-token prompt with
/// <see cref="TokenCounter.CountMessages"/> (what a budgeted call pays anyway) and <see cref="CostEstimator.Price"/>
/// alone (pricing without tracking).
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*UsageBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class UsageBenchmarks
{
    private static readonly TokenUsage s_usage = new TokenUsage(inputTokens: 1_000, outputTokens: 300, cachedInputTokens: 200);

    private UsageState _state = null!;
    private UsageTracker _tracker = null!;
    private BudgetEnforcer _enforcer = null!;
    private BudgetRequest[] _requests = null!;
    private PromptMessage[] _prompt = null!;
    private TokenCounter _counter = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _state = new UsageState(UsageState.Users);
        _tracker = new UsageTracker(new InMemoryUsageStore());
        _state.Seed(_tracker);
        _enforcer = new BudgetEnforcer(_tracker, UsageState.Policies());
        _requests = new BudgetRequest[_state.Keys.Length];
        for (int i = 0; i < _requests.Length; i++)
        {
            _requests[i] = new BudgetRequest(UsageState.Model, inputTokens: 1_000, maxOutputTokens: 500, _state.Keys[i]);
        }

        _counter = TokenCounter.ForModel(UsageState.Model);
        _prompt = TypicalPrompt.Create(_counter, 1_000);
        Console.WriteLine($"// Prompt: {_prompt.Length} messages, {_counter.CountMessages(_prompt)} tokens ({UsageState.Model}); store: {((InMemoryUsageStore)_tracker.Store).Count} counters");
    }

    /// <summary>Counting a typical prompt of 1,000 tokens (system prompt and a question with context): paid by every budgeted call.</summary>
    [Benchmark(Baseline = true)]
    public int CountPrompt1000Tokens() => _counter.CountMessages(_prompt);

    /// <summary>Pricing the call's usage at list prices, nothing recorded.</summary>
    [Benchmark]
    public decimal PriceOnly() => CostEstimator.Default.Price(UsageState.Model, s_usage).Total;

    /// <summary>Recording a call for the application only: 1 scope × 2 models × 4 windows = 8 counters.</summary>
    [Benchmark]
    public Task<UsageRecord> RecordNoKeys() => _tracker.RecordAsync(UsageState.Model, s_usage);

    /// <summary>Recording a call for a user and a project: 3 scopes × 2 models × 4 windows = 24 counters.</summary>
    [Benchmark]
    public Task<UsageRecord> RecordUserAndProject() => _tracker.RecordAsync(UsageState.Model, s_usage, _state.Keys[Next()]);

    /// <summary>Checking a call against a per-user daily token limit and an application monthly cost limit (both far from full).</summary>
    [Benchmark]
    public Task<BudgetDecision> CheckTwoPolicies() => _enforcer.CheckAsync(_requests[Next()]);

    /// <summary>Charging a call under the same two policies: recording it (24 counters) and looking for crossed alert thresholds.</summary>
    [Benchmark]
    public Task<UsageRecord> ChargeTwoPolicies() => _enforcer.ChargeAsync(UsageState.Model, s_usage, _state.Keys[Next()]);

    private int Next()
    {
        int i = _next;
        _next = i + 1 == _state.Keys.Length ? 0 : i + 1;
        return i;
    }
}

/// <summary>
/// <see cref="UsageTracker.GetReportAsync(UsageWindow, System.Threading.CancellationToken)"/> over the current day, with
/// <see cref="Users"/> users recorded (each with a project key: (1 + users + projects) × 2 × 4 counters in the store).
/// Run: dotnet run -c Release --project tests/PromptAnalyzers.Benchmarks -- --filter '*UsageReportBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class UsageReportBenchmarks
{
    private UsageTracker _tracker = null!;

    [Params(100, 1_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tracker = new UsageTracker(new InMemoryUsageStore());
        new UsageState(Users).Seed(_tracker);
        Console.WriteLine($"// Store: {((InMemoryUsageStore)_tracker.Store).Count} counters");
    }

    /// <summary>The totals per scope and model of today so far.</summary>
    [Benchmark]
    public async Task<int> ReportCurrentDay()
    {
        UsageReport report = await _tracker.GetReportAsync(UsageWindow.Day).ConfigureAwait(false);
        return report.ByKey.Count;
    }
}

/// <summary>Users, their keys and the policies of the usage benchmarks.</summary>
internal sealed class UsageState
{
    public const string Model = "gpt-4o-mini";
    public const int Users = 300;
    public const int Projects = 5;

    public UsageState(int users)
    {
        Keys = new UsageKey[users][];
        for (int i = 0; i < users; i++)
        {
            Keys[i] = new[] { UsageKey.User("user-" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)), UsageKey.Project("project-" + (i % Projects)) };
        }
    }

    /// <summary>For each user, the key pair of its calls: user and project.</summary>
    public UsageKey[][] Keys { get; }

    /// <summary>Per-user daily tokens and application monthly cost, with limits no benchmark run reaches.</summary>
    public static IEnumerable<BudgetPolicy> Policies() => new[]
    {
        new BudgetPolicy("per-user-daily-tokens") { Dimension = UsageKey.UserDimension, Window = UsageWindow.Day, MaxTokens = 1_000_000_000_000 },
        new BudgetPolicy("app-monthly-cost") { Window = UsageWindow.Month, MaxCost = 1_000_000_000m },
    };

    /// <summary>Three calls per user (two of gpt-4o-mini, one of gpt-4o), so every counter of the current windows exists.</summary>
    public void Seed(UsageTracker tracker)
    {
        var usage = new TokenUsage(inputTokens: 1_000, outputTokens: 300, cachedInputTokens: 200);
        foreach (UsageKey[] keys in Keys)
        {
            tracker.RecordAsync(Model, usage, keys).GetAwaiter().GetResult();
            tracker.RecordAsync(Model, usage, keys).GetAwaiter().GetResult();
            tracker.RecordAsync("gpt-4o", usage, keys).GetAwaiter().GetResult();
        }
    }
}

/// <summary>A typical chat prompt: the support system prompt of <see cref="RealisticPrompt"/> and a question with retrieved sentences.</summary>
internal static class TypicalPrompt
{
    /// <summary>A system and a user message counting at least <paramref name="tokens"/> tokens with <paramref name="counter"/>.</summary>
    public static PromptMessage[] Create(TokenCounter counter, int tokens)
    {
        string[] sentences = Prose.Create(2_000).Split(". ", StringSplitOptions.RemoveEmptyEntries);
        var system = new PromptMessage(PromptRole.System, RealisticPrompt.System);
        var user = new System.Text.StringBuilder("Which regions does the premium plan include? Use these documents:\n");
        PromptMessage[] messages;
        int i = 0;
        do
        {
            user.Append(sentences[i++ % sentences.Length]).Append(". ");
            messages = new[] { system, new PromptMessage(PromptRole.User, user.ToString()) };
        }
        while (counter.CountMessages(messages) < tokens);

        return messages;
    }
}
