using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace PromptAnalyzers.Build
{
    /// <summary>
    /// Writes the prompt budget report of a compiled assembly: <see cref="JsonPath"/> (machine-readable) and
    /// <see cref="MarkdownPath"/> (a table for people and pull requests), from the <c>[assembly: PromptBudgetFact]</c>
    /// attributes the PromptAnalyzers generator put into it, and logs one summary line. A file is rewritten only when its
    /// content changes, so an incremental build leaves it (and its timestamp) alone. An assembly without prompts gets no
    /// report, and a report left from an earlier build is deleted. The task never fails the build: a problem is warning
    /// PROMPT017.
    /// </summary>
    public sealed class WritePromptBudgetReport : Task
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>The compiled assembly (<c>@(IntermediateAssembly)</c>).</summary>
        [Required]
        public string Assembly { get; set; } = string.Empty;

        /// <summary>Where the JSON report goes.</summary>
        [Required]
        public string JsonPath { get; set; } = string.Empty;

        /// <summary>Where the Markdown report goes.</summary>
        [Required]
        public string MarkdownPath { get; set; } = string.Empty;

        /// <summary>The project's directory: the summary line names the report relative to it.</summary>
        public string? ProjectDirectory { get; set; }

        /// <summary>The target framework, shown in the report's title (one report per target framework).</summary>
        public string? TargetFramework { get; set; }

        /// <summary>The report files this run wrote or found up to date (none when the assembly has no prompts).</summary>
        [Output]
        public ITaskItem[] ReportFiles { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>The summary line that was logged; empty when the assembly has no prompts.</summary>
        [Output]
        public string Summary { get; private set; } = string.Empty;

        /// <inheritdoc/>
        public override bool Execute()
        {
            try
            {
                (string assemblyName, List<BudgetFact> facts) = BudgetFactReader.Read(Assembly);
                if (facts.Count == 0)
                {
                    DeleteStale(JsonPath);
                    DeleteStale(MarkdownPath);
                    Log.LogMessage(MessageImportance.Low, "PromptAnalyzers: {0} has no prompts; no budget report.", Assembly);
                    return true;
                }

                BudgetReport report = BudgetReport.Create(assemblyName, TargetFramework, facts);
                WriteIfChanged(JsonPath, ReportFormatter.ToJson(report));
                WriteIfChanged(MarkdownPath, ReportFormatter.ToMarkdown(report));
                ReportFiles = new ITaskItem[] { new TaskItem(JsonPath), new TaskItem(MarkdownPath) };
                Summary = ReportFormatter.SummaryLine(report, DisplayPath(MarkdownPath));
                Log.LogMessage(MessageImportance.High, "{0}", Summary);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException
                || exception is BadImageFormatException || exception is InvalidOperationException || exception is ArgumentException)
            {
                Log.LogWarning(
                    subcategory: null,
                    warningCode: "PROMPT017",
                    helpKeyword: null,
                    helpLink: "https://github.com/promptanalyzers/promptanalyzers/blob/main/docs/diagnostics/PROMPT017.md",
                    file: null,
                    lineNumber: 0,
                    columnNumber: 0,
                    endLineNumber: 0,
                    endColumnNumber: 0,
                    message: "PromptAnalyzers could not write the budget report of '{0}': {1}",
                    Assembly,
                    exception.Message);
            }

            return true;
        }

        /// <summary>Writes <paramref name="text"/> as UTF-8 unless the file already holds exactly that; true when written.</summary>
        internal static bool WriteIfChanged(string path, string text)
        {
            byte[] bytes = s_utf8.GetBytes(text);
            if (File.Exists(path))
            {
                byte[] existing = File.ReadAllBytes(path);
                if (SameBytes(existing, bytes))
                {
                    return false;
                }
            }

            string? directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllBytes(path, bytes);
            return true;
        }

        private static bool SameBytes(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (int i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static void DeleteStale(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private string DisplayPath(string path)
        {
            string full = Path.GetFullPath(path);
            if (string.IsNullOrEmpty(ProjectDirectory))
            {
                return full;
            }

            string directory = Path.GetFullPath(ProjectDirectory);
            if (!directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal))
            {
                directory += Path.DirectorySeparatorChar;
            }

            return full.StartsWith(directory, StringComparison.OrdinalIgnoreCase) ? full.Substring(directory.Length) : full;
        }
    }
}
