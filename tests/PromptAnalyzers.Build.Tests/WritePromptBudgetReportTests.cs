using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace PromptAnalyzers.Build.Tests;

public sealed class WritePromptBudgetReportTests
{
    private static readonly DateTime s_old = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private static string Prompt(string question = "Question: {question}") => $$"""
        using PromptAnalyzers;
        namespace Consumer
        {
            [TokenBudget(4_000, Model = "gpt-4o-mini", ReservedOutput = 500)]
            public static partial class Support
            {
                [PromptTemplate(Role = PromptRole.System), TokenBudget(50)]
                public const string System = "You are Contoso's support agent. Answer {tone}.";

                [PromptTemplate, TokenBudget(100)]
                public const string Question = "{{question}}";
            }
        }
        """;

    private static (WritePromptBudgetReport Task, FakeBuildEngine Engine) Create(TempFolder folder, string assembly)
    {
        var engine = new FakeBuildEngine();
        var task = new WritePromptBudgetReport
        {
            BuildEngine = engine,
            Assembly = assembly,
            JsonPath = folder.File("obj", "Debug", "net10.0", "promptanalyzers.budget.json"),
            MarkdownPath = folder.File("obj", "Debug", "net10.0", "promptanalyzers.budget.md"),
            ProjectDirectory = folder.Path,
            TargetFramework = "net10.0",
        };
        return (task, engine);
    }

    [Fact]
    public void Writes_both_reports_and_logs_one_high_importance_summary_line()
    {
        using var folder = new TempFolder();
        string assembly = TestAssemblies.Write(folder.File("obj", "Debug", "net10.0"), TestAssemblies.Compile(Prompt(), generate: true));
        (WritePromptBudgetReport task, FakeBuildEngine engine) = Create(folder, assembly);

        Assert.True(task.Execute());

        Assert.True(File.Exists(task.JsonPath));
        Assert.True(File.Exists(task.MarkdownPath));
        string expectedPath = Path.Combine("obj", "Debug", "net10.0", "promptanalyzers.budget.md");
        BuildMessageEventArgs summary = Assert.Single(engine.Messages, m => m.Importance == MessageImportance.High);
        Assert.StartsWith("PromptAnalyzers: 1 prompt, 2 templates; tightest headroom Consumer.Support.System ", summary.Message, StringComparison.Ordinal);
        Assert.EndsWith("; report: " + expectedPath, summary.Message, StringComparison.Ordinal);
        Assert.Equal(summary.Message, task.Summary);
        Assert.Equal(new[] { task.JsonPath, task.MarkdownPath }, task.ReportFiles.Select(f => f.ItemSpec));
        Assert.Empty(engine.Warnings);
        Assert.Contains("| Consumer.Support | Question | gpt-4o-mini | o200k_base |", File.ReadAllText(task.MarkdownPath), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_report_is_not_rewritten_and_a_changed_one_is()
    {
        using var folder = new TempFolder();
        string directory = folder.File("obj", "Debug", "net10.0");
        string assembly = TestAssemblies.Write(directory, TestAssemblies.Compile(Prompt(), generate: true));
        Assert.True(Create(folder, assembly).Task.Execute());
        (WritePromptBudgetReport task, FakeBuildEngine engine) = Create(folder, assembly);
        File.SetLastWriteTimeUtc(task.JsonPath, s_old);
        File.SetLastWriteTimeUtc(task.MarkdownPath, s_old);

        // The same facts, even from a rebuilt assembly (a comment edit changes the image but not the facts).
        TestAssemblies.Write(directory, TestAssemblies.Compile("// edited\n" + Prompt(), generate: true));
        Assert.True(task.Execute());
        Assert.Equal(s_old, File.GetLastWriteTimeUtc(task.JsonPath));
        Assert.Equal(s_old, File.GetLastWriteTimeUtc(task.MarkdownPath));
        Assert.Single(engine.Messages, m => m.Importance == MessageImportance.High);

        // A template edit changes its count: both files are rewritten.
        string before = File.ReadAllText(task.JsonPath);
        TestAssemblies.Write(directory, TestAssemblies.Compile(Prompt("The customer's question, verbatim: {question}"), generate: true));
        Assert.True(Create(folder, assembly).Task.Execute());
        Assert.NotEqual(s_old, File.GetLastWriteTimeUtc(task.JsonPath));
        Assert.NotEqual(s_old, File.GetLastWriteTimeUtc(task.MarkdownPath));
        Assert.NotEqual(before, File.ReadAllText(task.JsonPath));
    }

    [Fact]
    public void An_assembly_without_prompts_gets_no_report_and_a_stale_one_is_deleted()
    {
        using var folder = new TempFolder();
        string directory = folder.File("obj", "Debug", "net10.0");
        string assembly = TestAssemblies.Write(directory, TestAssemblies.Compile(Prompt(), generate: true));
        Assert.True(Create(folder, assembly).Task.Execute());

        TestAssemblies.Write(directory, TestAssemblies.Compile("public class NoPrompts { }"));
        (WritePromptBudgetReport task, FakeBuildEngine engine) = Create(folder, assembly);
        Assert.True(task.Execute());

        Assert.False(File.Exists(task.JsonPath));
        Assert.False(File.Exists(task.MarkdownPath));
        Assert.DoesNotContain(engine.Messages, m => m.Importance == MessageImportance.High);
        Assert.Empty(task.ReportFiles);
        Assert.Equal(string.Empty, task.Summary);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void An_unreadable_assembly_is_warning_PROMPT017_and_does_not_fail_the_build()
    {
        using var folder = new TempFolder();
        string notAnAssembly = TestAssemblies.Write(folder.Path, new byte[] { 0x4D, 0x5A, 0, 0, 1, 2, 3 }, "Broken.dll");
        (WritePromptBudgetReport missing, FakeBuildEngine missingEngine) = Create(folder, folder.File("Missing.dll"));
        (WritePromptBudgetReport broken, FakeBuildEngine brokenEngine) = Create(folder, notAnAssembly);

        Assert.True(missing.Execute());
        Assert.True(broken.Execute());

        Assert.Equal("PROMPT017", Assert.Single(missingEngine.Warnings).Code);
        BuildWarningEventArgs warning = Assert.Single(brokenEngine.Warnings);
        Assert.Equal("PROMPT017", warning.Code);
        Assert.Contains("could not write the budget report of '" + notAnAssembly + "'", warning.Message, StringComparison.Ordinal);
        Assert.Empty(missingEngine.Errors);
        Assert.Empty(brokenEngine.Errors);
        Assert.False(File.Exists(broken.JsonPath));
    }

    private sealed class FakeBuildEngine : IBuildEngine
    {
        public List<BuildMessageEventArgs> Messages { get; } = new();

        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public List<BuildErrorEventArgs> Errors { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
