using System;
using System.IO;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>
/// Packs PromptAnalyzers, PromptAnalyzers.Extensions.AI and PromptAnalyzers.Redis once per test run into a temporary
/// folder feed, all under one version no earlier run used, so the NuGet cache can never serve a stale copy. Consumer
/// projects are written next to the feed and restore from it.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepositoryRoot = DotNetCli.RepositoryRoot();
        WorkDirectory = Path.Combine(Path.GetTempPath(), "pa-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        Directory.CreateDirectory(FeedDirectory);
        Version = "0.0.1-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;

        // One pack of the three packable projects through a solution filter: MSBuild builds PromptAnalyzers (and its
        // generator) once for all of them, in one process, which costs far less than one `dotnet pack` per project.
        string filter = Path.Combine(WorkDirectory, "packages.slnf");
        File.WriteAllText(filter, $$"""
            {
              "solution": {
                "path": "{{Path.Combine(RepositoryRoot, "PromptAnalyzers.sln").Replace("\\", "/", StringComparison.Ordinal)}}",
                "projects": [
                  "src/PromptAnalyzers/PromptAnalyzers.csproj",
                  "src/PromptAnalyzers.Extensions.AI/PromptAnalyzers.Extensions.AI.csproj",
                  "src/PromptAnalyzers.Redis/PromptAnalyzers.Redis.csproj"
                ]
              }
            }
            """);
        CliResult pack = DotNetCli.Run(
            RepositoryRoot,
            TimeSpan.FromMinutes(10),
            "pack", filter, "-c", "Release", "-o", FeedDirectory,
            "-p:Version=" + Version, "--disable-build-servers");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        }

        foreach (string id in PackageIds)
        {
            string path = PackagePathOf(id);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"dotnet pack did not produce {path}:\n{pack.Output}");
            }
        }

        PackagePath = PackagePathOf(PromptAnalyzersId);
    }

    public const string PromptAnalyzersId = "PromptAnalyzers";

    public const string ExtensionsAIId = "PromptAnalyzers.Extensions.AI";

    public const string RedisId = "PromptAnalyzers.Redis";

    /// <summary>Every package the fixture packs, all under <see cref="Version"/>.</summary>
    public static readonly string[] PackageIds = [PromptAnalyzersId, ExtensionsAIId, RedisId];

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public string Version { get; }

    /// <summary>The PromptAnalyzers package.</summary>
    public string PackagePath { get; }

    /// <summary>The .nupkg of one of <see cref="PackageIds"/> in the feed.</summary>
    public string PackagePathOf(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    public void Dispose()
    {
        string nugetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in PackageIds)
        {
            TryDelete(Path.Combine(nugetPackages, id.ToLowerInvariant(), Version.ToLowerInvariant()));
        }

        TryDelete(WorkDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A consumer build still holding a file must not fail the run; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed PromptAnalyzers";
}
