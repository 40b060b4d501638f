using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using PromptAnalyzers.Internal.Budgeting;

namespace PromptAnalyzers
{
    /// <summary>
    /// Holds a chat history and fits it into a token budget by dropping the oldest turns first. Each message is counted
    /// once, when it is appended; <see cref="Fit(int)"/> only adds cached counts. Not thread-safe: one instance per
    /// conversation, used by one caller at a time.
    /// </summary>
    /// <remarks>
    /// <para>Kept: every <see cref="PromptRole.System"/> and <see cref="PromptRole.Developer"/> message and every message
    /// appended with <c>pinned: true</c>. Everything else is dropped oldest first, one turn unit at a time: a single
    /// message, or an assistant message with tool calls together with the tool results that follow it (pinning any
    /// message of that unit keeps the whole unit). <see cref="Append"/> refuses a tool result that does not follow its
    /// tool call, so a window never starts with, or holds, an orphaned tool result.</para>
    /// <para>Counts follow <see cref="TokenCounter.CountMessages"/>, so <see cref="ConversationFit.Tokens"/> equals a
    /// from-scratch count of the fitted messages.</para>
    /// </remarks>
    public sealed class ConversationWindow
    {
        private readonly List<Entry> _entries = new List<Entry>();
        private readonly HashSet<string> _answered = new HashSet<string>(StringComparer.Ordinal);
        private long _historyTokens;
        private int _summaryOverhead = -1;

        /// <summary>Creates an empty window that counts with <paramref name="counter"/>.</summary>
        /// <param name="counter">The model's counter, e.g. <c>TokenCounter.ForModel("gpt-4o")</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="counter"/> is null.</exception>
        public ConversationWindow(TokenCounter counter)
        {
            Counter = counter ?? throw new ArgumentNullException(nameof(counter));
        }

        /// <summary>The counter.</summary>
        public TokenCounter Counter { get; }

        /// <summary>The number of messages in the history.</summary>
        public int Count => _entries.Count;

        /// <summary>The whole history's count by <see cref="TokenCounter.CountMessages"/> (from cached per-message counts).</summary>
        public int Tokens => (int)Math.Min(int.MaxValue, ChatOverhead.ReplyPriming + _historyTokens);

        /// <summary>How many history messages have been tokenized (each exactly once, on <see cref="Append"/>).</summary>
        internal int MessagesCounted { get; private set; }

        /// <summary>The history, in order.</summary>
        public IReadOnlyList<PromptMessage> Messages
        {
            get
            {
                var messages = new PromptMessage[_entries.Count];
                for (int i = 0; i < messages.Length; i++)
                {
                    messages[i] = _entries[i].Message;
                }

                return messages;
            }
        }

