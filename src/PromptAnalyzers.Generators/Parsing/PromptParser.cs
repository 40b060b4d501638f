using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using PromptAnalyzers.Generators.Diagnostics;
using PromptAnalyzers.Generators.Model;
using PromptAnalyzers.Internal.Catalog;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Generators.Parsing
{
    /// <summary>Turns prompt types and template fields into specs; shared by the generator and the analyzer.</summary>
    internal static class PromptParser
    {
        public const string TemplateAttributeMetadataName = "PromptAnalyzers.PromptTemplateAttribute";
        public const string BudgetAttributeMetadataName = "PromptAnalyzers.TokenBudgetAttribute";
        public const string GeneratedCodeTool = "PromptAnalyzers";

        /// <summary>The members the generator adds to a prompt type.</summary>
        public static readonly string[] GeneratedMemberNames = { "Builder", "CreateBuilder", "TokenCounts" };

        private const int RoleCount = 4;
        private const int ToolRole = 4;
        private const int TruncationCount = 5;

        public static bool IsTemplateAttribute(AttributeData attribute) => IsPromptAnalyzersType(attribute.AttributeClass, "PromptTemplateAttribute");

        public static bool IsBudgetAttribute(AttributeData attribute) => IsPromptAnalyzersType(attribute.AttributeClass, "TokenBudgetAttribute");

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, Dictionary<IFieldSymbol, int>> s_fieldOrders =
            new System.Runtime.CompilerServices.ConditionalWeakTable<INamedTypeSymbol, Dictionary<IFieldSymbol, int>>();

        /// <summary>
        /// The field's place among its type's fields: by position within a file and, for a type split over partial
        /// files, by file path (ordinal), so the order never depends on the order the compiler was given the files in.
        /// </summary>
        public static int OrderOf(IFieldSymbol field)
        {
            Dictionary<IFieldSymbol, int> orders = s_fieldOrders.GetValue(field.ContainingType, type =>
            {
                var fields = type.GetMembers().OfType<IFieldSymbol>()
                    .Select(f => (Field: f, Reference: f.DeclaringSyntaxReferences.FirstOrDefault()))
                    .OrderBy(f => f.Reference?.SyntaxTree.FilePath ?? string.Empty, StringComparer.Ordinal)
                    .ThenBy(f => f.Reference?.Span.Start ?? 0)
                    .Select(f => f.Field)
                    .ToList();
                var byField = new Dictionary<IFieldSymbol, int>(SymbolEqualityComparer.Default);
                for (int i = 0; i < fields.Count; i++)
                {
                    byField[fields[i]] = i;
                }

                return byField;
            });

            return orders.TryGetValue(field, out int order) ? order : 0;
        }

        public static PromptTypeSpec ParseType(INamedTypeSymbol type, BuildOptions options, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            LocationInfo? identifier = LocationInfo.From(type.Locations.FirstOrDefault());

            EquatableArray<TypeDeclarationSpec> declarations = ParseDeclarations(type, diagnostics, cancellationToken);
            CheckGeneratedNames(type, identifier, diagnostics);

            AttributeReader? budget = null;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (!IsBudgetAttribute(attribute))
                {
                    continue;
                }

                var reader = new AttributeReader(attribute, cancellationToken);
                if (budget is null)
                {
                    budget = reader;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.Location, type.Name,
                        "a prompt type takes one [TokenBudget]"));
                }
            }

            // A type that can never hold a prompt (an interface) gets PROMPT006 alone, not budget noise on top.
            BudgetArguments? arguments = DeclarationKeyword(type) is null ? null : ReadBudget(type.Name, budget, identifier, diagnostics);
            bool otherErrors = diagnostics.Count > 0;
            ResolvedBudget? resolved = arguments is null ? null : ResolveBudget(arguments, options, diagnostics);
            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
            return new PromptTypeSpec(
                MetadataNameOf(type),
                type.Name,
                ns,
                declarations,
                resolved,
                CanGenerate: diagnostics.Count == 0 && resolved is not null,
                new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()),
                new PromptTypeLocations(identifier, budget?.Location))
            {
                Arguments = arguments,
                HasOtherErrors = otherErrors,
            };
        }

        /// <summary>
        /// The type resolved again with <paramref name="options"/> (the generator parses with the defaults, then applies
        /// the project's options); the type unchanged under the defaults. Diagnostics are not recomputed.
        /// </summary>
        public static PromptTypeSpec WithOptions(PromptTypeSpec type, BuildOptions options)
        {
            if (options == BuildOptions.Default || type.Arguments is not BudgetArguments arguments)
            {
                return type;
            }

            ResolvedBudget? resolved = ResolveBudget(arguments, options, new List<DiagnosticInfo>());
            return type with { Budget = resolved, CanGenerate = !type.HasOtherErrors && resolved is not null };
        }

        public static TemplateSpec ParseTemplate(IFieldSymbol field, AttributeData templateAttribute, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var declarator = field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
            ExpressionSyntax? value = declarator?.Initializer?.Value;
            LocationInfo? valueLocation = LocationInfo.From(value) ?? LocationInfo.From(field.Locations.FirstOrDefault());
            int order = OrderOf(field);

            if (!field.IsConst || field.Type.SpecialType != SpecialType.System_String || field.ConstantValue is not string text)
            {
                // A const string without a value has a compiler error already; nothing to add, nothing to generate.
                if (!field.IsConst || field.Type.SpecialType != SpecialType.System_String)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TemplateMustBeConstString,
                        LocationInfo.From(field.Locations.FirstOrDefault()), field.Name, field.ContainingType.Name));
                }

                return new TemplateSpec(field.Name, order, string.Empty, string.Empty, EquatableArray<string>.Empty, 0, null,
                    AllocationSpec.Remainder, 0, EquatableArray<PlaceholderBudgetSpec>.Empty, CanGenerate: false,
                    new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()), valueLocation);
            }

            var templateReader = new AttributeReader(templateAttribute, cancellationToken);
            int role = templateReader.Int("Role") ?? 0;
            if (role < 0 || role >= RoleCount)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, templateReader.ArgumentLocation("Role"), field.Name,
                    role == ToolRole
                        ? "Role Tool is not a template role (a tool result answers a tool call id; templates are System, User, Assistant or Developer messages)"
                        : "Role " + Format(role) + " is not a PromptRole"));
            }

            string? messageName = templateReader.String("Name");
            if (messageName is not null && messageName.Length == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, templateReader.ArgumentLocation("Name"), field.Name,
                    "Name is empty; leave it out or give a participant name"));
            }

            ParsedTemplate parsed = TemplateParser.Parse(text);
            if (parsed.Error is TemplateError error)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedTemplate, TemplateErrorLocation(value, error) ?? valueLocation,
                    field.Name, error.Detail));
            }

            var placeholders = new EquatableArray<string>(parsed.DistinctPlaceholders.ToArray());
            AllocationSpec allocation = AllocationSpec.Remainder;
            int truncation = 0;
            bool hasTemplateBudget = false;
            var placeholderBudgets = new List<PlaceholderBudgetSpec>();

            foreach (AttributeData attribute in field.GetAttributes())
            {
                if (!IsBudgetAttribute(attribute))
                {
                    continue;
                }

                var reader = new AttributeReader(attribute, cancellationToken);
                if (!TryReadAllocation(field.Name, reader, diagnostics, out AllocationSpec budgetAllocation, out int budgetTruncation))
                {
                    continue;
                }

                string? placeholder = reader.String("Placeholder");
                if (placeholder is null)
                {
                    if (hasTemplateBudget)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.Location, field.Name,
                            "a template takes one [TokenBudget] without Placeholder"));
                        continue;
                    }

                    hasTemplateBudget = true;
                    allocation = budgetAllocation;
                    truncation = budgetTruncation;
                }
                else if (parsed.IsValid && !placeholders.Contains(placeholder))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPlaceholderBudget, reader.ArgumentLocation("Placeholder"),
                        placeholder, field.Name, placeholders.Count == 0 ? "none" : string.Join(", ", placeholders.Select(p => "{" + p + "}"))));
                }
                else if (placeholderBudgets.Any(b => b.Placeholder == placeholder))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ArgumentLocation("Placeholder"), field.Name,
                        "placeholder '" + placeholder + "' has more than one budget"));
                }
                else
                {
                    placeholderBudgets.Add(new PlaceholderBudgetSpec(placeholder, budgetAllocation, budgetTruncation));
                }
            }

            return new TemplateSpec(
                field.Name,
                order,
                text,
                parsed.IsValid ? parsed.StaticText : string.Empty,
                placeholders,
                role,
                messageName,
                allocation,
                truncation,
                new EquatableArray<PlaceholderBudgetSpec>(placeholderBudgets.ToArray()),
                CanGenerate: diagnostics.Count == 0,
                new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()),
                valueLocation);
        }

        /// <summary>A template whose parsing failed unexpectedly: it keeps its type from being generated.</summary>
        public static TemplateModel Unparseable(IFieldSymbol field)
        {
            var type = new PromptTypeSpec(MetadataNameOf(field.ContainingType), field.ContainingType.Name, null,
                EquatableArray<TypeDeclarationSpec>.Empty, null, CanGenerate: false, EquatableArray<DiagnosticInfo>.Empty, null);
            var template = new TemplateSpec(field.Name, 0, string.Empty, string.Empty, EquatableArray<string>.Empty, 0, null,
                AllocationSpec.Remainder, 0, EquatableArray<PlaceholderBudgetSpec>.Empty, CanGenerate: false, EquatableArray<DiagnosticInfo>.Empty, null);
            return new TemplateModel(type, template);
        }

        /// <summary>
        /// The exact characters of a template error when the initializer is a plain literal without escapes up to the
        /// error's end (so source and value offsets agree); otherwise null.
        /// </summary>
        private static LocationInfo? TemplateErrorLocation(ExpressionSyntax? value, TemplateError error)
        {
            if (value is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken))
            {
                string source = literal.Token.Text;
                int end = error.Offset + error.Length;
                if (source.Length >= 2 && source[0] == '"' && 1 + end <= source.Length - 1 && source.IndexOf('\\', 1, end) < 0)
                {
                    return LocationInfo.From(literal.SyntaxTree, new TextSpan(literal.Token.SpanStart + 1 + error.Offset, error.Length));
                }
            }

            return null;
        }

        private static bool TryReadAllocation(string owner, AttributeReader reader, List<DiagnosticInfo> diagnostics,
            out AllocationSpec allocation, out int truncation)
        {
            allocation = AllocationSpec.Remainder;
            truncation = reader.Int("Truncation") ?? 0;
            int before = diagnostics.Count;
            foreach (string typeLevel in new[] { "Model", "Encoding", "ReservedOutput" })
            {
                if (reader.Has(typeLevel))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ArgumentLocation(typeLevel), owner,
                        typeLevel + " applies to the prompt type, not to a template"));
                }
            }

            if (truncation < 0 || truncation >= TruncationCount)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ArgumentLocation("Truncation"), owner,
                    "Truncation " + Format(truncation) + " is not a Truncation value"));
            }

            bool hasPercent = reader.Has("Percent");
            int percent = reader.Int("Percent") ?? 0;
            if (reader.HasConstructorArgument)
            {
                int tokens = reader.ConstructorInt ?? 0;
                if (tokens < 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ConstructorArgumentLocation(), owner,
                        "Tokens is " + Format(tokens) + "; an allocation cannot be negative"));
                }
                else if (hasPercent)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ArgumentLocation("Percent"), owner,
                        "give Tokens or Percent, not both"));
                }
                else
                {
                    allocation = new AllocationSpec(AllocationSpec.FixedKind, tokens);
                }
            }
            else if (hasPercent)
            {
                if (percent < 1 || percent > 100)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, reader.ArgumentLocation("Percent"), owner,
                        "Percent is " + Format(percent) + "; it must be within 1 and 100"));
                }
                else
                {
                    allocation = new AllocationSpec(AllocationSpec.PercentKind, percent);
                }
            }

            return diagnostics.Count == before;
        }

        /// <summary>Reads the type's [TokenBudget] (or its absence), reporting what is wrong with the arguments themselves.</summary>
        private static BudgetArguments ReadBudget(string typeName, AttributeReader? budget, LocationInfo? identifier, List<DiagnosticInfo> diagnostics)
        {
            LocationInfo? budgetLocation = budget?.Location ?? identifier;
            int tokens = 0;
            int reservedOutput = 0;
            string? encoding = null;
            string? model = null;
            LocationInfo? modelLocation = budgetLocation;

            if (budget is not null)
            {
                foreach (string fieldLevel in new[] { "Percent", "Truncation", "Placeholder" })
                {
                    if (budget.Has(fieldLevel))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, budget.ArgumentLocation(fieldLevel), typeName,
                            fieldLevel + " applies to template fields, not to the prompt type"));
                    }
                }

                tokens = budget.ConstructorInt ?? 0;
                if (tokens < 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, budget.ConstructorArgumentLocation(), typeName,
                        "Tokens is " + Format(tokens) + "; a budget cannot be negative"));
                }

                reservedOutput = budget.Int("ReservedOutput") ?? 0;
                if (reservedOutput < 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, budget.ArgumentLocation("ReservedOutput"), typeName,
                        "ReservedOutput is " + Format(reservedOutput) + "; it cannot be negative"));
                }

                encoding = budget.String("Encoding");
                if (encoding is not null && !TiktokenEncodings.IsSupported(encoding))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, budget.ArgumentLocation("Encoding"), typeName,
                        "Encoding '" + encoding + "' is not supported; use cl100k_base or o200k_base"));
                }

                if (budget.String("Model") is string named)
                {
                    model = named;
                    modelLocation = budget.ArgumentLocation("Model");
                }
            }

            return new BudgetArguments(typeName, tokens, reservedOutput, encoding, model, budgetLocation,
                budget?.ConstructorArgumentLocation() ?? budgetLocation, budget?.ArgumentLocation("ReservedOutput") ?? budgetLocation, modelLocation);
        }

        /// <summary>
        /// The budget the arguments and the build options give: the model (or the project's default model), its
        /// encoding, window and margin (or the project's margin), checked against each other.
        /// </summary>
        private static ResolvedBudget? ResolveBudget(BudgetArguments arguments, BuildOptions options, List<DiagnosticInfo> diagnostics)
        {
            int before = diagnostics.Count;
            string typeName = arguments.TypeName;
            int tokens = arguments.Tokens;
            int reservedOutput = arguments.ReservedOutput;
            string? encoding = arguments.Encoding is string named && TiktokenEncodings.IsSupported(named) ? named : null;
            string? model = arguments.Model ?? (arguments.Encoding is null ? options.DefaultModel : null);
            LocationInfo? modelLocation = arguments.ModelLocation;
            LocationInfo? budgetLocation = arguments.BudgetLocation;
            if (tokens < 0 || reservedOutput < 0 || (arguments.Encoding is not null && encoding is null))
            {
                return null;   // reported when the arguments were read
            }

            ModelEntry? entry = null;
            if (model is not null && options.Models.TryResolve(model, out ModelEntry found))
            {
                entry = found;
            }

            if (encoding is null && entry is null)
            {
                string reason = model is null
                    ? "it names no Model and no Encoding"
                    : "model '" + model + "' is not in the model catalog and no Encoding is given";
                string examples = string.Join(", ", options.Models.Models.Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).Take(4));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownModel, modelLocation, typeName, reason, examples));
            }

            if (tokens > 0 && entry is not null && entry.ContextWindow > 0 && tokens > entry.ContextWindow)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, arguments.TokensLocation, typeName,
                    "Tokens (" + Format(tokens) + ") exceeds the context window of '" + entry.Name + "' (" + Format(entry.ContextWindow) + ")"));
            }

            int total = tokens > 0 ? tokens : entry?.ContextWindow ?? 0;
            if (tokens == 0 && total == 0 && (encoding is not null || entry is not null))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, budgetLocation, typeName,
                    "it has no total budget; give Tokens or a Model whose context window is known"));
            }

            if (total > 0 && reservedOutput >= total)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBudget, arguments.ReservedOutputLocation, typeName,
                    "ReservedOutput (" + Format(reservedOutput) + ") must be less than the total budget (" + Format(total) + ")"));
            }

            if (diagnostics.Count != before)
            {
                return null;
            }

            double margin = entry?.ApproximationMargin ?? 0;
            if (margin > 0 && options.ApproximationMargin is double projectMargin)
            {
                margin = projectMargin;
            }

            return new ResolvedBudget(encoding ?? entry!.Encoding, model, total, reservedOutput, margin)
            {
                Prices = entry?.Prices is ModelPrices prices ? new PriceSpec(prices.Input, prices.Output, entry.PricesAsOf) : null,
            };
        }

        private static EquatableArray<TypeDeclarationSpec> ParseDeclarations(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            var chain = new List<INamedTypeSymbol>();
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                chain.Insert(0, current);
            }

            var declarations = new List<TypeDeclarationSpec>();
            foreach (INamedTypeSymbol current in chain)
            {
                string? keyword = DeclarationKeyword(current);

                // A file-local type cannot be extended from the generated file.
                bool isPartial = keyword is not null && !current.IsFileLocal;
                LocationInfo? location = LocationInfo.From(current.Locations.FirstOrDefault());
                foreach (SyntaxReference reference in current.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                    if (syntax is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        isPartial = false;
                        if (syntax is BaseTypeDeclarationSyntax named)
                        {
                            location = LocationInfo.From(named.Identifier.GetLocation());
                        }

                        break;
                    }
                }

                if (!isPartial)
                {
                    string what = SymbolEqualityComparer.Default.Equals(current, type) ? "Type" : "Containing type";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeMustBePartial, location, what, current.Name, type.Name));
                }

                declarations.Add(new TypeDeclarationSpec(
                    keyword ?? "partial class",
                    current.Name,
                    new EquatableArray<string>(current.TypeParameters.Select(p => p.Name).ToArray())));
            }

            return new EquatableArray<TypeDeclarationSpec>(declarations.ToArray());
        }

        /// <summary>The head of a partial re-declaration ("partial class", "ref partial struct", ...); null for other kinds.</summary>
        private static string? DeclarationKeyword(INamedTypeSymbol type)
        {
            switch (type.TypeKind)
            {
                case TypeKind.Class:
                    return type.IsRecord ? "partial record" : "partial class";
                case TypeKind.Struct:
                    if (type.IsRecord)
                    {
                        return "partial record struct";
                    }

                    return type.IsRefLikeType ? "ref partial struct" : "partial struct";
                default:
                    return null;
            }
        }

        private static void CheckGeneratedNames(INamedTypeSymbol type, LocationInfo? identifier, List<DiagnosticInfo> diagnostics)
        {
            foreach (string name in GeneratedMemberNames)
            {
                bool taken = type.Name == name || type.TypeParameters.Any(p => p.Name == name);
                for (INamedTypeSymbol? current = type; !taken && current is not null; current = current.BaseType)
                {
                    foreach (ISymbol member in current.GetMembers(name))
                    {
                        bool inherited = !SymbolEqualityComparer.Default.Equals(current, type);
                        if (inherited && member.DeclaredAccessibility == Accessibility.Private)
                        {
                            continue;
                        }

                        if (!IsOwnGeneratedMember(member))
                        {
                            taken = true;
                            break;
                        }
                    }
                }

                if (taken)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedNameConflict, identifier, type.Name, name));
                }
            }
        }

        private static bool IsOwnGeneratedMember(ISymbol member)
        {
            foreach (AttributeData attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } &&
                    attribute.ConstructorArguments.Length > 0 &&
                    attribute.ConstructorArguments[0].Value is GeneratedCodeTool)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPromptAnalyzersType(INamedTypeSymbol? type, string name) =>
            type is { Name: var typeName, ContainingType: null, ContainingNamespace: { Name: "PromptAnalyzers" } ns } &&
            typeName == name &&
            ns.ContainingNamespace is { IsGlobalNamespace: true };

        /// <summary>A unique, stable key of the type: namespace, containing types and arity.</summary>
        private static string MetadataNameOf(INamedTypeSymbol type)
        {
            string name = type.MetadataName;
            for (INamedTypeSymbol? containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
            {
                name = containing.MetadataName + "+" + name;
            }

            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
        }

        private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
