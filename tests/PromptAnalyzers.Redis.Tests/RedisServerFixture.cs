using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    /// <summary>
    /// A Redis server for the tests: PROMPTANALYZERS_REDIS, or 127.0.0.1:6379; when neither answers and CI is not
    /// "true", a redis-server of its own on a free port (no persistence), stopped at the end. Under CI=true a missing
    /// server fails every test: CI must prove the store works against a real Redis.
    /// </summary>
    public sealed class RedisServerFixture : IDisposable
    {
        private const string EndpointVariable = "PROMPTANALYZERS_REDIS";
        private readonly Process? _server;

        public RedisServerFixture()
        {
            string configured = Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value ? value : "127.0.0.1:6379";
            ConnectionMultiplexer? connection = TryConnect(configured);
            if (connection is null)
            {
                bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
                if (ci)
                {
                    throw new InvalidOperationException(
                        $"No Redis server answers at {configured} (set {EndpointVariable} to another one). Under CI=true that is a failure: .ci/run installs and starts redis-server.");
                }

                string? binary = FindOnPath("redis-server");
                if (binary is null)
                {
                    throw new InvalidOperationException(
                        $"No Redis server answers at {configured} and no redis-server is on PATH: install redis-server (apt-get install redis-server) or set {EndpointVariable}.");
                }

                int port = FreePort();
                _server = Process.Start(new ProcessStartInfo(binary)
                {
                    ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }) ?? throw new InvalidOperationException("redis-server did not start.");
                _server.OutputDataReceived += (_, _) => { };
                _server.ErrorDataReceived += (_, _) => { };
                _server.BeginOutputReadLine();
                _server.BeginErrorReadLine();
                configured = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (int attempt = 0; attempt < 100 && connection is null; attempt++)
                {
                    if (_server.HasExited)
                    {
                        throw new InvalidOperationException($"redis-server exited with code {_server.ExitCode} before it answered on port {port}.");
                    }

                    Thread.Sleep(100);
                    connection = TryConnect(configured);
                }

                if (connection is null)
                {
                    Dispose();
                    throw new InvalidOperationException($"The redis-server started on port {port} did not answer.");
                }

                StartedOwnServer = true;
            }

            Configuration = configured;
            Connection = connection;
        }

        /// <summary>The server's configuration string, for more connections.</summary>
        public string Configuration { get; }

        /// <summary>Whether the fixture runs a redis-server of its own.</summary>
        public bool StartedOwnServer { get; }

        /// <summary>A connection shared by the tests.</summary>
        public ConnectionMultiplexer Connection { get; }

        /// <summary>A new, independent connection (a service instance of its own).</summary>
        public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(Options(Configuration));

        /// <summary>A new connection allowed admin commands (SCRIPT FLUSH).</summary>
        public ConnectionMultiplexer ConnectAdmin()
        {
            ConfigurationOptions options = Options(Configuration);
            options.AllowAdmin = true;
            return ConnectionMultiplexer.Connect(options);
        }

        /// <summary>A key prefix no other test uses.</summary>
        public static string UniquePrefix(string test) => $"pa-test:{test}:{Guid.NewGuid():N}:";

        /// <summary>Deletes every key under <paramref name="prefix"/> in database <paramref name="database"/>.</summary>
        public async Task DeleteKeysAsync(string prefix, int database = -1)
        {
            foreach (EndPoint endpoint in Connection.GetEndPoints())
            {
                IServer server = Connection.GetServer(endpoint);
                IDatabase db = Connection.GetDatabase(database);
                await foreach (RedisKey key in server.KeysAsync(db.Database, pattern: Glob(prefix) + "*"))
                {
                    await db.KeyDeleteAsync(key);
                }
            }
        }

        public void Dispose()
        {
            Connection?.Dispose();
            if (_server is not null)
            {
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
        }

        private static ConfigurationOptions Options(string configuration)
        {
            ConfigurationOptions options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 2000;
            options.ConnectRetry = 1;
            options.AllowAdmin = false;
            return options;
        }

        private static ConnectionMultiplexer? TryConnect(string configuration)
        {
            try
            {
                ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(Options(configuration));
                connection.GetDatabase().Ping();
                return connection;
            }
            catch (RedisConnectionException)
            {
                return null;
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

        private static string Glob(string text)
        {
            var escaped = new System.Text.StringBuilder();
            foreach (char c in text)
            {
                if (c is '*' or '?' or '[' or ']' or '\\')
                {
                    escaped.Append('\\');
                }

                escaped.Append(c);
            }

            return escaped.ToString();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
    {
        public const string Name = "Redis";
    }
}
