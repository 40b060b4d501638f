namespace PromptAnalyzers
{
    /// <summary>A calendar window in UTC over which usage is totalled and limited.</summary>
    public enum UsageWindow
    {
        /// <summary>One minute, from second 0.</summary>
        Minute,

        /// <summary>One hour, from minute 0.</summary>
        Hour,

        /// <summary>One UTC day, from midnight.</summary>
        Day,

        /// <summary>One UTC calendar month, from the 1st at midnight.</summary>
        Month,
    }
}
