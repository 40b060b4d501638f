using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>Attaches usage keys to a chat call for <see cref="TokenBudgetChatClient"/>.</summary>
    public static class UsageKeyChatOptionsExtensions
    {
        /// <summary>
        /// Adds <paramref name="keys"/> to the keys the call's usage is attributed to and its policies are checked for
        /// (<see cref="TokenBudgetChatClientOptions.KeysProperty"/> in <see cref="ChatOptions.AdditionalProperties"/>).
        /// </summary>
        /// <param name="options">The call's options; changed in place.</param>
        /// <param name="keys">The keys, e.g. <c>UsageKey.User(userId)</c>.</param>
        /// <returns><paramref name="options"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="keys"/> is null.</exception>
        /// <exception cref="ArgumentException">A key is <c>default</c>.</exception>
        public static ChatOptions WithUsageKeys(this ChatOptions options, params UsageKey[] keys)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (keys is null)
            {
                throw new ArgumentNullException(nameof(keys));
            }

            var all = new List<UsageKey>();
            AdditionalPropertiesDictionary properties = options.AdditionalProperties ??= new AdditionalPropertiesDictionary();
            if (properties.TryGetValue(TokenBudgetChatClientOptions.KeysProperty, out object? existing) && existing is not null)
            {
                all.AddRange(TokenBudgetChatClient.ReadKeys(existing));
            }

            foreach (UsageKey key in keys)
            {
                if (key.Dimension is null)
                {
                    throw new ArgumentException("A usage key is default; create keys with UsageKey.User, Role, Project or the constructor.", nameof(keys));
                }

                all.Add(key);
            }

            properties[TokenBudgetChatClientOptions.KeysProperty] = all.ToArray();
            return options;
        }
    }
}
