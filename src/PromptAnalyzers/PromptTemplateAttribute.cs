using System;

namespace PromptAnalyzers
{
    /// <summary>
    /// Marks a <c>const string</c> field of a <c>partial</c> type as a prompt template. All templates of one type form one
    /// prompt, one message each, in declaration order (for a type split over partial files: by file path, then by
    /// position in the file). Placeholders are <c>{name}</c>; <c>{{</c> and <c>}}</c> are literal braces.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
    public sealed class PromptTemplateAttribute : Attribute
    {
        /// <summary>The role of the message this template becomes. Defaults to <see cref="PromptRole.User"/>.</summary>
        public PromptRole Role { get; set; } = PromptRole.User;

        /// <summary>An optional participant name sent with the message (counted as OpenAI counts names).</summary>
        public string? Name { get; set; }
    }
}
