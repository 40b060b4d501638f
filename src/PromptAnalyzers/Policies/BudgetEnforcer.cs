using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace PromptAnalyzers
{
    /// <summary>
    /// Enforces <see cref="BudgetPolicy"/>s on LLM calls: <see cref="CheckAsync"/> before a call rejects or degrades it,
    /// <see cref="ChargeAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/> after it records the actual usage and raises <see cref="AlertRaised"/> for each
    /// threshold the charge crosses.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Limits are checked against the usage already charged plus the call's worst-case estimate, so one call cannot
    /// overrun a limit by more than its estimate is wrong. Calls checked at the same time do not see each other until they
    /// are charged: with N calls in flight a limit can be exceeded by up to N calls' usage.
    /// </para>
    /// <para>
    /// Alerts are exact across instances sharing one store: a charge raises an alert for threshold t of limit L when its
    /// add takes the counter from below t × L to t × L or more, and the store returns each counter's totals right after
    /// each add, so each crossing belongs to one charge only.
    /// </para>
    /// <para>Thread-safe. The policies are validated and frozen by the constructor.</para>
    /// </remarks>
    public sealed class BudgetEnforcer
    {
        private readonly BudgetPolicy[] _policies;
        private readonly double[][] _thresholds;
        private readonly PromptBudgetMetrics? _metrics;
        private readonly CostOptions _estimateOptions;

        /// <summary>An enforcer of <paramref name="policies"/> over the usage <paramref name="tracker"/> records.</summary>
        /// <param name="tracker">Reads and records the usage.</param>
        /// <param name="policies">The policies; each is validated (<see cref="BudgetPolicy.Validate"/>) and frozen.</param>
        /// <param name="metrics">Where rejections, degradations and alerts are counted; null for the tracker's metrics, if any.</param>
        /// <exception cref="ArgumentNullException"><paramref name="tracker"/> or <paramref name="policies"/> is null.</exception>
        /// <exception cref="ArgumentException">A policy is null or invalid, or two policies have the same name.</exception>
        public BudgetEnforcer(UsageTracker tracker, IEnumerable<BudgetPolicy> policies, PromptBudgetMetrics? metrics = null)
        {
            Tracker = tracker ?? throw new ArgumentNullException(nameof(tracker));
            if (policies is null)
            {
                throw new ArgumentNullException(nameof(policies));
            }

            var list = new List<BudgetPolicy>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (BudgetPolicy policy in policies)
            {
                if (policy is null)
                {
                    throw new ArgumentException("A budget policy is null.", nameof(policies));
                }

                policy.Validate();
                if (!names.Add(policy.Name))
                {
                    throw new ArgumentException($"Two budget policies are named '{policy.Name}': names identify policies in exceptions, alerts and metrics, so they must differ.", nameof(policies));
                }

                list.Add(policy);
            }

            _policies = list.ToArray();
            _thresholds = new double[_policies.Length][];
            for (int i = 0; i < _policies.Length; i++)
            {
                _policies[i].Freeze();
                var distinct = new SortedSet<double>(_policies[i].AlertThresholds);
                _thresholds[i] = new double[distinct.Count];
                distinct.CopyTo(_thresholds[i]);
            }

            Policies = Array.AsReadOnly(_policies);
            _metrics = metrics ?? tracker.Metrics;
            _estimateOptions = new CostOptions { Batch = tracker.Options.CostOptions?.Batch ?? false };
        }

        /// <summary>Reads and records the usage.</summary>
        public UsageTracker Tracker { get; }

        /// <summary>The policies, in the order given.</summary>
        public IReadOnlyList<BudgetPolicy> Policies { get; }

        /// <summary>
        /// Raised by <see cref="ChargeAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/>, once for each (policy, scope, window, limit kind, threshold) the charge
        /// crosses, after the usage is recorded. A handler's exception reaches the caller of <see cref="ChargeAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/>
        /// after every alert of that charge was raised.
        /// </summary>
        public event EventHandler<BudgetAlert>? AlertRaised;

        /// <summary>
        /// Checks a call before it is made against every policy that applies to it: the usage so far in each policy's
        /// current window (one <see cref="IUsageStore.GetAsync"/> for all) plus the call's estimate.
        /// </summary>
        /// <remarks>
        /// <para>
        /// A policy applies to a call to its <see cref="BudgetPolicy.Model"/> (any call when null), in scope
        /// <see cref="BudgetPolicy.Key"/> when the call carries that key, in the scope of each key of the call whose
        /// dimension is <see cref="BudgetPolicy.Dimension"/>, or in scope <c>*</c> when it has neither.
        /// </para>
        /// <para>
        /// The estimate is the most the call can use: its input tokens plus its <see cref="BudgetRequest.MaxOutputTokens"/>;
        /// without a cap, the model's own output limit from the catalog (no more than its context window leaves after the
        /// input), or no output at all for a model the catalog does not know. Its cost is
        /// <see cref="CostEstimator.Estimate(string, long, long, CostOptions?)"/> of those tokens, 0 for a model without prices.
        /// </para>
        /// <para>
        /// <see cref="BudgetAction.Reject"/>: the call is rejected when used + estimate exceeds a limit.
        /// <see cref="BudgetAction.Degrade"/>: from used + estimate ≥ <see cref="BudgetPolicy.DegradeAt"/> × a limit the
        /// call switches to <see cref="BudgetPolicy.FallbackModel"/> and/or caps its output at
        /// <see cref="BudgetPolicy.DegradedMaxOutputTokens"/>; every policy is then checked again against the degraded call
        /// (a model-specific policy may stop or start applying), and it is rejected if it still exceeds a limit. Each
        /// policy degrades a call at most once. The input tokens are kept as counted for the requested model.
        /// </para>
        /// </remarks>
        /// <param name="request">The call.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>The call to make: possibly another model or a lower output cap.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="BudgetExceededException">The call (degraded, where a policy allows) would exceed a limit.</exception>
        public async Task<BudgetDecision> CheckAsync(BudgetRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            DateTimeOffset now = Tracker.TimeProvider.GetUtcNow();
            var scopes = new string[_policies.Length][];
            var counters = new List<UsageCounter>();
            var counterIndex = new int[_policies.Length][];
            for (int i = 0; i < _policies.Length; i++)
            {
                scopes[i] = ScopesOf(_policies[i], request.Keys);
                counterIndex[i] = new int[scopes[i].Length];
                for (int j = 0; j < scopes[i].Length; j++)
                {
                    var counter = new UsageCounter(scopes[i][j], _policies[i].Model ?? UsageCounter.AllModels, _policies[i].Window, now);
                    int index = counters.IndexOf(counter);
                    if (index < 0)
                    {
                        index = counters.Count;
                        counters.Add(counter);
                    }

                    counterIndex[i][j] = index;
                }
            }

            IReadOnlyList<UsageTotals> used = counters.Count == 0
                ? Array.Empty<UsageTotals>()
                : await Tracker.Store.GetAsync(counters, cancellationToken).ConfigureAwait(false);

            string model = request.Model;
            int? maxOutput = request.MaxOutputTokens;
            var degradedBy = new List<string>();
            var applied = new bool[_policies.Length];
            while (true)
            {
                (long tokens, decimal? cost) = Estimate(model, request.InputTokens, maxOutput);

                // Degrade first (a degraded call may pass a limit the requested one fails), one change at a time.
                int degrading = -1;
                for (int i = 0; i < _policies.Length && degrading < 0; i++)
                {
                    BudgetPolicy policy = _policies[i];
                    if (policy.Action != BudgetAction.Degrade || applied[i] || !AppliesTo(policy, model))
                    {
                        continue;
                    }

                    decimal at = (decimal)policy.DegradeAt;
                    for (int j = 0; j < scopes[i].Length && degrading < 0; j++)
                    {
                        UsageTotals u = used[counterIndex[i][j]];
                        if ((policy.MaxTokens is { } t && u.TotalTokens + tokens >= at * t)
                            || (policy.MaxCost is { } c && u.Cost + (cost ?? 0m) >= at * c))
                        {
                            degrading = i;
                        }
                    }
                }

                if (degrading >= 0)
                {
                    BudgetPolicy policy = _policies[degrading];
                    applied[degrading] = true;
                    string degradedModel = policy.FallbackModel ?? model;
                    int? degradedOutput = policy.DegradedMaxOutputTokens is { } cap && (maxOutput is null || cap < maxOutput) ? cap : maxOutput;
                    bool switched = !string.Equals(degradedModel, model, StringComparison.Ordinal);
                    if (switched || degradedOutput != maxOutput)
                    {
                        _metrics?.RecordDegradation(policy.Name, model, switched ? degradedModel : null, degradedOutput != maxOutput);
                        degradedBy.Add(policy.Name);
                        model = degradedModel;
                        maxOutput = degradedOutput;
                    }

                    continue;
                }

                // Then reject what still exceeds a limit.
                for (int i = 0; i < _policies.Length; i++)
                {
                    BudgetPolicy policy = _policies[i];
                    if (!AppliesTo(policy, model))
                    {
                        continue;
                    }

                    for (int j = 0; j < scopes[i].Length; j++)
                    {
                        UsageTotals u = used[counterIndex[i][j]];
                        decimal costEstimate = cost ?? 0m;
                        bool tokensOver = policy.MaxTokens is { } maxTokens && u.TotalTokens + tokens > maxTokens;
                        bool costOver = !tokensOver && policy.MaxCost is { } maxCost && u.Cost + costEstimate > maxCost;
                        if (tokensOver || costOver)
                        {
                            var rejection = new BudgetExceededException(
                                policy.Name, scopes[i][j], policy.Window, now, tokensOver ? BudgetLimitKind.Tokens : BudgetLimitKind.Cost,
                                tokensOver ? policy.MaxTokens!.Value : policy.MaxCost!.Value,
                                tokensOver ? u.TotalTokens : u.Cost,
                                tokensOver ? tokens : costEstimate,
                                model);
                            _metrics?.RecordRejection(rejection);
                            throw rejection;
                        }
                    }
                }

                return new BudgetDecision(model, maxOutput, degradedBy.Count == 0 ? Array.Empty<string>() : degradedBy.ToArray(), tokens, cost);
            }
        }

        /// <summary>
        /// Records a call's actual usage through <see cref="Tracker"/> and raises <see cref="AlertRaised"/> for every
        /// threshold of every applicable policy that this charge crosses (before &lt; threshold × limit ≤ after).
        /// </summary>
        /// <param name="model">The model that was called (the one <see cref="CheckAsync"/> returned).</param>
        /// <param name="usage">The usage the provider reported.</param>
        /// <param name="keys">Who the call is attributed to.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>What was recorded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        /// <exception cref="ArgumentException">As for <see cref="UsageTracker.RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/>.</exception>
        public Task<UsageRecord> ChargeAsync(string model, TokenUsage usage, IEnumerable<UsageKey>? keys = null, CancellationToken cancellationToken = default) =>
            ChargeAsync(model, usage, keys, options: null, cancellationToken);

        /// <summary>
        /// Charges a call as <see cref="ChargeAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/> does,
        /// with the response's model for the metrics and whether its token usage is reported there.
        /// </summary>
        /// <param name="model">The model that was called (the one <see cref="CheckAsync"/> returned).</param>
        /// <param name="usage">The usage the provider reported.</param>
        /// <param name="keys">Who the call is attributed to.</param>
        /// <param name="options">The response model and the metrics switch; null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the wait.</param>
        /// <returns>What was recorded.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="usage"/> is null.</exception>
        /// <exception cref="ArgumentException">As for <see cref="UsageTracker.RecordAsync(string, TokenUsage, IEnumerable{UsageKey}, CancellationToken)"/>.</exception>
        public async Task<UsageRecord> ChargeAsync(string model, TokenUsage usage, IEnumerable<UsageKey>? keys, UsageRecordOptions? options, CancellationToken cancellationToken = default)
        {
            UsageTracker.RecordedUsage recorded = await Tracker.RecordCoreAsync(model, usage, keys, options, cancellationToken).ConfigureAwait(false);
            UsageRecord record = recorded.Record;
            List<BudgetAlert>? alerts = null;
            for (int i = 0; i < _policies.Length; i++)
            {
                BudgetPolicy policy = _policies[i];
                if (!AppliesTo(policy, record.Model))
                {
                    continue;
                }

                foreach (string scope in ScopesOf(policy, record.Keys))
                {
                    var counter = new UsageCounter(scope, policy.Model ?? UsageCounter.AllModels, policy.Window, record.Timestamp);
                    int index = Array.FindIndex(recorded.Increments, increment => increment.Counter == counter);
                    if (index < 0)
                    {
                        continue;
                    }

                    UsageTotals after = recorded.After[index];
                    if (policy.MaxTokens is { } maxTokens)
                    {
                        Crossings(ref alerts, i, scope, counter.WindowStart, BudgetLimitKind.Tokens, maxTokens, after.TotalTokens, record.Totals.TotalTokens);
                    }

                    if (policy.MaxCost is { } maxCost)
                    {
                        Crossings(ref alerts, i, scope, counter.WindowStart, BudgetLimitKind.Cost, maxCost, after.Cost, record.Totals.Cost);
                    }
                }
            }

            if (alerts is not null)
            {
                RaiseAll(alerts);
            }

            return record;
        }

        private void Crossings(ref List<BudgetAlert>? alerts, int policy, string scope, DateTimeOffset windowStart, BudgetLimitKind kind, decimal limit, decimal after, decimal amount)
        {
            decimal before = after - amount;
            foreach (double threshold in _thresholds[policy])
            {
                decimal level = (decimal)threshold * limit;
                if (before < level && level <= after)
                {
                    (alerts ??= new List<BudgetAlert>()).Add(new BudgetAlert(_policies[policy], scope, _policies[policy].Window, windowStart, kind, threshold, after, limit));
                }
            }
        }

        private void RaiseAll(List<BudgetAlert> alerts)
        {
            List<Exception>? errors = null;
            foreach (BudgetAlert alert in alerts)
            {
                _metrics?.RecordAlert(alert);
                try
                {
                    AlertRaised?.Invoke(this, alert);
                }
                catch (Exception e)
                {
                    (errors ??= new List<Exception>()).Add(e);
                }
            }

            if (errors is { Count: 1 })
            {
                ExceptionDispatchInfo.Capture(errors[0]).Throw();
            }

            if (errors is not null)
            {
                throw new AggregateException("Budget alert handlers threw; the usage was recorded and every alert was raised.", errors);
            }
        }

        private (long Tokens, decimal? Cost) Estimate(string model, long inputTokens, int? maxOutput)
        {
            ModelInfo? info = Tracker.CostEstimator.Catalog.Find(model);
            long output = maxOutput ?? (info is null ? 0 : Math.Max(0, Math.Min(info.MaxOutput, info.ContextWindow - inputTokens)));
            decimal? cost = null;
            if (info?.Pricing is not null)
            {
                try
                {
                    cost = Tracker.CostEstimator.Estimate(model, inputTokens, output, _estimateOptions).Total;
                }
                catch (ModelPricesUnknownException)
                {
                    // Output tokens asked of a model without an output price: the cost is not known.
                }
            }

            return (checked(inputTokens + output), cost);
        }

        private static bool AppliesTo(BudgetPolicy policy, string model) =>
            policy.Model is null || string.Equals(policy.Model, model, StringComparison.Ordinal);

        private static string[] ScopesOf(BudgetPolicy policy, IReadOnlyList<UsageKey> keys)
        {
            if (policy.Key is { } key)
            {
                for (int k = 0; k < keys.Count; k++)
                {
                    if (keys[k] == key)
                    {
                        return new[] { key.ToString() };
                    }
                }

                return Array.Empty<string>();
            }

            if (policy.Dimension is { } dimension)
            {
                var scopes = new List<string>();
                foreach (UsageKey k in keys)
                {
                    if (string.Equals(k.Dimension, dimension, StringComparison.Ordinal))
                    {
                        scopes.Add(k.ToString());
                    }
                }

                return scopes.ToArray();
            }

            return new[] { UsageCounter.AllScopes };
        }
    }
}
