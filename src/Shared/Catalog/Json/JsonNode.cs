using System;
using System.Collections.Generic;
using System.Globalization;

namespace PromptAnalyzers.Internal.Catalog.Json
{
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>A position in a JSON text: 1-based line and column (in UTF-16 code units) and the 0-based offset.</summary>
    internal readonly struct JsonPosition : IEquatable<JsonPosition>
    {
        public JsonPosition(int offset, int line, int column)
        {
            Offset = offset;
            Line = line;
            Column = column;
        }

        public int Offset { get; }
        public int Line { get; }
        public int Column { get; }

        public bool Equals(JsonPosition other) => Offset == other.Offset && Line == other.Line && Column == other.Column;
        public override bool Equals(object? obj) => obj is JsonPosition other && Equals(other);
        public override int GetHashCode() => Offset;
        public override string ToString() => $"({Line},{Column})";
    }

    /// <summary>A parsed JSON value with the position of its first character.</summary>
    internal abstract class JsonNode
    {
        protected JsonNode(JsonPosition position) => Position = position;

        public JsonPosition Position { get; }
        public abstract JsonKind Kind { get; }

        public string KindName => Kind switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.String => "a string",
            JsonKind.Number => "a number",
            JsonKind.True => "true",
            JsonKind.False => "false",
            _ => "null",
        };
    }

    internal sealed class JsonObject : JsonNode
    {
        public JsonObject(JsonPosition position, IReadOnlyList<JsonProperty> properties)
            : base(position) => Properties = properties;

        public override JsonKind Kind => JsonKind.Object;

        /// <summary>The members in document order; names are unique (the parser rejects duplicates).</summary>
        public IReadOnlyList<JsonProperty> Properties { get; }

        public JsonProperty? Find(string name)
        {
            foreach (JsonProperty property in Properties)
            {
                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    return property;
                }
            }

            return null;
        }
    }

    internal sealed class JsonProperty
    {
        public JsonProperty(string name, JsonPosition namePosition, JsonNode value)
        {
            Name = name;
            NamePosition = namePosition;
            Value = value;
        }

        public string Name { get; }
        public JsonPosition NamePosition { get; }
        public JsonNode Value { get; }
    }

    internal sealed class JsonArray : JsonNode
    {
        public JsonArray(JsonPosition position, IReadOnlyList<JsonNode> items)
            : base(position) => Items = items;

        public override JsonKind Kind => JsonKind.Array;
        public IReadOnlyList<JsonNode> Items { get; }
    }

    internal sealed class JsonString : JsonNode
    {
        public JsonString(JsonPosition position, string value)
            : base(position) => Value = value;

        public override JsonKind Kind => JsonKind.String;
        public string Value { get; }
    }

    internal sealed class JsonNumber : JsonNode
    {
        public JsonNumber(JsonPosition position, string text)
            : base(position) => Text = text;

        public override JsonKind Kind => JsonKind.Number;

        /// <summary>The number exactly as written (valid RFC 8259 number syntax).</summary>
        public string Text { get; }

        /// <summary>The value as a decimal; false when it is outside decimal's range.</summary>
        public bool TryGetDecimal(out decimal value)
        {
            // decimal.TryParse rounds to 28-29 significant digits and fails (rather than returning infinity) on overflow.
            return decimal.TryParse(Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value);
        }

        /// <summary>The value as an Int32 when it is integral (1e3 and 1000.0 count) and fits.</summary>
        public bool TryGetInt32(out int value)
        {
            value = 0;
            if (!TryGetDecimal(out decimal d) || d != decimal.Truncate(d) || d < int.MinValue || d > int.MaxValue)
            {
                return false;
            }

            value = (int)d;
            return true;
        }
    }

    internal sealed class JsonLiteral : JsonNode
    {
        private readonly JsonKind _kind;

        public JsonLiteral(JsonPosition position, JsonKind kind)
            : base(position) => _kind = kind;

        public override JsonKind Kind => _kind;
    }
}
