using System;
using System.Collections.Generic;

namespace PromptAnalyzers
{
    /// <summary>One template of a prompt: it becomes one chat message.</summary>
    public sealed class TemplateDefinition
    {
        /// <summary>Creates a template definition.</summary>
        /// <param name="name">The template's name (the generator uses the field name).</param>
        /// <param name="role">The message role.</param>
        /// <param name="template">The template text with <c>{placeholders}</c>; <c>{{</c>/<c>}}</c> are literal braces.</param>
        /// <param name="allocation">The template's allocation (static text and placeholder values together).</param>
        /// <param name="truncation">How placeholder values are cut when they do not fit.</param>
        /// <param name="placeholderBudgets">Budgets of single placeholders, if any.</param>
        /// <param name="staticTokens">The static text's token count if already known (the generator passes its build-time count); null to count it once on first use.</param>
        /// <param name="messageName">An optional participant name sent with the message.</param>
        public TemplateDefinition(
            string name,
            PromptRole role,
            string template,
            TokenAllocation allocation = default,
            Truncation truncation = Truncation.KeepStart,
            IReadOnlyList<PlaceholderBudget>? placeholderBudgets = null,
            int? staticTokens = null,
            string? messageName = null)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Template = template ?? throw new ArgumentNullException(nameof(template));
            if (staticTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(staticTokens), staticTokens, "A token count cannot be negative.");
            }

            if (role is < PromptRole.User or > PromptRole.Developer)
            {
                throw new ArgumentOutOfRangeException(nameof(role), role,
                    "A template becomes a System, User, Assistant or Developer message; tool results answer a tool call (PromptMessage.Tool).");
            }

            Role = role;
            Allocation = allocation;
            Truncation = truncation;
            PlaceholderBudgets = placeholderBudgets ?? Array.Empty<PlaceholderBudget>();
            StaticTokens = staticTokens;
            MessageName = messageName;
        }

        /// <summary>The template's name.</summary>
        public string Name { get; }

        /// <summary>The message role.</summary>
        public PromptRole Role { get; }

        /// <summary>The template text.</summary>
        public string Template { get; }

        /// <summary>The template's allocation.</summary>
        public TokenAllocation Allocation { get; }

        /// <summary>How placeholder values are cut.</summary>
        public Truncation Truncation { get; }

        /// <summary>Budgets of single placeholders.</summary>
        public IReadOnlyList<PlaceholderBudget> PlaceholderBudgets { get; }

        /// <summary>The static text's token count when known ahead of time.</summary>
        public int? StaticTokens { get; }

        /// <summary>An optional participant name sent with the message.</summary>
        public string? MessageName { get; }
    }

    /// <summary>The budget of one placeholder inside a template.</summary>
    public sealed class PlaceholderBudget
    {
        /// <summary>Creates a placeholder budget.</summary>
        public PlaceholderBudget(string placeholder, TokenAllocation allocation, Truncation truncation = Truncation.KeepStart)
        {
            Placeholder = placeholder ?? throw new ArgumentNullException(nameof(placeholder));
            Allocation = allocation;
            Truncation = truncation;
        }

        /// <summary>The placeholder's name, without braces.</summary>
        public string Placeholder { get; }

        /// <summary>Its allocation (never more than the template leaves it).</summary>
        public TokenAllocation Allocation { get; }

        /// <summary>How its value is cut.</summary>
        public Truncation Truncation { get; }
    }
}
