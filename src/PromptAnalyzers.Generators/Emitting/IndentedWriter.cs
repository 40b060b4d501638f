using System.Text;

namespace PromptAnalyzers.Generators.Emitting
{
    /// <summary>Writes lines of C# with four-space indentation and '\n' line ends (byte-identical on every OS).</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private int _depth;

        public void Line(string text)
        {
            if (text.Length > 0)
            {
                _builder.Append(' ', _depth * 4);
                _builder.Append(text);
            }

            _builder.Append('\n');
        }

        public void Line() => _builder.Append('\n');

        public void Open(string header)
        {
            Line(header);
            Line("{");
            _depth++;
        }

        public void Close(string suffix = "")
        {
            _depth--;
            Line("}" + suffix);
        }

        public override string ToString() => _builder.ToString();
    }
}
