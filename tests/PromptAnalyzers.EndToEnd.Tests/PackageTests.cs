using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace PromptAnalyzers.EndToEnd.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageTests
{
    internal const string SupportPrompt = """
        using PromptAnalyzers;

        namespace Consumer;

        [TokenBudget(4_000, Model = "gpt-4o-mini", ReservedOutput = 500)]
        public static partial class SupportPrompt
        {
            [PromptTemplate(Role = PromptRole.System)]
            [TokenBudget(50)]
            public const string System = "You are Contoso's support agent. Answer {tone}.";

            [PromptTemplate]
            [TokenBudget(Percent = 50, Truncation = Truncation.Sentences)]
            public const string Context = "Use only these documents:\n{documents}";

            [PromptTemplate]
            [TokenBudget(100, Truncation = Truncation.KeepStart)]
            public const string Question = "Question: {question}";
        }
        """;

    private const string Program = """
        using PromptAnalyzers;
        using Consumer;

        Console.WriteLine($"counts {SupportPrompt.TokenCounts.System} {SupportPrompt.TokenCounts.Context} {SupportPrompt.TokenCounts.Question}");
        string documents = string.Concat(Enumerable.Repeat("The warranty covers parts and labour for two years. ", 2_000));
        BudgetedPrompt prompt = SupportPrompt.CreateBuilder()
            .WithTone("briefly")
            .WithDocuments(documents)
            .WithQuestion("Does the warranty cover the battery?")
            .Build();
        Console.WriteLine($"messages {prompt.Messages.Count} {string.Join(",", prompt.Messages.Select(m => m.RoleName))}");
        Console.WriteLine($"input {prompt.InputTokens} of {prompt.InputBudget}");
        Console.WriteLine($"context cut {prompt.Segments[1].IsTruncated} {prompt.Segments[1].Tokens} <= {prompt.Segments[1].Allocation}");
        Console.WriteLine(prompt.Messages[2].Content);
        """;

    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void Package_holds_the_runtime_in_lib_the_generator_with_everything_it_loads_in_analyzers_and_the_report_task_in_build()
    {
        using ZipArchive archive = ZipFile.OpenRead(_package.PackagePath);
        string[] files = archive.Entries
            .Select(e => e.FullName)
            .Where(name => name.StartsWith("lib/", StringComparison.Ordinal) || name.StartsWith("analyzers/", StringComparison.Ordinal)
                || name.StartsWith("build", StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        string[] expected =
        [
            "analyzers/dotnet/cs/Google.Protobuf.dll",
            "analyzers/dotnet/cs/Microsoft.Bcl.AsyncInterfaces.dll",
            "analyzers/dotnet/cs/Microsoft.Bcl.HashCode.dll",
            "analyzers/dotnet/cs/Microsoft.Bcl.Memory.dll",
            "analyzers/dotnet/cs/Microsoft.ML.Tokenizers.Data.Cl100kBase.dll",
            "analyzers/dotnet/cs/Microsoft.ML.Tokenizers.Data.O200kBase.dll",
            "analyzers/dotnet/cs/Microsoft.ML.Tokenizers.dll",
            "analyzers/dotnet/cs/PromptAnalyzers.CodeFixes.dll",
            "analyzers/dotnet/cs/PromptAnalyzers.Generators.dll",
            "analyzers/dotnet/cs/System.Buffers.dll",
            "analyzers/dotnet/cs/System.IO.Pipelines.dll",
            "analyzers/dotnet/cs/System.Memory.dll",
            "analyzers/dotnet/cs/System.Numerics.Vectors.dll",
            "analyzers/dotnet/cs/System.Runtime.CompilerServices.Unsafe.dll",
            "analyzers/dotnet/cs/System.Text.Encodings.Web.dll",
            "analyzers/dotnet/cs/System.Text.Json.dll",
            "analyzers/dotnet/cs/System.Threading.Tasks.Extensions.dll",
            "build/PromptAnalyzers.Build.dll",
            "build/PromptAnalyzers.props",
            "build/PromptAnalyzers.targets",
            "buildTransitive/PromptAnalyzers.props",
            "buildTransitive/PromptAnalyzers.targets",
            "lib/net8.0/PromptAnalyzers.dll",
            "lib/net8.0/PromptAnalyzers.xml",
            "lib/netstandard2.0/PromptAnalyzers.dll",
            "lib/netstandard2.0/PromptAnalyzers.xml",
        ];
        Assert.Equal(expected, files);

        using var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName == "PromptAnalyzers.nuspec").Open());
        string manifest = nuspec.ReadToEnd();
        Assert.Contains("<dependency id=\"Microsoft.ML.Tokenizers\"", manifest, StringComparison.Ordinal);
        Assert.Contains("<dependency id=\"Microsoft.ML.Tokenizers.Data.O200kBase\"", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_consumer_builds_warning_free_and_its_builder_fits_the_budget()
    {
        var consumer = new ConsumerProject(_package, "CleanConsumer")
            .WithFile("SupportPrompt.cs", SupportPrompt)
            .WithFile("Program.cs", Program);

        CliResult build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);

        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Reference counts from OpenAI's tiktoken (o200k_base, encode_ordinary) of the static text.
        Assert.Equal("counts 10 5 3", lines[0]);
        Assert.Equal("messages 3 system,user,user", lines[1]);

        string[] input = lines[2].Split(' ');
        int inputTokens = int.Parse(input[1]);
        Assert.Equal("3500", input[3]);
        Assert.InRange(inputTokens, 1, 3500);

        string[] context = lines[3].Split(' ');
        Assert.Equal("True", context[2]);
        Assert.InRange(int.Parse(context[3]), 1, int.Parse(context[5]));
        Assert.Equal("Question: Does the warranty cover the battery?", lines[4]);
    }

    [Fact]
    public void NetStandard_library_on_its_default_CSharp_7_3_builds_warning_free()
    {
        var consumer = new ConsumerProject(_package, "LibraryConsumer", targetFramework: "netstandard2.0")
            .WithFile("Prompt.cs", """
                using PromptAnalyzers;

                namespace Library
                {
                    /// <summary>A prompt in a library that documents its public API.</summary>
                    [TokenBudget(1000, Encoding = "cl100k_base", ReservedOutput = 200)]
                    public static partial class Ask
                    {
                        /// <summary>The question.</summary>
                        [PromptTemplate]
                        public const string Question = "Question: {question_text}";
                    }

                    /// <summary>Uses the generated members.</summary>
                    public static class Use
                    {
                        /// <summary>Builds the prompt.</summary>
                        public static BudgetedPrompt Build(string text)
                        {
                            return Ask.CreateBuilder().WithQuestionText(text).Build();
                        }

                        /// <summary>The build-time count.</summary>
                        public const int StaticTokens = Ask.TokenCounts.Question;
                    }
                }
                """)
            .WithFile("Directory.Build.props", "<Project><PropertyGroup><GenerateDocumentationFile>true</GenerateDocumentationFile></PropertyGroup></Project>");

        CliResult build = consumer.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotMatch(@"warning [A-Z]+[0-9]+", build.Output);
    }

    [Fact]
    public void Static_text_over_its_allocation_fails_the_build_with_PROMPT001()
    {
        var consumer = new ConsumerProject(_package, "OverrunConsumer")
            .WithFile("Prompt.cs", Overrun)
            .WithFile("Program.cs", "System.Console.WriteLine(Consumer.Overrun.TokenCounts.System);");

        CliResult build = consumer.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error PROMPT001", build.Output, StringComparison.Ordinal);
        Assert.Contains("Static text of 'System' is 10 tokens (o200k_base); its allocation is 5", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Editorconfig_can_lower_PROMPT001_to_a_warning()
    {
        var consumer = new ConsumerProject(_package, "WarningConsumer", treatWarningsAsErrors: false)
            .WithFile("Prompt.cs", Overrun)
            .WithFile("Program.cs", "System.Console.WriteLine(Consumer.Overrun.TokenCounts.System);")
            .WithFile(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.PROMPT001.severity = warning\n");

        CliResult build = consumer.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("warning PROMPT001", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error PROMPT001", build.Output, StringComparison.Ordinal);

        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("10", run.Output.Trim());
    }

    [Fact]
    public void Project_settings_give_prompts_a_default_model_and_a_margin()
    {
        const string prompts = """
            using PromptAnalyzers;

            namespace Consumer;

            [TokenBudget(2_000, ReservedOutput = 500)]
            public static partial class Unnamed
            {
                [PromptTemplate] public const string Ask = "Question: {question}";
            }

            [TokenBudget(2_000, Model = "claude-sonnet-4", ReservedOutput = 500)]
            public static partial class Approximated
            {
                [PromptTemplate] public const string Ask = "Question: {question}";
            }
            """;
        var consumer = new ConsumerProject(_package, "SettingsConsumer")
            .WithFile("Prompt.cs", prompts)
            .WithFile("Program.cs", """
                var unnamed = Consumer.Unnamed.CreateBuilder().WithQuestion("hi").Build();
                var approximated = Consumer.Approximated.CreateBuilder().WithQuestion("hi").Build();
                System.Console.WriteLine($"{unnamed.Definition.Model} {unnamed.Definition.Encoding} {approximated.Definition.ApproximationMargin}");
                """);
        System.IO.File.WriteAllText(System.IO.Path.Combine(consumer.Directory, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <PromptAnalyzersDefaultModel>gpt-4o-mini</PromptAnalyzersDefaultModel>
                <PromptAnalyzersApproximationMargin>0.5</PromptAnalyzersApproximationMargin>
              </PropertyGroup>
            </Project>
            """);

        CliResult build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Output);

        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("gpt-4o-mini o200k_base 0.5", run.Output.Trim());
    }

    [Fact]
    public void A_project_model_file_adds_models_and_a_broken_one_fails_the_build_at_its_line()
    {
        const string models = """
            {
              "models": [
                { "name": "acme-llm", "provider": "acme", "contextWindow": 8000, "maxOutput": 2000, "encoding": "cl100k_base" }
              ]
            }
            """;
        var consumer = new ConsumerProject(_package, "ModelFileConsumer")
            .WithFile("promptanalyzers.models.json", models)
            .WithFile("Directory.Build.props", "<Project><ItemGroup><AdditionalFiles Include=\"promptanalyzers.models.json\" /></ItemGroup></Project>")
            .WithFile("Prompt.cs", """
                using PromptAnalyzers;

                namespace Consumer;

                [TokenBudget(4_000, Model = "acme-llm", ReservedOutput = 500)]
                public static partial class Custom
                {
                    [PromptTemplate] public const string Ask = "Question: {question}";
                }
                """)
            .WithFile("Program.cs", """
                var prompt = Consumer.Custom.CreateBuilder().WithQuestion("hi").Build();
                System.Console.WriteLine($"{prompt.Definition.Model} {prompt.Definition.Encoding} {prompt.InputTokens}");
                """);

        CliResult build = consumer.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        CliResult run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.StartsWith("acme-llm cl100k_base ", run.Output.Trim(), StringComparison.Ordinal);

        consumer.WithFile("promptanalyzers.models.json", "{\n  \"models\": [\n    { \"name\": \"acme-llm\" \"encoding\": \"cl100k_base\" }\n  ]\n}\n");
        CliResult broken = consumer.Build();
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("promptanalyzers.models.json(3,26): error PROMPT014", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compiler_older_than_Roslyn_4_8_gets_one_clear_warning_instead_of_load_failures()
    {
        // What an old SDK or Visual Studio reports for itself; the project uses the attributes only, as it would
        // have to without the generator.
        var consumer = new ConsumerProject(_package, "OldCompilerConsumer", treatWarningsAsErrors: false)
            .WithFile("Prompt.cs", Overrun)
            .WithFile("Program.cs", "System.Console.WriteLine(\"built\");");

        CliResult build = DotNetCli.Run(consumer.Directory, TimeSpan.FromMinutes(5),
            "build", "--disable-build-servers", "-nologo", "-v", "q", "-clp:NoSummary", "-p:CompilerApiVersion=roslyn4.4");

        Assert.True(build.ExitCode == 0, build.Output);
        // MSBuild repeats warnings in its closing summary: one distinct warning, and the summary counts one.
        string[] warnings = build.Output.Split('\n').Where(line => line.Contains("warning ", StringComparison.Ordinal)).Select(line => line.Trim()).Distinct().ToArray();
        Assert.True(warnings.Length == 1 && warnings[0].Contains("warning PROMPT016", StringComparison.Ordinal), build.Output);
        Assert.Contains("1 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.Contains("needs C# compiler 4.8 or later", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8033", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PROMPT001", build.Output, StringComparison.Ordinal);
    }

    private const string Overrun = """
        using PromptAnalyzers;

        namespace Consumer;

        [TokenBudget(Model = "gpt-4o")]
        public static partial class Overrun
        {
            [PromptTemplate(Role = PromptRole.System)]
            [TokenBudget(5)]
            public const string System = "You are Contoso's support agent. Answer {tone}.";
        }
        """;
}
