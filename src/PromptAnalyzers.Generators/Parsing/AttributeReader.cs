using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PromptAnalyzers.Generators.Model;

namespace PromptAnalyzers.Generators.Parsing
{
    /// <summary>Reads an attribute's arguments and where each one is written.</summary>
    internal sealed class AttributeReader
    {
        private readonly AttributeData _attribute;
        private readonly AttributeSyntax? _syntax;

        public AttributeReader(AttributeData attribute, CancellationToken cancellationToken)
        {
            _attribute = attribute;
            _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        }

        public LocationInfo? Location => LocationInfo.From(_syntax);

        public bool HasConstructorArgument => _attribute.ConstructorArguments.Length > 0;

        public int? ConstructorInt =>
            _attribute.ConstructorArguments.Length > 0 && _attribute.ConstructorArguments[0].Value is int value ? value : null;

        public bool Has(string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in _attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return true;
                }
            }

            return false;
        }

        public int? Int(string name) => Named(name) is int value ? value : null;

        public string? String(string name) => Named(name) as string;

        public LocationInfo? ConstructorArgumentLocation()
        {
            if (_syntax?.ArgumentList is { } list)
            {
                foreach (AttributeArgumentSyntax argument in list.Arguments)
                {
                    if (argument.NameEquals is null && argument.NameColon is null)
                    {
                        return LocationInfo.From(argument.Expression);
                    }
                }
            }

            return Location;
        }

        public LocationInfo? ArgumentLocation(string name)
        {
            if (_syntax?.ArgumentList is { } list)
            {
                foreach (AttributeArgumentSyntax argument in list.Arguments)
                {
                    if (argument.NameEquals?.Name.Identifier.ValueText == name)
                    {
                        return LocationInfo.From(argument.Expression);
                    }
                }
            }

            return Location;
        }

        private object? Named(string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in _attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Kind != TypedConstantKind.Error)
                {
                    return argument.Value.Value;
                }
            }

            return null;
        }
    }
}
