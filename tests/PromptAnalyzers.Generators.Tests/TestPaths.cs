using System;
using System.IO;

namespace PromptAnalyzers.Generators.Tests;

internal static class TestPaths
{
    public static string RepoRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "PromptAnalyzers.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("PromptAnalyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
