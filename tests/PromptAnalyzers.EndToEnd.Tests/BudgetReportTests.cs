using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>The budget report on the packed package: obj/.../promptanalyzers.budget.json and .md, and the summary line.</summary>
[Collection(PackageCollection.Name)]
public sealed class BudgetReportTests
{
    private static readonly DateTime s_old = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private readonly PackageFixture _package;

    public BudgetReportTests(PackageFixture package) => _package = package;

    [Fact]
    public void A_build_writes_the_report_with_the_build_time_counts_prints_one_line_and_rewrites_it_only_when_a_template_changes()
    {
        var consumer = new ConsumerProject(_package, "ReportConsumer")
            .WithFile("SupportPrompt.cs", PackageTests.SupportPrompt)
            .WithFile("Program.cs", """
                using Consumer;
                Console.WriteLine($"{SupportPrompt.TokenCounts.System} {SupportPrompt.TokenCounts.Context} {SupportPrompt.TokenCounts.Question}");
                """);
        string obj = Path.Combine(consumer.Directory, "obj", "Debug", "net10.0");
        string jsonPath = Path.Combine(obj, "promptanalyzers.budget.json");
        string markdownPath = Path.Combine(obj, "promptanalyzers.budget.md");
        string expectedLine = "PromptAnalyzers: 1 prompt, 3 templates; tightest headroom Consumer.SupportPrompt.System 80 % (gpt-4o-mini, o200k_base); "
            + "a call costs up to $0.000825; report: " + Path.Combine("obj", "Debug", "net10.0", "promptanalyzers.budget.md");

        CliResult build = consumer.Build("m");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);
        Assert.Single(Lines(build.Output), line => line == expectedLine);

        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        int[] counts = run.Output.Trim().Split(' ').Select(int.Parse).ToArray();

