using System;
using System.Net;
using System.Threading.Tasks;
using PromptAnalyzers.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace PromptAnalyzers.Redis.Tests
{
    /// <summary>
    /// A Redis server for the tests (<see cref="LocalRedis"/>: PROMPTANALYZERS_REDIS, or 127.0.0.1:6379, or a
    /// redis-server of its own; under CI=true a missing server fails every test) and connections to it.
    /// </summary>
    public sealed class RedisServerFixture : IDisposable
    {
        private readonly LocalRedis _server;

        public RedisServerFixture()
        {
            _server = new LocalRedis();
            Configuration = _server.Endpoint;
            try
            {
                Connection = ConnectionMultiplexer.Connect(Options(Configuration));
                Connection.GetDatabase().Ping();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>The server's configuration string, for more connections.</summary>
        public string Configuration { get; }

        /// <summary>Whether the fixture runs a redis-server of its own.</summary>
        public bool StartedOwnServer => _server.StartedOwnServer;

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
            _server.Dispose();
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
