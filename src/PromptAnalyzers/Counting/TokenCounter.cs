using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers
{
    /// <summary>
    /// Counts tokens of text, chat messages and tool definitions for one model or tiktoken encoding. Immutable and
    /// thread-safe: create one per model (or use the cached instances <see cref="ForModel(string, ModelCatalog)"/> and
    /// <see cref="ForEncoding"/> return) and share it; the tokenizer behind it is created once per encoding per process.
    /// </summary>
    /// <remarks>
    /// Text is counted with ordinary semantics (special-token look-alikes such as <c>&lt;|endoftext|&gt;</c> are plain
    /// text, as the API sees them). For a model whose tokenizer is not tiktoken (<see cref="IsExact"/> false) every text's
    /// count is the stand-in encoding's exact count scaled up by the model's margin,
    /// <c>ceiling(exact × (1 + margin))</c>; the fixed framing tokens of messages and tools are added unscaled.
    /// </remarks>
    public sealed class TokenCounter
    {
        /// <summary>Tokens every tool call adds beside its name's and arguments' tokens (see <see cref="CountMessage"/>).</summary>
        public const int TokensPerToolCall = 3;

        private static readonly TokenCounter s_cl100k = new TokenCounter(TiktokenEncodings.Cl100kBase, null);
        private static readonly TokenCounter s_o200k = new TokenCounter(TiktokenEncodings.O200kBase, null);
        private static readonly ConditionalWeakTable<ModelInfo, TokenCounter> s_byModel = new ConditionalWeakTable<ModelInfo, TokenCounter>();

        private readonly ToolConstants _tools;

        private TokenCounter(string encoding, ModelInfo? model)
        {
            Encoding = encoding;
            Model = model;
            ApproximationMargin = model?.ApproximationMargin ?? 0;
            ApproximationNote = model?.ApproximationNote;
            _tools = encoding == TiktokenEncodings.O200kBase ? ToolConstants.O200k : ToolConstants.Cl100k;
        }

        /// <summary>The tiktoken encoding that counts: <c>cl100k_base</c> or <c>o200k_base</c>.</summary>
        public string Encoding { get; }

        /// <summary>The catalog model this counter counts for; null for a counter made with <see cref="ForEncoding"/>.</summary>
        public ModelInfo? Model { get; }

        /// <summary>True when <see cref="Encoding"/> is the model's own tokenizer, so every count is exact.</summary>
        public bool IsExact => ApproximationMargin == 0;

        /// <summary>The fraction added to every text's count (0.3 = +30 %); 0 when exact.</summary>
        public double ApproximationMargin { get; }

        /// <summary>Why counts are approximate; null when exact.</summary>
        public string? ApproximationNote { get; }

        private Tokenizer Tokenizer => TiktokenEncodings.Get(Encoding);

        /// <summary>The counter of a catalog model (cached per <see cref="ModelInfo"/>).</summary>
        /// <param name="model">A model name, alias or name with a known family prefix (<c>gpt-4o-2024-08-06</c>).</param>
        /// <param name="catalog">The catalog to resolve it in; <see cref="ModelCatalog.Default"/> when null.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        /// <exception cref="UnknownModelException">The catalog does not know <paramref name="model"/>.</exception>
        public static TokenCounter ForModel(string model, ModelCatalog? catalog = null)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            return ForModel((catalog ?? ModelCatalog.Default).Get(model));
        }

        /// <summary>The counter of <paramref name="model"/> (cached per instance).</summary>
        /// <param name="model">The model.</param>
        /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
        public static TokenCounter ForModel(ModelInfo model)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            return s_byModel.GetValue(model, m => new TokenCounter(m.Encoding, m));
        }

        /// <summary>The exact counter of a tiktoken encoding (one shared instance per encoding).</summary>
        /// <param name="encoding"><c>cl100k_base</c> or <c>o200k_base</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="encoding"/> is another name.</exception>
        public static TokenCounter ForEncoding(string encoding) => encoding switch
        {
            null => throw new ArgumentNullException(nameof(encoding)),
            TiktokenEncodings.Cl100kBase => s_cl100k,
            TiktokenEncodings.O200kBase => s_o200k,
            _ => throw new ArgumentException(
                $"Unknown tiktoken encoding '{encoding}'. Supported encodings: {string.Join(", ", TiktokenEncodings.Names)}.", nameof(encoding)),
        };

        /// <summary>Counts <paramref name="text"/> and says whether the count is exact.</summary>
        /// <param name="text">The text.</param>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public TokenCount Count(string text) => Result(CountTokens(text));

        /// <summary>The tokens of <paramref name="text"/> (approximate when <see cref="IsExact"/> is false).</summary>
        /// <param name="text">The text.</param>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public int CountTokens(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return Scale(CountExact(text));
        }

        /// <summary>
        /// Whether <paramref name="text"/> has at most <paramref name="maxTokens"/> tokens; stops tokenizing as soon as
        /// the limit is passed, so a huge text costs about <paramref name="maxTokens"/> tokens of work.
        /// </summary>
        /// <param name="text">The text.</param>
        /// <param name="maxTokens">The limit, 0 or more (compared with the approximate count for approximate models).</param>
        /// <param name="tokens">
        /// When the method returns true: the text's count. When it returns false: the count of the longest prefix of the
        /// text that is within the limit, where counting stopped (at most <paramref name="maxTokens"/>); it is not the
        /// text's count, which is above <paramref name="maxTokens"/>.
        /// </param>
        /// <returns>True when the text's count is at most <paramref name="maxTokens"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is negative.</exception>
        public bool IsWithin(string text, int maxTokens, out int tokens)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (maxTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "A token limit cannot be negative.");
            }

            tokens = 0;
            if (text.Length == 0)
            {
                return true;
            }

            int exactLimit = BudgetMath.RemoveMargin(maxTokens, ApproximationMargin);
            if (exactLimit == 0)
            {
                return false;
            }

            int index = Tokenizer.GetIndexByTokenCount(
                text, exactLimit, out _, out int counted, considerPreTokenization: true, considerNormalization: false);
            tokens = Scale(counted);
            return index == text.Length;
        }

        /// <summary>
        /// Counts one chat message by OpenAI's cookbook rule: 3 tokens, plus the tokens of its role and content, plus 1
        /// and the name's tokens when it has a name; an assistant's tool calls add, per call,
        /// <see cref="TokensPerToolCall"/> plus the tokens of the function name and of the arguments JSON. A tool
        /// result's <see cref="PromptMessage.ToolCallId"/> and the calls' ids are not counted. The reply priming of a
        /// whole request is not included (see <see cref="CountMessages"/>).
        /// </summary>
        /// <param name="message">The message.</param>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <remarks>
        /// The per-message rule is from OpenAI's cookbook "How to count tokens with tiktoken"
        /// (https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken). OpenAI does not document how tool
        /// calls are rendered; the per-call rule above is this library's stated estimate.
        /// </remarks>
        public int CountMessage(PromptMessage message)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            long total = ChatOverhead.TokensPerMessage + (long)CountTokens(message.RoleName) + CountTokens(message.Content);
            if (message.Name is not null)
            {
                total += ChatOverhead.TokensPerName + (long)CountTokens(message.Name);
            }

            foreach (ToolCall call in message.ToolCalls)
            {
                total += TokensPerToolCall + (long)CountTokens(call.Name) + CountTokens(call.ArgumentsJson);
            }

            return Checked(total);
        }

        /// <summary>
        /// Counts a chat request's messages: the sum of <see cref="CountMessage"/> plus 3 tokens that prime the reply
        /// (so an empty list counts 3), as OpenAI's cookbook does.
        /// </summary>
        /// <param name="messages">The messages.</param>
        /// <exception cref="ArgumentNullException"><paramref name="messages"/> or one of them is null.</exception>
        public int CountMessages(IEnumerable<PromptMessage> messages)
        {
            if (messages is null)
            {
                throw new ArgumentNullException(nameof(messages));
            }

            long total = ChatOverhead.ReplyPriming;
            foreach (PromptMessage message in messages)
            {
                if (message is null)
                {
                    throw new ArgumentNullException(nameof(messages), "A message is null.");
                }

                total += CountMessage(message);
            }

            return Checked(total);
        }

        /// <summary>
        /// Counts the tokens tool (function) definitions add to a request, the way OpenAI's cookbook "How to count
        /// tokens with tiktoken" (https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken, section
        /// "Counting tokens for chat completions with tool calls") measures them. 0 for an empty list.
        /// </summary>
        /// <param name="tools">The tools, in request order.</param>
        /// <returns>The tools' tokens, to add to <see cref="CountMessages"/>.</returns>
        /// <remarks>
        /// Per function: func_init, plus the tokens of <c>name + ":" + description</c> (one trailing <c>.</c> of the
        /// description removed); when it has properties, prop_init once, then per property prop_key plus the tokens of
        /// <c>name + ":" + type + ":" + description</c> (one trailing <c>.</c> removed), and for a property with an enum
        /// enum_init plus, per value, enum_item and the value's tokens. func_end once for the whole list. The
        /// <c>required</c> list is not counted. Constants: o200k_base (the cookbook's gpt-4o and gpt-4o-mini)
        /// func_init 7, prop_init 3, prop_key 3, enum_init −3, enum_item 3, func_end 12; cl100k_base (gpt-3.5-turbo and
        /// gpt-4) the same with func_init 10. The cookbook fitted these constants against the API's reported usage;
        /// they are an estimate for other models of the same encoding.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="tools"/> or one of them is null.</exception>
        public int CountTools(IReadOnlyList<ToolDefinition> tools)
        {
            if (tools is null)
            {
                throw new ArgumentNullException(nameof(tools));
            }

            if (tools.Count == 0)
            {
                return 0;
            }

            long total = 0;
            foreach (ToolDefinition tool in tools)
            {
                if (tool is null)
                {
                    throw new ArgumentNullException(nameof(tools), "A tool definition is null.");
                }

                total += _tools.FuncInit + (long)CountTokens(tool.Name + ":" + WithoutFinalPeriod(tool.Description));
                if (tool.Properties.Count > 0)
                {
                    total += _tools.PropInit;
                    foreach (ToolProperty property in tool.Properties)
                    {
                        total += _tools.PropKey;
                        if (property.EnumValues is { } values)
                        {
                            total += _tools.EnumInit;
                            foreach (string value in values)
                            {
                                total += _tools.EnumItem + (long)CountTokens(value);
                            }
                        }

                        total += CountTokens(property.Name + ":" + property.Type + ":" + WithoutFinalPeriod(property.Description));
                    }
                }
            }

            return Checked(total + _tools.FuncEnd);
        }

        /// <summary>The token ids of <paramref name="text"/> in <see cref="Encoding"/> (the stand-in's ids for an approximate model).</summary>
        /// <param name="text">The text.</param>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public IReadOnlyList<int> Encode(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return text.Length == 0
                ? Array.Empty<int>()
                : Tokenizer.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false);
        }

        /// <summary>
        /// The text of token ids of <see cref="Encoding"/>. Decoding a slice that splits a character's UTF-8 bytes yields
        /// U+FFFD where the bytes are incomplete; decode whole sequences (or use <see cref="TextTruncator"/> to cut text).
        /// </summary>
        /// <param name="ids">The token ids.</param>
        /// <exception cref="ArgumentNullException"><paramref name="ids"/> is null.</exception>
        public string Decode(IEnumerable<int> ids)
        {
            if (ids is null)
            {
                throw new ArgumentNullException(nameof(ids));
            }

            return Tokenizer.Decode(ids) ?? string.Empty;
        }

        /// <summary>E.g. <c>gpt-4o: o200k_base (exact)</c> or <c>claude-sonnet-4: cl100k_base + 30 % margin (approximate)</c>.</summary>
        public override string ToString() =>
            (Model is null ? string.Empty : Model.Name + ": ") + Encoding + (IsExact
                ? " (exact)"
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, " + {0:0.##} % margin (approximate)", ApproximationMargin * 100));

        internal int CountExact(string text) => Internal.Runtime.MarginCounter.CountExact(Tokenizer, text);

        internal int Scale(int exactTokens) => BudgetMath.ApplyMargin(exactTokens, ApproximationMargin);

        internal TokenCount Result(int tokens) => new TokenCount(tokens, Encoding, ApproximationMargin);

        private static string WithoutFinalPeriod(string text) =>
            text.Length > 0 && text[text.Length - 1] == '.' ? text.Substring(0, text.Length - 1) : text;

        private static int Checked(long total) =>
            total > int.MaxValue ? throw new OverflowException("The token count exceeds Int32.MaxValue.") : (int)total;

        private sealed class ToolConstants
        {
            public static readonly ToolConstants O200k = new ToolConstants(funcInit: 7);
            public static readonly ToolConstants Cl100k = new ToolConstants(funcInit: 10);

            private ToolConstants(int funcInit) => FuncInit = funcInit;

            public int FuncInit { get; }

            public int PropInit => 3;

            public int PropKey => 3;

            public int EnumInit => -3;

            public int EnumItem => 3;

            public int FuncEnd => 12;
        }
    }
}
