using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace PromptAnalyzers.Extensions.AI
{
    /// <summary>
    /// An <see cref="IChatReducer"/> that fits a conversation into a token budget: it drops the oldest turns first, keeps
    /// system and developer messages, and keeps every function call together with its results. Counting follows
    /// <see cref="ChatTokenCounting.CountChatMessages"/>, so the reduced messages counted from scratch never exceed
    /// <see cref="MaxTokens"/>. Immutable and thread-safe.
    /// </summary>
    /// <remarks>
    /// <para>Unlike the built-in reducers, which count messages and drop every function-call message, this one counts
    /// tokens and drops a call only together with its results. A turn unit is one message, or an assistant message with
    /// function calls together with every later message up to the last result answering one of those calls (so text that
    /// sits between a call and its result stays too). Units are dropped whole, oldest first.</para>
    /// <para>Always kept: every system and developer message (and the unit it belongs to), and the current turn: the last
    /// user message and everything after it (the function calls and results of a tool loop answering it), or the last
    /// unit when there is no user message. A request without them has nothing to answer. When the kept messages alone
    /// need more than the budget, <see cref="ConversationBudgetExceededException"/> is thrown.</para>
    /// <para>A function result whose call is not in the conversation (an orphan, typically left by an earlier reduction)
    /// is always removed: chat APIs refuse a tool result without its call.</para>
    /// <para>Function tool definitions are not part of the messages: subtract <see cref="ChatTokenCounting.CountChatTools"/>
    /// from the budget when the request carries tools (<see cref="TokenBudgetChatClient"/> does).</para>
    /// </remarks>
    public sealed class TokenBudgetChatReducer : IChatReducer
    {
        /// <summary>Creates a reducer.</summary>
        /// <param name="counter">The model's counter, e.g. <c>TokenCounter.ForModel("gpt-4o")</c>.</param>
        /// <param name="maxTokens">The most tokens the reduced messages may count, reply priming included; 0 or more.</param>
        /// <exception cref="ArgumentNullException"><paramref name="counter"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is negative.</exception>
        public TokenBudgetChatReducer(TokenCounter counter, int maxTokens)
        {
            Counter = counter ?? throw new ArgumentNullException(nameof(counter));
            if (maxTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "A token budget cannot be negative.");
            }

            MaxTokens = maxTokens;
        }

        /// <summary>The counter.</summary>
        public TokenCounter Counter { get; }

        /// <summary>The budget of the reduced messages, reply priming included.</summary>
        public int MaxTokens { get; }

        /// <summary>Reduces <paramref name="messages"/> to at most <see cref="MaxTokens"/> tokens.</summary>
        /// <param name="messages">The conversation, in order.</param>
        /// <param name="cancellationToken">Checked before reducing.</param>
        /// <returns>The kept messages, in their original order (the same instances).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of them is null.</exception>
        /// <exception cref="ConversationBudgetExceededException">The messages that are always kept need more than <see cref="MaxTokens"/>.</exception>
        public Task<IEnumerable<ChatMessage>> ReduceAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<IEnumerable<ChatMessage>>(Reduce(messages).Messages);
        }

        /// <summary>Reduces <paramref name="messages"/> to at most <see cref="MaxTokens"/> tokens and says what was dropped.</summary>
        /// <param name="messages">The conversation, in order.</param>
        /// <returns>The kept messages with their count and the number dropped.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of them is null.</exception>
        /// <exception cref="ConversationBudgetExceededException">The messages that are always kept need more than <see cref="MaxTokens"/>.</exception>
        public ChatReduction Reduce(IEnumerable<ChatMessage> messages)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            var list = new List<ChatMessage>();
            foreach (ChatMessage message in messages)
            {
                list.Add(message ?? throw new ArgumentNullException(nameof(messages), "A message is null."));
            }

            var tokens = new int[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                tokens[i] = Counter.CountChatMessage(list[i]);
            }

            List<Unit> units = Group(list, out bool[] orphan);
            int current = CurrentTurn(units);
            long keptTokens = Counter.CountMessages(Array.Empty<PromptMessage>());
            var droppable = new List<Unit>();
            for (int u = 0; u < units.Count; u++)
            {
                Unit unit = units[u];
                for (int i = unit.Start; i < unit.End; i++)
                {
                    unit.Tokens += orphan[i] ? 0 : tokens[i];
                }

                if (unit.HasKeptRole || (current >= 0 && u >= current))
                {
                    keptTokens += unit.Tokens;
                }
                else
                {
                    droppable.Add(unit);
                }
            }

            if (keptTokens > MaxTokens)
            {
                throw new ConversationBudgetExceededException((int)Math.Min(int.MaxValue, keptTokens), MaxTokens);
            }

            long remaining = keptTokens;
            foreach (Unit unit in droppable)
            {
                remaining += unit.Tokens;
            }

            var skip = (bool[])orphan.Clone();
            foreach (Unit unit in droppable)
            {
                if (remaining <= MaxTokens)
                {
                    break;
                }

                remaining -= unit.Tokens;
                for (int i = unit.Start; i < unit.End; i++)
                {
                    skip[i] = true;
                }
            }

            var kept = new List<ChatMessage>(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                if (!skip[i])
                {
                    kept.Add(list[i]);
                }
            }

            return new ChatReduction(kept, (int)remaining, list.Count - kept.Count, Counter.IsExact);
        }

        /// <summary>The first unit of the current turn: the last one with a user message, else the last with any turn; -1 when none.</summary>
        private static int CurrentTurn(List<Unit> units)
        {
            int last = -1;
            for (int u = units.Count - 1; u >= 0; u--)
            {
                if (units[u].HasUser)
                {
                    return u;
                }

                if (last < 0 && units[u].HasTurn)
                {
                    last = u;
                }
            }

            return last;
        }

        /// <summary>Splits the conversation into turn units; marks function results whose call is not in it.</summary>
        private static List<Unit> Group(List<ChatMessage> messages, out bool[] orphan)
        {
            orphan = new bool[messages.Count];
            var units = new List<Unit>();
            var callAt = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < messages.Count; i++)
            {
                ChatMessage message = messages[i];
                bool hasResult = false;
                bool answersKnownCall = false;
                int joinAt = int.MaxValue;
                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionResultContent result)
                    {
                        hasResult = true;
                        if (result.CallId is { } id && callAt.TryGetValue(id, out int at))
                        {
                            answersKnownCall = true;
                            joinAt = Math.Min(joinAt, at);
                        }
                    }
                }

                if (hasResult && !answersKnownCall)
                {
                    orphan[i] = true;
                }

                PromptRole role = message.Role.ToPromptRole();
                bool keptRole = role == PromptRole.System || role == PromptRole.Developer;
                if (answersKnownCall)
                {
                    // Merge every unit from the one holding the earliest answered call up to this message.
                    int target = units.Count - 1;
                    while (target > 0 && units[target].Start > joinAt)
                    {
                        target--;
                    }

                    Unit merged = units[target];
                    for (int u = units.Count - 1; u > target; u--)
                    {
                        merged.HasKeptRole |= units[u].HasKeptRole;
                        merged.HasTurn |= units[u].HasTurn;
                        merged.HasUser |= units[u].HasUser;
                        units.RemoveAt(u);
                    }

                    merged.End = i + 1;
                    merged.HasKeptRole |= keptRole;
                    merged.HasTurn |= !keptRole;
                    merged.HasUser |= role == PromptRole.User;
                }
                else
                {
                    units.Add(new Unit { Start = i, End = i + 1, HasKeptRole = keptRole, HasTurn = !keptRole && !orphan[i], HasUser = role == PromptRole.User && !orphan[i] });
                }

                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionCallContent call && call.CallId is { } id)
                    {
                        callAt[id] = i;
                    }
                }
            }

            return units;
        }

        private sealed class Unit
        {
            public int Start { get; set; }

            public int End { get; set; }

            public long Tokens { get; set; }

            public bool HasKeptRole { get; set; }

            public bool HasTurn { get; set; }

            public bool HasUser { get; set; }
        }
    }

    /// <summary>A conversation reduced by <see cref="TokenBudgetChatReducer.Reduce"/>.</summary>
    public sealed class ChatReduction
    {
        internal ChatReduction(IReadOnlyList<ChatMessage> messages, int tokens, int dropped, bool isExact)
        {
            Messages = messages;
            Tokens = tokens;
            Dropped = dropped;
            IsExact = isExact;
        }

        /// <summary>The kept messages, in their original order.</summary>
        public IReadOnlyList<ChatMessage> Messages { get; }

        /// <summary>
        /// The kept messages' count by <see cref="ChatTokenCounting.CountChatMessages"/> (reply priming included): equal to
        /// counting <see cref="Messages"/> from scratch, never above the reducer's budget.
        /// </summary>
        public int Tokens { get; }

        /// <summary>How many messages were left out (orphaned function results included).</summary>
        public int Dropped { get; }

        /// <summary>False when the counter is approximate (see <see cref="TokenCounter.IsExact"/>).</summary>
        public bool IsExact { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Messages.Count} messages, {Tokens} tokens, {Dropped} dropped";
    }
}