        /// <summary>
        /// Whether the message at <paramref name="index"/> is kept by every fit: a system or developer message, or a
        /// message of a pinned unit (a tool call with its results is kept when any of them is pinned).
        /// </summary>
        /// <param name="index">The message's index in <see cref="Messages"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the history.</exception>
        public bool IsKept(int index)
        {
            if (index < 0 || index >= _entries.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The history has {_entries.Count} messages.");
            }

            int group = _entries[index].Group;
            for (int i = group; i < _entries.Count && _entries[i].Group == group; i++)
            {
                if (_entries[i].Pinned || IsKeptRole(_entries[i].Message.Role))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Appends a message, counting it once.</summary>
        /// <param name="message">The message.</param>
        /// <param name="pinned">True to keep it in every fit (for an assistant tool call or tool result: its whole unit).</param>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// <paramref name="message"/> is a tool result that does not directly follow the assistant tool call it answers
        /// (or that call's other results), answers an id that call did not make, or answers a call twice.
        /// </exception>
        public void Append(PromptMessage message, bool pinned = false)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            int group = _entries.Count;
            if (message.Role == PromptRole.Tool)
            {
                group = ToolGroup(message);
            }
            else
            {
                _answered.Clear();
            }

            int tokens = Counter.CountMessage(message);
            MessagesCounted++;
            _entries.Add(new Entry(message, tokens, pinned, group));
            _historyTokens += tokens;
        }

        /// <summary>Fits the history into <paramref name="budget"/> tokens, dropping the oldest turns first.</summary>
        /// <param name="budget">The most tokens the fitted messages may count (reply priming included), 0 or more.</param>
        /// <returns>The fitted messages; the history itself is unchanged.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> is negative.</exception>
        /// <exception cref="ConversationBudgetExceededException">The kept messages alone need more than <paramref name="budget"/>.</exception>
        public ConversationFit Fit(int budget)
        {
            Plan plan = MakePlan(budget);
            return Build(plan, plan.MinimumDrop, null);
        }

        /// <summary>
        /// Fits the history into <paramref name="budget"/> tokens and replaces the dropped turns with one summary
        /// message (role <see cref="PromptRole.System"/>) where they were. The summary gets up to
        /// <paramref name="maxSummaryTokens"/> tokens; more of the oldest turns are dropped to make that room, and when
        /// even dropping every droppable turn leaves less, the summary gets what is left. A summary longer than its room
        /// is cut at a sentence end with <see cref="TextTruncator"/> (<see cref="Truncation.Sentences"/>). Nothing is
        /// summarized, and <paramref name="summarize"/> is not called, when the history fits or no room is left.
        /// </summary>
        /// <param name="budget">The most tokens the fitted messages may count (reply priming included), 0 or more.</param>
        /// <param name="summarize">
        /// Called synchronously with the dropped messages (in order) and the summary's token limit; returns the summary
        /// text (an empty string inserts no summary). For a model call, use
        /// <see cref="FitAsync(int, Func{IReadOnlyList{PromptMessage}, int, CancellationToken, Task{string}}, int, CancellationToken)"/>.
        /// </param>
        /// <param name="maxSummaryTokens">The most tokens the summary's content may have, 0 or more.</param>
        /// <exception cref="ArgumentNullException"><paramref name="summarize"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> or <paramref name="maxSummaryTokens"/> is negative.</exception>
        /// <exception cref="ConversationBudgetExceededException">The kept messages alone need more than <paramref name="budget"/>.</exception>
        /// <exception cref="InvalidOperationException"><paramref name="summarize"/> returned null.</exception>
        public ConversationFit Fit(int budget, Func<IReadOnlyList<PromptMessage>, int, string> summarize, int maxSummaryTokens)
        {
            if (summarize is null)
            {
                throw new ArgumentNullException(nameof(summarize));
            }

            Plan plan = MakePlan(budget);
            if (!PlanSummary(plan, maxSummaryTokens, out int drop, out int room))
            {
                return Build(plan, plan.MinimumDrop, null);
            }

            return Build(plan, drop, FitSummary(summarize(DroppedMessages(plan, drop), room), room));
        }

        /// <summary>
        /// Like <see cref="Fit(int, Func{IReadOnlyList{PromptMessage}, int, string}, int)"/>, with an asynchronous
        /// summarizer (for example a call to a cheaper model).
        /// </summary>
        /// <param name="budget">The most tokens the fitted messages may count (reply priming included), 0 or more.</param>
        /// <param name="summarize">Called with the dropped messages, the summary's token limit and <paramref name="cancellationToken"/>.</param>
        /// <param name="maxSummaryTokens">The most tokens the summary's content may have, 0 or more.</param>
        /// <param name="cancellationToken">Passed to <paramref name="summarize"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="summarize"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> or <paramref name="maxSummaryTokens"/> is negative.</exception>
        /// <exception cref="ConversationBudgetExceededException">The kept messages alone need more than <paramref name="budget"/>.</exception>
        /// <exception cref="InvalidOperationException"><paramref name="summarize"/> returned null.</exception>
        public async Task<ConversationFit> FitAsync(
            int budget,
            Func<IReadOnlyList<PromptMessage>, int, CancellationToken, Task<string>> summarize,
            int maxSummaryTokens,
            CancellationToken cancellationToken = default)
        {
            if (summarize is null)
            {
                throw new ArgumentNullException(nameof(summarize));
            }

            Plan plan = MakePlan(budget);
            if (!PlanSummary(plan, maxSummaryTokens, out int drop, out int room))
            {
                return Build(plan, plan.MinimumDrop, null);
            }

            string summary = await summarize(DroppedMessages(plan, drop), room, cancellationToken).ConfigureAwait(false);
            return Build(plan, drop, FitSummary(summary, room));
        }

        private static bool IsKeptRole(PromptRole role) => role == PromptRole.System || role == PromptRole.Developer;

        private int ToolGroup(PromptMessage message)
        {
            Entry? previous = _entries.Count == 0 ? null : _entries[_entries.Count - 1];
            PromptMessage? call = previous is null ? null : _entries[previous.Group].Message;
            if (call is null || call.ToolCalls.Count == 0)
            {
                throw new ArgumentException(
                    "A tool result must directly follow the assistant message that made its tool call (or that call's other results); create the call with PromptMessage.AssistantToolCalls.",
                    nameof(message));
            }

            if (message.ToolCallId is { } id)
            {
                bool known = false;
                foreach (ToolCall made in call.ToolCalls)
                {
                    known |= string.Equals(made.Id, id, StringComparison.Ordinal);
                }

                if (!known)
                {
                    throw new ArgumentException($"The tool result answers '{id}', which the preceding assistant message did not call.", nameof(message));
                }

                if (!_answered.Add(id))
                {
                    throw new ArgumentException($"The tool call '{id}' already has a result.", nameof(message));
                }
            }

            return previous!.Group;
        }

        private Plan MakePlan(int budget)
        {
            if (budget < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(budget), budget, "A token budget cannot be negative.");
            }

            var units = new List<Unit>();
            for (int i = 0; i < _entries.Count; i++)
            {
                Entry entry = _entries[i];
                bool kept = entry.Pinned || IsKeptRole(entry.Message.Role);
                if (entry.Group != i)
                {
                    Unit last = units[units.Count - 1];
                    last.End = i + 1;
                    last.Tokens += entry.Tokens;
                    last.Kept |= kept;
                }
                else
                {
                    units.Add(new Unit { Start = i, End = i + 1, Tokens = entry.Tokens, Kept = kept });
                }
            }

            long keptTokens = ChatOverhead.ReplyPriming;
            var droppable = new List<Unit>();
            foreach (Unit unit in units)
            {
                if (unit.Kept)
                {
                    keptTokens += unit.Tokens;
                }
                else
                {
                    droppable.Add(unit);
                }
            }

            if (keptTokens > budget)
            {
                throw new ConversationBudgetExceededException((int)Math.Min(int.MaxValue, keptTokens), budget);
            }

            // Suffix[k]: tokens of droppable units k.. (what stays when the k oldest are dropped).
            var suffix = new long[droppable.Count + 1];
            for (int k = droppable.Count - 1; k >= 0; k--)
            {
                suffix[k] = suffix[k + 1] + droppable[k].Tokens;
            }

            int minimumDrop = 0;
            while (keptTokens + suffix[minimumDrop] > budget)
            {
                minimumDrop++;
            }

            return new Plan(budget, keptTokens, droppable, suffix, minimumDrop);
        }

