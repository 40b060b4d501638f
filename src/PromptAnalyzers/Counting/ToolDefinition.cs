using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>
    /// A tool (function) the model may call, with a small JSON-schema-like parameter list: what
    /// <see cref="TokenCounter.CountTools"/> measures. Immutable.
    /// </summary>
    public sealed class ToolDefinition
    {
        /// <summary>Describes a function.</summary>
        /// <param name="name">The function's name.</param>
        /// <param name="description">What it does; null or empty when it has no description.</param>
        /// <param name="properties">The properties of its <c>parameters</c> object, in order; null for none.</param>
        /// <param name="required">The names of the required properties; each must be one of <paramref name="properties"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> or a property is null.</exception>
        /// <exception cref="ArgumentException">The name is empty, a property name repeats, or a required name is not a property.</exception>
        public ToolDefinition(string name, string? description = null, IEnumerable<ToolProperty>? properties = null, IEnumerable<string>? required = null)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Length == 0)
            {
                throw new ArgumentException("A tool's name cannot be empty.", nameof(name));
            }

            Name = name;
            Description = description ?? string.Empty;

            var list = new List<ToolProperty>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (ToolProperty property in properties ?? Array.Empty<ToolProperty>())
            {
                if (property is null)
                {
                    throw new ArgumentNullException(nameof(properties), $"Tool '{name}': a property is null.");
                }

                if (!names.Add(property.Name))
                {
                    throw new ArgumentException($"Tool '{name}': the property '{property.Name}' appears twice.", nameof(properties));
                }

                list.Add(property);
            }

            var requiredList = new List<string>();
            foreach (string requiredName in required ?? Array.Empty<string>())
            {
                if (requiredName is null || !names.Contains(requiredName))
                {
                    throw new ArgumentException($"Tool '{name}': the required property '{requiredName}' is not one of its properties.", nameof(required));
                }

                requiredList.Add(requiredName);
            }

            Properties = list.ToArray();
            Required = requiredList.ToArray();
        }

        /// <summary>The function's name.</summary>
        public string Name { get; }

        /// <summary>The description; empty when none.</summary>
        public string Description { get; }

        /// <summary>The parameters' properties, in order.</summary>
        public IReadOnlyList<ToolProperty> Properties { get; }

        /// <summary>The names of the required properties.</summary>
        public IReadOnlyList<string> Required { get; }

        /// <inheritdoc/>
        public override string ToString() => Name + "(" + string.Join(", ", Properties) + ")";
    }

    /// <summary>One property of a tool's <c>parameters</c> object: name, JSON type, description and allowed values.</summary>
    public sealed class ToolProperty
    {
        /// <summary>Describes a property.</summary>
        /// <param name="name">The property's name.</param>
        /// <param name="type">The JSON-schema type: <c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>array</c>, <c>object</c>.</param>
        /// <param name="description">What it means; null or empty when it has none.</param>
        /// <param name="enumValues">The allowed values (<c>enum</c>); null when any value is allowed.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="type"/> or an enum value is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="type"/> is empty.</exception>
        public ToolProperty(string name, string type, string? description = null, IEnumerable<string>? enumValues = null)
        {
            Name = RequireText(name, nameof(name));
            Type = RequireText(type, nameof(type));
            Description = description ?? string.Empty;
            if (enumValues is not null)
            {
                var values = new List<string>();
                foreach (string value in enumValues)
                {
                    values.Add(value ?? throw new ArgumentNullException(nameof(enumValues), $"Property '{name}': an enum value is null."));
                }

                EnumValues = values.ToArray();
            }
        }

        /// <summary>The property's name.</summary>
        public string Name { get; }

        /// <summary>The JSON-schema type.</summary>
        public string Type { get; }

        /// <summary>The description; empty when none.</summary>
        public string Description { get; }

        /// <summary>The allowed values, or null when the property has no <c>enum</c>.</summary>
        public IReadOnlyList<string>? EnumValues { get; }

        /// <inheritdoc/>
        public override string ToString() => Name + ": " + Type;

        private static string RequireText(string value, string parameter)
        {
            if (value is null)
            {
                throw new ArgumentNullException(parameter);
            }

            if (value.Length == 0)
            {
                throw new ArgumentException($"A tool property's {parameter} cannot be empty.", parameter);
            }

            return value;
        }
    }
}