        using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(jsonPath)))
        {
            JsonElement root = document.RootElement;
            Assert.Equal("ReportConsumer", root.GetProperty("assembly").GetString());
            Assert.Equal("net10.0", root.GetProperty("targetFramework").GetString());
            JsonElement prompt = Assert.Single(root.GetProperty("prompts").EnumerateArray());
            Assert.Equal("Consumer.SupportPrompt", prompt.GetProperty("type").GetString());
            Assert.Equal("gpt-4o-mini", prompt.GetProperty("model").GetString());
            Assert.Equal("o200k_base", prompt.GetProperty("encoding").GetString());
            Assert.Equal((4_000, 500, 3_500), (prompt.GetProperty("totalTokens").GetInt32(), prompt.GetProperty("reservedOutput").GetInt32(), prompt.GetProperty("inputBudget").GetInt32()));
            JsonElement[] templates = prompt.GetProperty("templates").EnumerateArray().ToArray();
            Assert.Equal(new[] { "System", "Context", "Question" }, templates.Select(t => t.GetProperty("name").GetString()));
            Assert.Equal(counts, templates.Select(t => t.GetProperty("staticTokens").GetInt32()));
            Assert.Equal(new[] { 10, 5, 3 }, counts);
            Assert.Equal(new[] { 50, 1_750, 100 }, templates.Select(t => t.GetProperty("allocation").GetProperty("tokens").GetInt32()));
            Assert.Equal(new[] { 40, 1_745, 97 }, templates.Select(t => t.GetProperty("headroomTokens").GetInt32()));
            Assert.Equal(0.15m, prompt.GetProperty("prices").GetProperty("inputPerMillion").GetDecimal());
            Assert.Equal(0.000825m, prompt.GetProperty("costPerCall").GetProperty("max").GetDecimal());
            int overhead = prompt.GetProperty("chatOverhead").GetInt32();
            Assert.Equal((18 + overhead) * 0.15m / 1_000_000m, prompt.GetProperty("costPerCall").GetProperty("min").GetDecimal());
        }

        string markdown = File.ReadAllText(markdownPath);
        Assert.StartsWith("# Prompt budget report: ReportConsumer (net10.0)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Consumer.SupportPrompt | System | gpt-4o-mini | o200k_base | 10 | 50 | 40 (80 %) | $0.0000015 – $0.0000075 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Consumer.SupportPrompt | Context | gpt-4o-mini | o200k_base | 5 | 1,750 (50 %) | 1,745 (99 %) | $0.00000075 – $0.0002625 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Consumer.SupportPrompt | Question | gpt-4o-mini | o200k_base | 3 | 100 | 97 (97 %) | $0.00000045 – $0.000015 |\n", markdown, StringComparison.Ordinal);

        // Nothing changed: the compiler is skipped, the line is printed again, and neither file is rewritten.
        File.SetLastWriteTimeUtc(jsonPath, s_old);
        File.SetLastWriteTimeUtc(markdownPath, s_old);
        CliResult again = consumer.Build("m");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Single(Lines(again.Output), line => line == expectedLine);
        Assert.Equal(s_old, File.GetLastWriteTimeUtc(jsonPath));
        Assert.Equal(s_old, File.GetLastWriteTimeUtc(markdownPath));

        // A template edit: both files are rewritten with the new count.
        consumer.WithFile("SupportPrompt.cs", PackageTests.SupportPrompt.Replace(
            "\"Question: {question}\"", "\"The customer's question, in their own words: {question}\"", StringComparison.Ordinal));
        CliResult edited = consumer.Build("m");
        Assert.True(edited.ExitCode == 0, edited.Output);
        Assert.NotEqual(s_old, File.GetLastWriteTimeUtc(jsonPath));
        Assert.NotEqual(s_old, File.GetLastWriteTimeUtc(markdownPath));
        CliResult rerun = consumer.Run();
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        int questionTokens = int.Parse(rerun.Output.Trim().Split(' ')[2]);
        Assert.NotEqual(3, questionTokens);
        using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(jsonPath)))
        {
            Assert.Equal(questionTokens, document.RootElement.GetProperty("prompts")[0].GetProperty("templates")[2].GetProperty("staticTokens").GetInt32());
        }

        // The prompts are gone: so is the report, and the line.
        File.Delete(Path.Combine(consumer.Directory, "SupportPrompt.cs"));
        consumer.WithFile("Program.cs", "Console.WriteLine(\"no prompts\");");
        CliResult none = consumer.Build("m");
        Assert.True(none.ExitCode == 0, none.Output);
        Assert.DoesNotContain("PromptAnalyzers:", none.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(jsonPath));
        Assert.False(File.Exists(markdownPath));
    }

    [Fact]
    public void PromptAnalyzersBudgetReport_false_writes_no_report_and_prints_no_line()
    {
        var consumer = new ConsumerProject(_package, "NoReportConsumer")
            .WithFile("SupportPrompt.cs", PackageTests.SupportPrompt)
            .WithFile("Program.cs", "Console.WriteLine(Consumer.SupportPrompt.TokenCounts.System);")
            .WithFile("Directory.Build.props", "<Project><PropertyGroup><PromptAnalyzersBudgetReport>false</PromptAnalyzersBudgetReport></PropertyGroup></Project>");

        CliResult build = consumer.Build("m");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain("PromptAnalyzers:", build.Output, StringComparison.Ordinal);
        string obj = Path.Combine(consumer.Directory, "obj", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(obj, "NoReportConsumer.dll")), "the build must have compiled: " + build.Output);
        Assert.Empty(Directory.GetFiles(consumer.Directory, "promptanalyzers.budget.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_multi_targeted_library_gets_one_report_per_target_framework()
    {
        var consumer = new ConsumerProject(_package, "MultiTargetConsumer", targetFramework: "netstandard2.0")
            .WithFile("MultiTargetConsumer.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="PromptAnalyzers" Version="{_package.Version}" />
                  </ItemGroup>
                </Project>
                """)
            .WithFile("Prompt.cs", """
                using PromptAnalyzers;

                namespace Library
                {
                    [TokenBudget(1000, Encoding = "cl100k_base", ReservedOutput = 200)]
                    public static partial class Ask
                    {
                        [PromptTemplate]
                        public const string Question = "Question: {question_text}";
                    }
                }
                """);

        CliResult build = consumer.Build("m");

        Assert.True(build.ExitCode == 0, build.Output);
        foreach (string framework in new[] { "netstandard2.0", "net8.0" })
        {
            string report = Path.Combine(consumer.Directory, "obj", "Debug", framework, "promptanalyzers.budget.json");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(report));
            Assert.Equal(framework, document.RootElement.GetProperty("targetFramework").GetString());
            Assert.Equal("Library.Ask", document.RootElement.GetProperty("prompts")[0].GetProperty("type").GetString());
            Assert.Single(Lines(build.Output), line => line.StartsWith("PromptAnalyzers: 1 prompt, 1 template;", StringComparison.Ordinal)
                && line.EndsWith(Path.Combine("obj", "Debug", framework, "promptanalyzers.budget.md"), StringComparison.Ordinal));
        }
    }

    private static string[] Lines(string output) =>
        output.Split('\n').Select(line => line.Trim()).ToArray();
}
