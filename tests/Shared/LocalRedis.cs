using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace PromptAnalyzers.TestSupport;

/// <summary>
/// A Redis server for tests (linked into the Redis store's tests and the end-to-end tests): PROMPTANALYZERS_REDIS (a StackExchange.Redis configuration string, taken as
/// given), or 127.0.0.1:6379 (which CI's .ci/run starts); when
/// neither answers and CI is not "true", a redis-server of its own on a free port (no persistence), stopped on dispose.
/// Under CI=true a missing server is a failure, never a skip: CI must prove the store works against a real Redis.
/// Answering is checked with a plain RESP PING, so no Redis client is needed.
/// </summary>
internal sealed class LocalRedis : IDisposable
{
    private const string EndpointVariable = "PROMPTANALYZERS_REDIS";
    private readonly Process? _server;

    public LocalRedis()
    {
        // A configured server is taken as given (its configuration string may carry a password or TLS settings).
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value)
        {
            Endpoint = value;
            return;
        }

        string configured = "127.0.0.1:6379";
        if (Answers(configured))
        {
            Endpoint = configured;
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"No Redis server answers at {configured} (set {EndpointVariable} to another one). Under CI=true that is a failure: .ci/run installs and starts redis-server.");
        }

        string binary = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            $"No Redis server answers at {configured} and no redis-server is on PATH: install redis-server (apt-get install redis-server) or set {EndpointVariable}.");
        int port = FreePort();
        string portText = port.ToString(CultureInfo.InvariantCulture);
        _server = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", portText, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        Endpoint = "127.0.0.1:" + portText;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_server.ExitCode} before it answered on port {port}.");
            }

            if (Answers(Endpoint))
            {
                return;
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new InvalidOperationException($"The redis-server started on port {port} did not answer.");
    }

    /// <summary>host:port, a StackExchange.Redis configuration string.</summary>
    public string Endpoint { get; }

    /// <summary>Whether this instance runs a redis-server of its own.</summary>
    public bool StartedOwnServer => _server is not null;

    public void Dispose()
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            if (!_server.HasExited)
            {
                _server.Kill();
                _server.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _server.Dispose();
    }

    private static bool Answers(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        string host = endpoint[..colon];
        int port = int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture);
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2)))
            {
                return false;
            }

            NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 2000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            int read = stream.Read(buffer, 0, buffer.Length);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, name);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
