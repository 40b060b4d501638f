using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>A call about to be made, as <see cref="BudgetEnforcer.CheckAsync"/> checks it.</summary>
    public sealed class BudgetRequest
    {
        /// <summary>A call.</summary>
        /// <param name="model">The model it asks for, named as in policies and charges.</param>
        /// <param name="inputTokens">All its prompt tokens (for example <see cref="BudgetedPrompt.InputTokens"/>).</param>
        /// <param name="maxOutputTokens">
        /// The output cap the call will send; null when it sends none, in which case the estimate assumes the most the
        /// model can produce (see <see cref="BudgetEnforcer.CheckAsync"/>).
        /// </param>
        /// <param name="keys">Who the call is attributed to; null for the application only.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="model"/> is empty or <c>*</c>, or a key is <c>default</c>.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputTokens"/> is negative or <paramref name="maxOutputTokens"/> is not above 0.</exception>
        public BudgetRequest(string model, long inputTokens, int? maxOutputTokens, IEnumerable<UsageKey>? keys = null)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            if (model.Length == 0 || model == UsageCounter.AllModels)
            {
                throw new ArgumentException($"A model name cannot be empty or '{UsageCounter.AllModels}'.", nameof(model));
            }

            if (inputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inputTokens), inputTokens, "A token count must be 0 or more.");
            }

            if (maxOutputTokens is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxOutputTokens), maxOutputTokens, "An output cap must be above 0 tokens (null for none).");
            }

            var list = new List<UsageKey>();
            if (keys is not null)
            {
                foreach (UsageKey key in keys)
                {
                    UsageReport.RequireKey(key);
                    if (!list.Contains(key))
                    {
                        list.Add(key);
                    }
                }
            }

            Model = model;
            InputTokens = inputTokens;
            MaxOutputTokens = maxOutputTokens;
            Keys = list.Count == 0 ? Array.Empty<UsageKey>() : list.ToArray();
        }

        /// <summary>The model the call asks for.</summary>
        public string Model { get; }

        /// <summary>All its prompt tokens.</summary>
        public long InputTokens { get; }

        /// <summary>The output cap it will send; null for none.</summary>
        public int? MaxOutputTokens { get; }

        /// <summary>Who the call is attributed to, without duplicates.</summary>
        public IReadOnlyList<UsageKey> Keys { get; }
    }
}
