using System;

namespace PromptAnalyzers.Redis
{
    /// <summary>Settings of a <see cref="RedisUsageStore"/>.</summary>
    public sealed class RedisUsageStoreOptions
    {
        /// <summary>The default <see cref="KeyPrefix"/>.</summary>
        public const string DefaultKeyPrefix = "promptanalyzers:";

        /// <summary>The default <see cref="PruneBatchSize"/>.</summary>
        public const int DefaultPruneBatchSize = 16;

        private string _keyPrefix = DefaultKeyPrefix;
        private int _database = -1;
        private int _pruneBatchSize = DefaultPruneBatchSize;

        /// <summary>
        /// The start of every key the store writes (default <c>promptanalyzers:</c>). Instances that must add up use
        /// the same prefix; services that must not use different ones. On Redis Cluster give it a hash tag, such as
        /// <c>{promptanalyzers}:</c>, so that every key of the store lives in one slot.
        /// </summary>
        /// <exception cref="ArgumentNullException">The value is null.</exception>
        public string KeyPrefix
        {
            get => _keyPrefix;
            set => _keyPrefix = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The Redis database number; -1 (the default) is the connection's default database.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than -1.</exception>
        public int Database
        {
            get => _database;
            set => _database = value >= -1
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "A Redis database is -1 (the connection's default) or a number from 0 on.");
        }

        /// <summary>
        /// How many expired entries of a window kind's index each add removes at most (default 16); 0 leaves pruning to
        /// <see cref="RedisUsageStore.ListAsync"/>. Pruning keeps the indexes of a long-running service from growing.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
        public int PruneBatchSize
        {
            get => _pruneBatchSize;
            set => _pruneBatchSize = value >= 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "A prune batch size is 0 or more.");
        }
    }
}