        private bool PlanSummary(Plan plan, int maxSummaryTokens, out int drop, out int room)
        {
            if (maxSummaryTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxSummaryTokens), maxSummaryTokens, "A summary's token limit cannot be negative.");
            }

            drop = plan.MinimumDrop;
            room = 0;
            if (drop == 0 || maxSummaryTokens == 0)
            {
                return false;
            }

            if (_summaryOverhead < 0)
            {
                _summaryOverhead = Counter.CountMessage(new PromptMessage(PromptRole.System, string.Empty));
            }

            long reserve = (long)_summaryOverhead + maxSummaryTokens;
            while (drop < plan.Droppable.Count && plan.KeptTokens + plan.Suffix[drop] + reserve > plan.Budget)
            {
                drop++;
            }

            room = (int)Math.Min(maxSummaryTokens, plan.Budget - plan.KeptTokens - plan.Suffix[drop] - _summaryOverhead);
            return room > 0;
        }

        private PromptMessage? FitSummary(string? summary, int room)
        {
            if (summary is null)
            {
                throw new InvalidOperationException("The summarizer returned null; return an empty string to insert no summary.");
            }

            if (summary.Length == 0)
            {
                return null;
            }

            if (!Counter.IsWithin(summary, room, out _))
            {
                int exactRoom = BudgetMath.RemoveMargin(room, Counter.ApproximationMargin);
                summary = TextTruncator.Truncate(summary, exactRoom, Truncation.Sentences, Counter.Encoding).Text;
                if (summary.Length == 0)
                {
                    return null;
                }
            }

            return new PromptMessage(PromptRole.System, summary);
        }

        private IReadOnlyList<PromptMessage> DroppedMessages(Plan plan, int drop)
        {
            var dropped = new List<PromptMessage>();
            for (int u = 0; u < drop; u++)
            {
                for (int i = plan.Droppable[u].Start; i < plan.Droppable[u].End; i++)
                {
                    dropped.Add(_entries[i].Message);
                }
            }

            return dropped;
        }

        private ConversationFit Build(Plan plan, int drop, PromptMessage? summary)
        {
            var skip = new bool[_entries.Count];
            int dropped = 0;
            for (int u = 0; u < drop; u++)
            {
                for (int i = plan.Droppable[u].Start; i < plan.Droppable[u].End; i++)
                {
                    skip[i] = true;
                    dropped++;
                }
            }

            int summaryAt = drop > 0 ? plan.Droppable[0].Start : -1;
            long tokens = plan.KeptTokens + plan.Suffix[drop];
            var messages = new List<PromptMessage>(_entries.Count - dropped + 1);
            for (int i = 0; i < _entries.Count; i++)
            {
                if (i == summaryAt && summary is not null)
                {
                    messages.Add(summary);
                    tokens += Counter.CountMessage(summary);
                }

                if (!skip[i])
                {
                    messages.Add(_entries[i].Message);
                }
            }

            return new ConversationFit(messages, (int)tokens, dropped, summary, Counter.IsExact);
        }

        private sealed class Entry
        {
            public Entry(PromptMessage message, int tokens, bool pinned, int group)
            {
                Message = message;
                Tokens = tokens;
                Pinned = pinned;
                Group = group;
            }

            public PromptMessage Message { get; }

            public int Tokens { get; }

            public bool Pinned { get; }

            /// <summary>The index of the unit's first message (the assistant tool call for a tool result; itself otherwise).</summary>
            public int Group { get; }
        }

        private sealed class Unit
        {
            public int Start { get; set; }

            public int End { get; set; }

            public long Tokens { get; set; }

            public bool Kept { get; set; }
        }

        private sealed class Plan
        {
            public Plan(int budget, long keptTokens, List<Unit> droppable, long[] suffix, int minimumDrop)
            {
                Budget = budget;
                KeptTokens = keptTokens;
                Droppable = droppable;
                Suffix = suffix;
                MinimumDrop = minimumDrop;
            }

            public int Budget { get; }

            public long KeptTokens { get; }

            public List<Unit> Droppable { get; }

            public long[] Suffix { get; }

            public int MinimumDrop { get; }
        }
    }
}
