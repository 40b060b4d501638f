using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>
/// A real consumer project in a temporary folder that references packed packages: PromptAnalyzers unless
/// <c>packages</c> names others of the feed (ids, at the fixture's version), plus <c>otherPackages</c> (id and version)
/// from the public feed.
/// </summary>
internal sealed class ConsumerProject
{
    private readonly PackageFixture _package;

    public ConsumerProject(
        PackageFixture package,
        string name,
        bool treatWarningsAsErrors = true,
        string targetFramework = "net10.0",
        IEnumerable<string>? packages = null,
        IEnumerable<(string Id, string Version)>? otherPackages = null)
    {
        _package = package;
        Directory = Path.Combine(package.WorkDirectory, name);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{(targetFramework == "netstandard2.0" ? "Library" : "Exe")}</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>{(targetFramework == "netstandard2.0" ? "disable" : "enable")}</Nullable>
                <ImplicitUsings>{(targetFramework == "netstandard2.0" ? "disable" : "enable")}</ImplicitUsings>
                <TreatWarningsAsErrors>{(treatWarningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                {References(package, packages, otherPackages)}
              </ItemGroup>
            </Project>
            """);
    }

    public string Directory { get; }

    public ConsumerProject WithFile(string relativePath, string content)
    {
        File.WriteAllText(Path.Combine(Directory, relativePath), content);
        return this;
    }

    /// <summary>Builds quietly (errors and warnings only), or at <paramref name="verbosity"/>: "m" shows high-importance messages.</summary>
    public CliResult Build(string verbosity = "q") =>
        DotNetCli.Run(Directory, TimeSpan.FromMinutes(5), "build", "--disable-build-servers", "-nologo", "-v", verbosity, "-clp:NoSummary");

    public CliResult Run(params string[] arguments) =>
        DotNetCli.Run(Directory, TimeSpan.FromMinutes(5), ["run", "--no-build", "--", .. arguments]);

    private static string References(PackageFixture package, IEnumerable<string>? packages, IEnumerable<(string Id, string Version)>? otherPackages)
    {
        IEnumerable<string> references = (packages ?? [PackageFixture.PromptAnalyzersId])
            .Select(id => $"<PackageReference Include=\"{id}\" Version=\"{package.Version}\" />")
            .Concat((otherPackages ?? []).Select(p => $"<PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />"));
        return string.Join("\n    ", references);
    }
}
