using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace TokenService.Tests;

/// <summary>
/// Starts the built service (<c>dotnet TokenService.dll --urls http://127.0.0.1:&lt;free port&gt;</c>) once for the
/// collection, waits until GET /health answers, and kills it at the end. It runs in the Development environment (where
/// a leaked stack trace would be most likely), with the test-only fault endpoint on and every log category at Debug,
/// so the tests can check that no prompt text reaches a log above Trace.
/// </summary>
public sealed class TokenServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new StringBuilder();
    private Process? _process;

    /// <summary>The per-user daily token limit the service runs with: room for every other test's few builds per user.</summary>
    public const long UserDailyTokens = 20_000;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the service wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string ServiceDll
    {
        get
        {
            string? path = typeof(TokenServiceFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "TokenServiceDll")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException($"The built TokenService.dll was not found at '{path}'; build tests/TokenService.Tests first.");
            }

            return path;
        }
    }

    /// <summary>A process that runs the built service with <paramref name="arguments"/> (output redirected).</summary>
    public static ProcessStartInfo ServiceStartInfo(params string[] arguments)
    {
        string dll = ServiceDll;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        return start;
    }

    public async Task InitializeAsync()
    {
        // A free port can be taken between probing and binding: try a few.
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await StartAsync(FreeLoopbackPort());
                return;
            }
            catch (ServiceStartException exception)
            {
                last = exception;
                Stop();
            }
        }

        throw new InvalidOperationException("The service did not start.", last);
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>Waits until the service's output contains <paramref name="text"/> (logging is asynchronous).</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await Task.Delay(50, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    private async Task StartAsync(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        ProcessStartInfo start = ServiceStartInfo(
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--TokenService:EnableFaultEndpoint=true",
            "--TokenService:UserDailyTokens=" + UserDailyTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug");
        lock (_output)
        {
            _output.Clear();
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new ServiceStartException($"The service exited with code {_process.ExitCode} before answering:\n{Output}");
            }

            try
            {
                using HttpResponseMessage health = await Client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (waited.Elapsed > s_startTimeout)
            {
                throw new ServiceStartException($"The service did not answer GET /health within {s_startTimeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void Stop()
    {
        Client?.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        _process.Dispose();
        _process = null;
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class ServiceStartException : Exception
    {
        public ServiceStartException(string message)
            : base(message)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TokenServiceCollection : ICollectionFixture<TokenServiceFixture>
{
    public const string Name = "TokenService process";
}
