using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using PromptAnalyzers.TestSupport;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>
/// PromptAnalyzers.Extensions.AI and PromptAnalyzers.Redis as a user gets them after <c>dotnet add package</c>: the packed
/// packages' contents and dependencies, and real consumer projects that reference only the one package, build with
/// warnings as errors and print what they measured.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ProductionPackagesTests
{
    private const string MicrosoftExtensionsDependencyInjection = "10.0.13";

    private readonly PackageFixture _package;

    public ProductionPackagesTests(PackageFixture package) => _package = package;

    [Theory]
    [InlineData(PackageFixture.ExtensionsAIId, "Microsoft.Extensions.AI", "Microsoft.Extensions.AI.Abstractions")]
    [InlineData(PackageFixture.RedisId, "StackExchange.Redis", null)]
    public void Package_holds_both_libraries_with_xml_docs_depends_on_PromptAnalyzers_with_its_analyzers_and_carries_no_analyzers_itself(
        string id, string dependency, string? secondDependency)
    {
        using ZipArchive archive = ZipFile.OpenRead(_package.PackagePathOf(id));
        string[] files = archive.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/", StringComparison.Ordinal)
                && name != "[Content_Types].xml" && name != id + ".nuspec" && !name.EndsWith(".psmdcp", StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            ["README.md", $"lib/net8.0/{id}.dll", $"lib/net8.0/{id}.xml", $"lib/netstandard2.0/{id}.dll", $"lib/netstandard2.0/{id}.xml"],
            files);

        // The xml docs document the public API (not an empty file).
        string type = id == PackageFixture.RedisId ? "T:PromptAnalyzers.Redis.RedisUsageStore" : "T:PromptAnalyzers.Extensions.AI.TokenBudgetChatClient";
        foreach (string framework in new[] { "net8.0", "netstandard2.0" })
        {
            using var reader = new StreamReader(archive.GetEntry($"lib/{framework}/{id}.xml")!.Open());
            XDocument docs = XDocument.Parse(reader.ReadToEnd());
            Assert.Contains(docs.Descendants("member"), m => (string?)m.Attribute("name") == type && m.Element("summary") is not null);
        }

        using var nuspecReader = new StreamReader(archive.GetEntry(id + ".nuspec")!.Open());
        XDocument nuspec = XDocument.Parse(nuspecReader.ReadToEnd());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        XElement[] groups = nuspec.Descendants(ns + "group").ToArray();
        Assert.Equal(["net8.0", ".NETStandard2.0"], groups.Select(g => (string)g.Attribute("targetFramework")!).ToArray());
        foreach (XElement group in groups)
        {
            Dictionary<string, XElement> dependencies = group.Elements(ns + "dependency").ToDictionary(d => (string)d.Attribute("id")!);
            XElement promptAnalyzers = Assert.Contains(PackageFixture.PromptAnalyzersId, dependencies);
            Assert.Equal(_package.Version, (string?)promptAnalyzers.Attribute("version"));
            // Excluding Analyzers or Build would keep the generator and buildTransitive/ from the package's consumers.
            Assert.Null(promptAnalyzers.Attribute("exclude"));
            Assert.Contains(dependency, dependencies);
            if (secondDependency is not null)
            {
                Assert.Contains(secondDependency, dependencies);
            }
        }
    }

    [Fact]
    public void Extensions_AI_consumer_gets_the_generator_transitively_and_the_middleware_caps_records_and_rejects()
    {
        var consumer = new ConsumerProject(
                _package,
                "ExtensionsAIConsumer",
                packages: [PackageFixture.ExtensionsAIId],
                otherPackages: [("Microsoft.Extensions.DependencyInjection", MicrosoftExtensionsDependencyInjection)])
            .WithFile("SupportPrompt.cs", PackageTests.SupportPrompt)
            .WithFile("ScriptedChatClient.cs", ScriptedChatClient)
            .WithFile("Program.cs", ExtensionsAIProgram);

        CliResult build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);

        // PromptAnalyzers' buildTransitive/ came along too: the build wrote the budget report.
        Assert.True(File.Exists(Path.Combine(consumer.Directory, "obj", "Debug", "net10.0", "promptanalyzers.budget.json")), build.Output);

        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        string[] lines = Lines(run.Output);
        Assert.True(lines.Length == 6, run.Output);

        // The generated builder (from PromptAnalyzers, which came only as a dependency) and its build-time constant.
        Assert.Equal("static 10", lines[0]);
        int promptTokens = int.Parse(lines[1]["prompt ".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(promptTokens, 20, 3_500);

        // The fake saw the default model, the reserved output as its cap and the prompt's three messages.
        Assert.Equal("sent gpt-4o-mini max-output 400 messages system,user,user", lines[2]);

        // The scripted usage, recorded by the tracker AddPromptBudgeting registered, priced as CostEstimator prices it.
        var usage = new TokenUsage(inputTokens: 1_500, outputTokens: 120, cachedInputTokens: 1_024);
        decimal cost = CostEstimator.Default.Price("gpt-4o-mini", usage).Total;
        Assert.True(cost > 0m);
        AssertTotals(lines[3], "totals", calls: 1, input: 1_500, cached: 1_024, output: 120, cost);

        // The call over the project's Reject policy: used 0 of 100 tokens, requested the counted input + the 400 reserved.
        Assert.Equal(
            $"rejected PromptAnalyzers.BudgetExceededException tiny-project project:tiny Day Tokens 100 0 {promptTokens + 400}",
            lines[4]);

        // The rejected call never reached the inner client and was not recorded.
        Assert.Equal("after inner-calls 1 recorded-calls 1", lines[5]);
    }

    [Fact]
    public void Redis_consumer_records_through_a_tracker_and_a_second_connection_reads_back_the_exact_totals()
    {
        using var redis = new LocalRedis();
        var consumer = new ConsumerProject(_package, "RedisConsumer", packages: [PackageFixture.RedisId])
            .WithFile("Program.cs", RedisProgram);

        CliResult build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);

        string prefix = "pa-e2e:" + Guid.NewGuid().ToString("N") + ":";
        CliResult run = consumer.Run(redis.Endpoint, prefix);
        Assert.True(run.ExitCode == 0, run.Output);
        string[] lines = Lines(run.Output);
        Assert.True(lines.Length == 7, run.Output);

        // What the consumer records: (model, input, output, cached, keys).
        var alice1 = new TokenUsage(1_000, 200);
        var bob = new TokenUsage(3_000, 500, cachedInputTokens: 2_048);
        var alice2 = new TokenUsage(400, 50);
        decimal alice1Cost = CostEstimator.Default.Price("gpt-4o", alice1).Total;
        decimal bobCost = CostEstimator.Default.Price("gpt-4o-mini", bob).Total;
        decimal alice2Cost = CostEstimator.Default.Price("gpt-4o", alice2).Total;
        Assert.True(alice1Cost > 0m && bobCost > 0m && alice2Cost > 0m);

        AssertTotals(lines[0], "month", 3, 4_400, 2_048, 750, alice1Cost + bobCost + alice2Cost);
        AssertTotals(lines[1], "alice", 2, 1_400, 0, 250, alice1Cost + alice2Cost);
        AssertTotals(lines[2], "checkout-gpt-4o", 1, 400, 0, 50, alice2Cost);
        AssertTotals(lines[3], "report", 3, 4_400, 2_048, 750, alice1Cost + bobCost + alice2Cost);
        AssertTotals(lines[4], "report-gpt-4o-mini", 1, 3_000, 2_048, 500, bobCost);
        AssertTotals(lines[5], "report-bob", 1, 3_000, 2_048, 500, bobCost);
        // The consumer removed every key it wrote under its prefix.
        Assert.Equal("left 0", lines[6]);
    }

    [Theory]
    [InlineData(PackageFixture.ExtensionsAIId)]
    [InlineData(PackageFixture.RedisId)]
    public void NetStandard_library_referencing_only_the_package_restores_and_builds_warning_free(string id)
    {
        // The package's netstandard2.0 dependency group (what .NET Framework and netstandard libraries get) restores
        // without NU1603/NU1605, and the library compiles on C# 7.3 with the generator. One package per consumer: the
        // other's dependencies could settle a version this one leaves open.
        string use = id == PackageFixture.RedisId
            ? """
                public static UsageTracker Tracker(StackExchange.Redis.IConnectionMultiplexer redis)
                {
                    return new UsageTracker(new PromptAnalyzers.Redis.RedisUsageStore(redis));
                }
                """
            : """
                public static System.Collections.Generic.List<Microsoft.Extensions.AI.ChatMessage> Messages(string text)
                {
                    return PromptAnalyzers.Extensions.AI.ChatMessageConversions.ToChatMessages(Ask.CreateBuilder().WithQuestion(text).Build());
                }

                public static Microsoft.Extensions.AI.IChatClient Budgeted(Microsoft.Extensions.AI.IChatClient inner, UsageTracker tracker)
                {
                    return Microsoft.Extensions.AI.TokenBudgetChatClientBuilderExtensions.UseTokenBudget(
                        new Microsoft.Extensions.AI.ChatClientBuilder(inner), o => o.Tracker = tracker).Build();
                }
                """;
        var consumer = new ConsumerProject(_package, "NetStandardConsumerOf" + id.Replace(".", "", StringComparison.Ordinal),
                targetFramework: "netstandard2.0", packages: [id])
            .WithFile("Use.cs", $$"""
                using PromptAnalyzers;

                namespace Library
                {
                    [TokenBudget(1000, Model = "gpt-4o-mini", ReservedOutput = 200)]
                    public static partial class Ask
                    {
                        [PromptTemplate]
                        public const string Question = "Question: {question}";
                    }

                    public static class Use
                    {
                        public const int StaticTokens = Ask.TokenCounts.Question;

                {{use}}
                    }
                }
                """);

        CliResult build = consumer.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"label calls input cached output total cost", the cost compared as a decimal (its scale may differ).</summary>
    private static void AssertTotals(string line, string label, long calls, long input, long cached, long output, decimal cost)
    {
        string[] parts = line.Split(' ');
        Assert.True(parts.Length == 7, line);
        Assert.Equal(
            $"{label} {calls} {input} {cached} {output} {input + output}",
            string.Join(' ', parts.Take(6)));
        Assert.True(decimal.Parse(parts[6], NumberStyles.Number, CultureInfo.InvariantCulture) == cost, $"{line}: expected cost {cost}");
    }

    private const string ScriptedChatClient = """
        using Microsoft.Extensions.AI;

        namespace Consumer;

        /// <summary>An inner client that answers every call with the same text and the usage it was given, and remembers what it was sent.</summary>
        public sealed class ScriptedChatClient : IChatClient
        {
            private readonly UsageDetails _usage;

            public ScriptedChatClient(UsageDetails usage) => _usage = usage;

            public int Calls { get; private set; }

            public string? ModelId { get; private set; }

            public int? MaxOutputTokens { get; private set; }

            public string Roles { get; private set; } = "";

            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            {
                Calls++;
                ModelId = options?.ModelId;
                MaxOutputTokens = options?.MaxOutputTokens;
                Roles = string.Join(",", messages.Select(m => m.Role.Value));
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Yes: the battery is a part.")) { ModelId = ModelId, Usage = _usage });
            }

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException();

            public object? GetService(Type serviceType, object? serviceKey = null) =>
                serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

            public void Dispose()
            {
            }
        }
        """;

    private const string ExtensionsAIProgram = """
        using System.Globalization;
        using Consumer;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using PromptAnalyzers;
        using PromptAnalyzers.Extensions.AI;

        var services = new ServiceCollection();
        services.AddPromptBudgeting(options =>
        {
            options.DefaultModel = "gpt-4o-mini";
            options.ReservedOutputTokens = 400;
            options.Policies.Add(new BudgetPolicy("app-daily") { Window = UsageWindow.Day, MaxTokens = 1_000_000 });
            options.Policies.Add(new BudgetPolicy("tiny-project")
            {
                Key = UsageKey.Project("tiny"),
                Window = UsageWindow.Day,
                MaxTokens = 100,
                Action = BudgetAction.Reject,
            });
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var inner = new ScriptedChatClient(new UsageDetails { InputTokenCount = 1_500, CachedInputTokenCount = 1_024, OutputTokenCount = 120, TotalTokenCount = 1_620 });
        using IChatClient client = new ChatClientBuilder(inner).UseTokenBudget().Build(provider);

        BudgetedPrompt prompt = SupportPrompt.CreateBuilder()
            .WithTone("briefly")
            .WithDocuments("The warranty covers parts and labour for two years. Batteries are parts.")
            .WithQuestion("Does the warranty cover the battery?")
            .Build();
        Console.WriteLine($"static {SupportPrompt.TokenCounts.System}");
        Console.WriteLine($"prompt {prompt.InputTokens}");

        await client.GetResponseAsync(prompt.ToChatMessages());
        Console.WriteLine($"sent {inner.ModelId} max-output {inner.MaxOutputTokens} messages {inner.Roles}");

        UsageTracker tracker = provider.GetRequiredService<UsageTracker>();
        UsageTotals totals = await tracker.GetTotalsAsync(null, null, UsageWindow.Month);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"totals {totals.Calls} {totals.InputTokens} {totals.CachedInputTokens} {totals.OutputTokens} {totals.TotalTokens} {totals.Cost}"));

        try
        {
            await client.GetResponseAsync(prompt.ToChatMessages(), new ChatOptions().WithUsageKeys(UsageKey.Project("tiny")));
            Console.WriteLine("not rejected");
        }
        catch (BudgetExceededException rejection)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rejected {rejection.GetType().FullName} {rejection.PolicyName} {rejection.Scope} {rejection.Window} {rejection.LimitKind} {rejection.Limit} {rejection.Used} {rejection.Requested}"));
        }

        UsageTotals after = await tracker.GetTotalsAsync(null, null, UsageWindow.Month);
        Console.WriteLine($"after inner-calls {inner.Calls} recorded-calls {after.Calls}");
        """;

    private const string RedisProgram = """
        using System.Globalization;
        using PromptAnalyzers;
        using PromptAnalyzers.Redis;
        using StackExchange.Redis;

        string endpoint = args[0];
        var storeOptions = new RedisUsageStoreOptions { KeyPrefix = args[1] };
        DateTimeOffset from = StartOfMinute(DateTimeOffset.UtcNow);

        // One service instance records three calls on its connection...
        using (ConnectionMultiplexer first = await ConnectionMultiplexer.ConnectAsync(endpoint))
        {
            var tracker = new UsageTracker(new RedisUsageStore(first, storeOptions));
            await tracker.RecordAsync("gpt-4o", new TokenUsage(1_000, 200), [UsageKey.User("alice")]);
            await tracker.RecordAsync("gpt-4o-mini", new TokenUsage(3_000, 500, cachedInputTokens: 2_048), [UsageKey.User("bob"), UsageKey.Project("checkout")]);
            await tracker.RecordAsync("gpt-4o", new TokenUsage(400, 50), [UsageKey.User("alice"), UsageKey.Project("checkout")]);
        }

        DateTimeOffset to = StartOfMinute(DateTimeOffset.UtcNow).AddMinutes(1);

        // ...and another instance, on a connection of its own, reads them back.
        using ConnectionMultiplexer second = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var reader = new UsageTracker(new RedisUsageStore(second, storeOptions));
        Print("month", await reader.GetTotalsAsync(null, null, UsageWindow.Month));
        Print("alice", await reader.GetTotalsAsync(UsageKey.User("alice"), null, UsageWindow.Month));
        Print("checkout-gpt-4o", await reader.GetTotalsAsync(UsageKey.Project("checkout"), "gpt-4o", UsageWindow.Month));
        UsageReport report = await reader.GetReportAsync(from, to);
        Print("report", report.Total);
        Print("report-gpt-4o-mini", report.ForModel("gpt-4o-mini"));
        Print("report-bob", report.ForKey(UsageKey.User("bob")));

        // Leave nothing behind on a shared server.
        IDatabase database = second.GetDatabase();
        IServer server = second.GetServer(second.GetEndPoints()[0]);
        await foreach (RedisKey key in server.KeysAsync(database.Database, pattern: storeOptions.KeyPrefix + "*"))
        {
            await database.KeyDeleteAsync(key);
        }

        int left = 0;
        await foreach (RedisKey key in server.KeysAsync(database.Database, pattern: storeOptions.KeyPrefix + "*"))
        {
            left++;
        }

        Console.WriteLine($"left {left}");

        static DateTimeOffset StartOfMinute(DateTimeOffset time) =>
            new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);

        static void Print(string label, UsageTotals totals) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label} {totals.Calls} {totals.InputTokens} {totals.CachedInputTokens} {totals.OutputTokens} {totals.TotalTokens} {totals.Cost}"));
        """;
}
