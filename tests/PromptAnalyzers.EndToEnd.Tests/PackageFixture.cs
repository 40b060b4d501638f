using System;
using System.IO;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>
/// Packs PromptAnalyzers once per test run into a temporary folder feed, under a version no earlier run used, so the
/// NuGet cache can never serve a stale copy. Consumer projects are written next to the feed and restore from it.
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

        CliResult pack = DotNetCli.Run(
            RepositoryRoot,
            TimeSpan.FromMinutes(10),
            "pack", "src/PromptAnalyzers/PromptAnalyzers.csproj", "-c", "Release", "-o", FeedDirectory,
            "-p:Version=" + Version, "--disable-build-servers");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        }

        PackagePath = Path.Combine(FeedDirectory, $"PromptAnalyzers.{Version}.nupkg");
        if (!File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack did not produce {PackagePath}:\n{pack.Output}");
        }
    }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public string FeedDirectory { get; }

    public string Version { get; }

    public string PackagePath { get; }

    public void Dispose()
    {
        string nugetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(nugetPackages, "promptanalyzers", Version.ToLowerInvariant()));
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
