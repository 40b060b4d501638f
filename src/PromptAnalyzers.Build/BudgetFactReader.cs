using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PromptAnalyzers.Build
{
    /// <summary>
    /// Reads the <c>[assembly: PromptBudgetFact]</c> attributes of a compiled assembly from its metadata with
    /// System.Reflection.Metadata: the assembly is never loaded, so nothing of it runs, nothing is locked beyond the read,
    /// and an assembly of any target framework can be read by any MSBuild.
    /// </summary>
    internal static class BudgetFactReader
    {
        public const string AttributeNamespace = "PromptAnalyzers.Reporting";
        public const string AttributeName = "PromptBudgetFactAttribute";

        /// <summary>The assembly's name and its facts in metadata order.</summary>
        public static (string AssemblyName, List<BudgetFact> Facts) Read(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                return Read(stream, Path.GetFileNameWithoutExtension(path));
            }
        }

        /// <summary>The assembly's name (or <paramref name="fallbackName"/> for a module without one) and its facts.</summary>
        public static (string AssemblyName, List<BudgetFact> Facts) Read(Stream stream, string fallbackName)
        {
            var facts = new List<BudgetFact>();
            using (var pe = new PEReader(stream, PEStreamOptions.LeaveOpen))
            {
                if (!pe.HasMetadata)
                {
                    throw new BadImageFormatException("The file has no .NET metadata.");
                }

                MetadataReader reader = pe.GetMetadataReader();
                if (!reader.IsAssembly)
                {
                    return (fallbackName, facts);
                }

                AssemblyDefinition assembly = reader.GetAssemblyDefinition();
                foreach (CustomAttributeHandle handle in assembly.GetCustomAttributes())
                {
                    CustomAttribute attribute = reader.GetCustomAttribute(handle);
                    if (IsFactAttribute(reader, attribute.Constructor))
                    {
                        facts.Add(Decode(attribute.DecodeValue(AttributeTypeProvider.Instance)));
                    }
                }

                return (reader.GetString(assembly.Name), facts);
            }
        }

        private static bool IsFactAttribute(MetadataReader reader, EntityHandle constructor)
        {
            switch (constructor.Kind)
            {
                case HandleKind.MemberReference:
                    MemberReference member = reader.GetMemberReference((MemberReferenceHandle)constructor);
                    if (member.Parent.Kind != HandleKind.TypeReference)
                    {
                        return false;
                    }

                    TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
                    return reader.StringComparer.Equals(reference.Name, AttributeName)
                        && reader.StringComparer.Equals(reference.Namespace, AttributeNamespace);
                case HandleKind.MethodDefinition:
                    MethodDefinition method = reader.GetMethodDefinition((MethodDefinitionHandle)constructor);
                    TypeDefinition definition = reader.GetTypeDefinition(method.GetDeclaringType());
                    return reader.StringComparer.Equals(definition.Name, AttributeName)
                        && reader.StringComparer.Equals(definition.Namespace, AttributeNamespace);
                default:
                    return false;
            }
        }

        private static BudgetFact Decode(CustomAttributeValue<AttributeType> value)
        {
            ImmutableArray<CustomAttributeTypedArgument<AttributeType>> fixedArguments = value.FixedArguments;
            string prompt = fixedArguments.Length > 0 ? fixedArguments[0].Value as string ?? string.Empty : string.Empty;
            string template = fixedArguments.Length > 1 ? fixedArguments[1].Value as string ?? string.Empty : string.Empty;
            var fact = new BudgetFact(prompt, template);

            // Named arguments this version does not know (a newer generator's) are ignored.
            foreach (CustomAttributeNamedArgument<AttributeType> argument in value.NamedArguments)
            {
                object? v = argument.Value;
                switch (argument.Name)
                {
                    case "Order": fact.Order = AsInt(v); break;
                    case "Role": fact.Role = v as string; break;
                    case "Placeholders": fact.Placeholders = v as string; break;
                    case "Model": fact.Model = v as string; break;
                    case "Encoding": fact.Encoding = v as string; break;
                    case "ApproximationMargin": fact.ApproximationMargin = v is double d ? d : 0; break;
                    case "StaticTokens": fact.StaticTokens = AsInt(v); break;
                    case "AllocationKind": fact.AllocationKind = v as string; break;
                    case "AllocationValue": fact.AllocationValue = AsInt(v); break;
                    case "AllocationTokens": fact.AllocationTokens = AsInt(v); break;
                    case "TotalTokens": fact.TotalTokens = AsInt(v); break;
                    case "ReservedOutput": fact.ReservedOutput = AsInt(v); break;
                    case "InputBudget": fact.InputBudget = AsInt(v); break;
                    case "ChatOverhead": fact.ChatOverhead = AsInt(v); break;
                    case "InputPricePerMillion": fact.InputPricePerMillion = v as string; break;
                    case "OutputPricePerMillion": fact.OutputPricePerMillion = v as string; break;
                    case "PricesAsOf": fact.PricesAsOf = v as string; break;
                }
            }

            return fact;
        }

        private static int AsInt(object? value) => value is int i ? i : 0;

        /// <summary>The type of an attribute argument, as far as decoding needs it.</summary>
        internal sealed class AttributeType
        {
            public AttributeType(PrimitiveTypeCode? primitive, string? name, AttributeType? element)
            {
                Primitive = primitive;
                Name = name;
                Element = element;
            }

            public PrimitiveTypeCode? Primitive { get; }

            public string? Name { get; }

            public AttributeType? Element { get; }
        }

        /// <summary>
        /// Decodes primitive, string, type and array arguments. Enum arguments cannot be sized without loading their
        /// assembly; the fact attribute has none, and other attributes are not decoded.
        /// </summary>
        private sealed class AttributeTypeProvider : ICustomAttributeTypeProvider<AttributeType>
        {
            public static readonly AttributeTypeProvider Instance = new AttributeTypeProvider();

            private static readonly AttributeType s_systemType = new AttributeType(null, "System.Type", null);

            public AttributeType GetPrimitiveType(PrimitiveTypeCode typeCode) => new AttributeType(typeCode, null, null);

            public AttributeType GetSystemType() => s_systemType;

            public AttributeType GetSZArrayType(AttributeType elementType) => new AttributeType(null, null, elementType);

            public AttributeType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
                new AttributeType(null, reader.GetString(reader.GetTypeDefinition(handle).Name), null);

            public AttributeType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
                new AttributeType(null, reader.GetString(reader.GetTypeReference(handle).Name), null);

            public AttributeType GetTypeFromSerializedName(string name) => new AttributeType(null, name, null);

            public PrimitiveTypeCode GetUnderlyingEnumType(AttributeType type) =>
                throw new BadImageFormatException("An enum argument of type '" + type.Name + "' cannot be decoded without its assembly.");

            public bool IsSystemType(AttributeType type) => ReferenceEquals(type, s_systemType) || type.Name == "System.Type";
        }
    }
}
