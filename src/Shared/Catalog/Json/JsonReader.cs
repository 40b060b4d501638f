using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PromptAnalyzers.Internal.Catalog.Json
{
    /// <summary>
    /// A strict RFC 8259 JSON parser (no comments, no trailing commas, no duplicate member names, no lone surrogate
    /// escapes) that never throws on bad input: the first syntax error is returned with its line and column.
    /// Written by hand so the generator does not load System.Text.Json.
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>Nesting deeper than this is rejected instead of risking a stack overflow.</summary>
        public const int MaxDepth = 64;

        private readonly string _text;
        private int _offset;
        private int _line = 1;
        private int _lineStart;

        private JsonReader(string text) => _text = text;

        /// <summary>Parses one JSON document. On failure <paramref name="root"/> is null and <paramref name="error"/> says where and why.</summary>
        public static bool TryParse(string text, out JsonNode? root, out JsonSyntaxError? error)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var reader = new JsonReader(text);
            try
            {
                if (reader.Peek() == '\uFEFF')
                {
                    reader._offset++;
                    reader._lineStart = reader._offset;
                }

                reader.SkipWhitespace();
                JsonNode value = reader.ParseValue(0);
                reader.SkipWhitespace();
                if (reader._offset < text.Length)
                {
                    throw reader.Error($"Unexpected {reader.Describe()} after the end of the JSON value.");
                }

                root = value;
                error = null;
                return true;
            }
            catch (JsonSyntaxException ex)
            {
                root = null;
                error = ex.Error;
                return false;
            }
        }

        private JsonPosition CurrentPosition => new JsonPosition(_offset, _line, _offset - _lineStart + 1);

        private int Peek() => _offset < _text.Length ? _text[_offset] : -1;

        private JsonNode ParseValue(int depth)
        {
            int c = Peek();
            switch (c)
            {
                case '{':
                    return ParseObject(depth + 1);
                case '[':
                    return ParseArray(depth + 1);
                case '"':
                {
                    JsonPosition start = CurrentPosition;
                    return new JsonString(start, ParseString());
                }

                case 't':
                    return ParseLiteral("true", JsonKind.True);
                case 'f':
                    return ParseLiteral("false", JsonKind.False);
                case 'n':
                    return ParseLiteral("null", JsonKind.Null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }

                    throw Error($"Expected a JSON value but found {DescribeWord()}.");
            }
        }

        private JsonObject ParseObject(int depth)
        {
            JsonPosition start = CurrentPosition;
            CheckDepth(depth);
            _offset++; // '{'
            var properties = new List<JsonProperty>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (Peek() == '}')
            {
                _offset++;
                return new JsonObject(start, properties);
            }

            while (true)
            {
                if (Peek() != '"')
                {
                    throw Error(properties.Count > 0 && Peek() == '}'
                        ? "Trailing comma before '}' is not allowed in JSON."
                        : $"Expected a property name in double quotes but found {Describe()}.");
                }

                JsonPosition namePosition = CurrentPosition;
                string name = ParseString();
                if (!names.Add(name))
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(namePosition, $"Duplicate property '{name}'."));
                }

                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error($"Expected ':' after property name '{name}' but found {Describe()}.");
                }

                _offset++;
                SkipWhitespace();
                properties.Add(new JsonProperty(name, namePosition, ParseValue(depth)));
                if (ReadSeparatorOrClose('}'))
                {
                    return new JsonObject(start, properties);
                }
            }
        }

        private JsonArray ParseArray(int depth)
        {
            JsonPosition start = CurrentPosition;
            CheckDepth(depth);
            _offset++; // '['
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _offset++;
                return new JsonArray(start, items);
            }

            while (true)
            {
                if (items.Count > 0 && Peek() == ']')
                {
                    throw Error("Trailing comma before ']' is not allowed in JSON.");
                }

                items.Add(ParseValue(depth));
                if (ReadSeparatorOrClose(']'))
                {
                    return new JsonArray(start, items);
                }
            }
        }

        /// <summary>After a member or item: consumes ',' (false: another follows) or <paramref name="close"/> (true).</summary>
        private bool ReadSeparatorOrClose(char close)
        {
            SkipWhitespace();
            int c = Peek();
            if (c == ',')
            {
                _offset++;
                SkipWhitespace();
                return false;
            }

            if (c == close)
            {
                _offset++;
                return true;
            }

            throw Error($"Expected ',' or '{close}' but found {Describe()}.");
        }

        private void CheckDepth(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error($"JSON nesting is deeper than {MaxDepth} levels.");
            }
        }

        private string ParseString()
        {
            _offset++; // opening quote
            StringBuilder? builder = null;
            int runStart = _offset;
            while (true)
            {
                if (_offset >= _text.Length)
                {
                    throw Error("Unterminated string: the text ends before the closing '\"'.");
                }

                char c = _text[_offset];
                if (c == '"')
                {
                    string result = builder is null
                        ? _text.Substring(runStart, _offset - runStart)
                        : builder.Append(_text, runStart, _offset - runStart).ToString();
                    _offset++;
                    return result;
                }

                if (c == '\\')
                {
                    builder ??= new StringBuilder();
                    builder.Append(_text, runStart, _offset - runStart);
                    ParseEscape(builder);
                    runStart = _offset;
                    continue;
                }

                if (c < 0x20)
                {
                    throw Error(c == '\n' || c == '\r'
                        ? "Unterminated string: a line break must be written as \\n inside a JSON string."
                        : $"Control character U+{(int)c:X4} must be escaped inside a JSON string.");
                }

                _offset++;
            }
        }

        private void ParseEscape(StringBuilder builder)
        {
            JsonPosition escapeStart = CurrentPosition;
            _offset++; // backslash
            int c = Peek();
            _offset++;
            switch (c)
            {
                case '"': builder.Append('"'); return;
                case '\\': builder.Append('\\'); return;
                case '/': builder.Append('/'); return;
                case 'b': builder.Append('\b'); return;
                case 'f': builder.Append('\f'); return;
                case 'n': builder.Append('\n'); return;
                case 'r': builder.Append('\r'); return;
                case 't': builder.Append('\t'); return;
                case 'u':
                    break;
                case -1:
                    _offset--;
                    throw Error("Unterminated string: the text ends inside an escape sequence.");
                default:
                    throw new JsonSyntaxException(new JsonSyntaxError(escapeStart,
                        $"Invalid escape sequence '\\{(char)c}'. Valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX."));
            }

            char unit = ReadHex4(escapeStart);
            if (char.IsLowSurrogate(unit))
            {
                throw new JsonSyntaxException(new JsonSyntaxError(escapeStart,
                    $"Invalid \\u{(int)unit:X4}: a low surrogate must follow a high surrogate escape."));
            }

            if (char.IsHighSurrogate(unit))
            {
                JsonPosition lowStart = CurrentPosition;
                if (_offset + 1 >= _text.Length || _text[_offset] != '\\' || _text[_offset + 1] != 'u')
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(escapeStart,
                        $"Invalid \\u{(int)unit:X4}: a high surrogate must be followed by a \\uXXXX low surrogate escape."));
                }

                _offset += 2;
                char low = ReadHex4(lowStart);
                if (!char.IsLowSurrogate(low))
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(lowStart,
                        $"Invalid \\u{(int)low:X4} after high surrogate \\u{(int)unit:X4}: expected a low surrogate (DC00-DFFF)."));
                }

                builder.Append(unit).Append(low);
                return;
            }

            builder.Append(unit);
        }

        private char ReadHex4(JsonPosition escapeStart)
        {
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int c = Peek();
                int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : -1;
                if (digit < 0)
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(escapeStart,
                        "Invalid \\u escape: expected exactly four hexadecimal digits."));
                }

                value = (value << 4) | digit;
                _offset++;
            }

            return (char)value;
        }

        private JsonNumber ParseNumber()
        {
            JsonPosition start = CurrentPosition;
            if (Peek() == '-')
            {
                _offset++;
            }

            int c = Peek();
            if (c == '0')
            {
                _offset++;
                if (IsDigit(Peek()))
                {
                    throw Error("Leading zeros are not allowed in JSON numbers.");
                }
            }
            else if (c >= '1' && c <= '9')
            {
                SkipDigits();
            }
            else
            {
                throw Error($"Expected a digit but found {Describe()}.");
            }

            if (Peek() == '.')
            {
                _offset++;
                if (!IsDigit(Peek()))
                {
                    throw Error($"Expected a digit after the decimal point but found {Describe()}.");
                }

                SkipDigits();
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                _offset++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _offset++;
                }

                if (!IsDigit(Peek()))
                {
                    throw Error($"Expected a digit in the exponent but found {Describe()}.");
                }

                SkipDigits();
            }

            return new JsonNumber(start, _text.Substring(start.Offset, _offset - start.Offset));
        }

        private static bool IsDigit(int c) => c >= '0' && c <= '9';

        private void SkipDigits()
        {
            while (IsDigit(Peek()))
            {
                _offset++;
            }
        }

        private JsonLiteral ParseLiteral(string literal, JsonKind kind)
        {
            JsonPosition start = CurrentPosition;
            if (string.CompareOrdinal(_text, _offset, literal, 0, literal.Length) != 0)
            {
                throw Error($"Expected a JSON value but found {DescribeWord()}.");
            }

            _offset += literal.Length;
            if (_offset < _text.Length && (char.IsLetterOrDigit(_text[_offset]) || _text[_offset] == '_'))
            {
                _offset = start.Offset;
                throw Error($"Expected a JSON value but found {DescribeWord()}.");
            }

            return new JsonLiteral(start, kind);
        }

        private void SkipWhitespace()
        {
            while (_offset < _text.Length)
            {
                char c = _text[_offset];
                if (c == ' ' || c == '\t')
                {
                    _offset++;
                }
                else if (c == '\n')
                {
                    _offset++;
                    _line++;
                    _lineStart = _offset;
                }
                else if (c == '\r')
                {
                    _offset++;
                    if (_offset < _text.Length && _text[_offset] == '\n')
                    {
                        _offset++;
                    }

                    _line++;
                    _lineStart = _offset;
                }
                else if (c == '/' && _offset + 1 < _text.Length && (_text[_offset + 1] == '/' || _text[_offset + 1] == '*'))
                {
                    throw Error("Comments are not allowed in JSON.");
                }
                else
                {
                    return;
                }
            }
        }

        private string Describe()
        {
            if (_offset >= _text.Length)
            {
                return "the end of the text";
            }

            char c = _text[_offset];
            if (c < 0x20 || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u00A0' || c == '\uFEFF')
            {
                return $"U+{(int)c:X4}";
            }

            return $"'{c}'";
        }

        private string DescribeWord()
        {
            int end = _offset;
            while (end < _text.Length && end - _offset < 20 && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
            {
                end++;
            }

            return end > _offset ? $"'{_text.Substring(_offset, end - _offset)}'" : Describe();
        }

        private JsonSyntaxException Error(string message) => new JsonSyntaxException(new JsonSyntaxError(CurrentPosition, message));

        private sealed class JsonSyntaxException : Exception
        {
            public JsonSyntaxException(JsonSyntaxError error)
                : base(error.Message) => Error = error;

            public JsonSyntaxError Error { get; }
        }
    }

    internal sealed class JsonSyntaxError
    {
        public JsonSyntaxError(JsonPosition position, string message)
        {
            Position = position;
            Message = message;
        }

        public JsonPosition Position { get; }
        public string Message { get; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "({0},{1}): {2}", Position.Line, Position.Column, Message);
    }
}
