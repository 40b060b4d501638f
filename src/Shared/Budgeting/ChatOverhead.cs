namespace PromptAnalyzers.Internal.Budgeting
{
    /// <summary>
    /// How OpenAI's cookbook counts chat messages: every message costs 3 tokens plus the tokens of its role and
    /// content; a name costs 1 more plus its tokens; 3 tokens prime the reply.
    /// </summary>
    internal static class ChatOverhead
    {
        public const int TokensPerMessage = 3;
        public const int TokensPerName = 1;
        public const int ReplyPriming = 3;
    }
}
