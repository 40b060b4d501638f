using System;
using System.IO;

namespace PromptAnalyzers.EndToEnd.Tests;

/// <summary>A real consumer project in a temporary folder that references the packed PromptAnalyzers package.</summary>
internal sealed class ConsumerProject
{
    private readonly PackageFixture _package;

    public ConsumerProject(PackageFixture package, string name, bool treatWarningsAsErrors = true, string targetFramework = "net10.0")
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
                <PackageReference Include="PromptAnalyzers" Version="{package.Version}" />
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

    public CliResult Run() =>
        DotNetCli.Run(Directory, TimeSpan.FromMinutes(5), "run", "--no-build");
}
