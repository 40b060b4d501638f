using System;
using System.Collections.Generic;
using System.Threading;
using PromptAnalyzers.Internal.Budgeting;
using PromptAnalyzers.Internal.Templates;
using PromptAnalyzers.Internal.Tokenization;

namespace PromptAnalyzers.Internal.Runtime
{
    /// <summary>Everything about a <see cref="PromptDefinition"/> that does not depend on the values; built once per definition.</summary>
    internal sealed class PromptPlan
    {
        private readonly int[] _staticTokens;

        public PromptPlan(PromptDefinition definition)
        {
            Counter = new MarginCounter(TiktokenEncodings.Get(definition.Encoding), definition.ApproximationMargin);
            InputBudget = definition.InputBudget;

            var placeholderIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < definition.Placeholders.Count; i++)
            {
                placeholderIndex[definition.Placeholders[i]] = i;
            }

            int count = definition.Templates.Count;
            Templates = new TemplatePlan[count];
            _staticTokens = new int[count];
            long overhead = ChatOverhead.ReplyPriming;
            var roleTokens = new Dictionary<PromptRole, int>();
            for (int t = 0; t < count; t++)
            {
                TemplateDefinition template = definition.Templates[t];
                ParsedTemplate parsed = definition.ParsedTemplates[t];
                Templates[t] = new TemplatePlan(t, template, parsed, placeholderIndex, InputBudget);

                int exactStatic = template.StaticTokens ?? MarginCounter.CountExact(Counter.Tokenizer, parsed.StaticText);
                _staticTokens[t] = BudgetMath.ApplyMargin(exactStatic, Counter.Margin);

                if (!roleTokens.TryGetValue(template.Role, out int role))
                {
                    role = Counter.Count(PromptRoles.ToApiName(template.Role));
                    roleTokens[template.Role] = role;
                }

                overhead += ChatOverhead.TokensPerMessage + role;
                if (template.MessageName is string name)
                {
                    overhead += ChatOverhead.TokensPerName + Counter.Count(name);
                }
            }

            Overhead = overhead;
        }

        public MarginCounter Counter { get; }

        public int InputBudget { get; }

        /// <summary>Chat overhead of all messages: per message, role, name and reply priming (approximate with a margin).</summary>
        public long Overhead { get; }

        public TemplatePlan[] Templates { get; }

        /// <summary>A snapshot of the static counts (approximate with a margin).</summary>
        public long[] StaticTokens()
        {
            var result = new long[_staticTokens.Length];
            for (int t = 0; t < result.Length; t++)
            {
                result[t] = Volatile.Read(ref _staticTokens[t]);
            }

            return result;
        }

        /// <summary>Records a static count found to be larger than the one given in the definition.</summary>
        public void CorrectStaticTokens(int template, int tokens)
        {
            int current;
            while ((current = Volatile.Read(ref _staticTokens[template])) < tokens)
            {
                Interlocked.CompareExchange(ref _staticTokens[template], tokens, current);
            }
        }
    }

    /// <summary>The value-independent facts of one template.</summary>
    internal sealed class TemplatePlan
    {
        public TemplatePlan(int index, TemplateDefinition template, ParsedTemplate parsed, Dictionary<string, int> placeholderIndex, int inputBudget)
        {
            Index = index;
            Definition = template;
            Literals = parsed.Literals;

            IReadOnlyList<string> distinct = parsed.DistinctPlaceholders;
            Placeholders = new PlaceholderPlan[distinct.Count];
            var local = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < distinct.Count; i++)
            {
                local[distinct[i]] = i;
            }

            var multiplicity = new int[distinct.Count];
            Positions = new int[parsed.Placeholders.Length];
            for (int p = 0; p < parsed.Placeholders.Length; p++)
            {
                int i = local[parsed.Placeholders[p]];
                Positions[p] = i;
                multiplicity[i]++;
            }

            bool uncuttable = true;
            for (int i = 0; i < distinct.Count; i++)
            {
                PlaceholderBudget? budget = null;
                foreach (PlaceholderBudget candidate in template.PlaceholderBudgets)
                {
                    if (candidate is not null && string.Equals(candidate.Placeholder, distinct[i], StringComparison.Ordinal))
                    {
                        budget = candidate;
                        break;
                    }
                }

                long cap = budget is null ? BudgetSharing.Unbounded : CapOf(budget.Allocation, inputBudget);
                Truncation truncation = budget?.Truncation ?? template.Truncation;
                uncuttable &= truncation == Truncation.Fail;
                Placeholders[i] = new PlaceholderPlan(distinct[i], placeholderIndex[distinct[i]], multiplicity[i], cap, truncation);
            }

            Cap = template.Allocation.Kind == TokenAllocationKind.Remainder ? -1 : CapOf(template.Allocation, inputBudget);
            IsUncuttable = uncuttable;
        }

        public int Index { get; }

        public TemplateDefinition Definition { get; }

        public string Name => Definition.Name;

        /// <summary>The literal texts around the placeholders (one more than <see cref="Positions"/>).</summary>
        public string[] Literals { get; }

        private LiteralFacts? _literalFacts;

        /// <summary>The literals' exact counts and anchors in <paramref name="tokenizer"/>'s encoding, computed once.</summary>
        public LiteralFacts LiteralFactsFor(PromptAnalyzers.Internal.Tokenization.OrdinaryTiktokenTokenizer tokenizer)
        {
            LiteralFacts? facts = System.Threading.Volatile.Read(ref _literalFacts);
            if (facts is null || !ReferenceEquals(facts.Tokenizer, tokenizer))
            {
                facts = new LiteralFacts(tokenizer, Literals);
                System.Threading.Volatile.Write(ref _literalFacts, facts);
            }

            return facts;
        }

        /// <summary>For each placeholder position, the index into <see cref="Placeholders"/>.</summary>
        public int[] Positions { get; }

        /// <summary>The distinct placeholders, in order of first appearance.</summary>
        public PlaceholderPlan[] Placeholders { get; }

        /// <summary>The allocation's cap in tokens, or -1 for a remainder template.</summary>
        public long Cap { get; }

        /// <summary>True when no value of the template may be cut (every truncation is Fail, or there are no placeholders).</summary>
        public bool IsUncuttable { get; }

        public static long CapOf(TokenAllocation allocation, int inputBudget) => allocation.Kind switch
        {
            TokenAllocationKind.Fixed => allocation.Value,
            TokenAllocationKind.Percent => BudgetMath.PercentOf(inputBudget, allocation.Value),
            _ => BudgetSharing.Unbounded,
        };
    }

    internal sealed class PlaceholderPlan
    {
        public PlaceholderPlan(string name, int valueIndex, int multiplicity, long cap, Truncation truncation)
        {
            Name = name;
            ValueIndex = valueIndex;
            Multiplicity = multiplicity;
            Cap = cap;
            Truncation = truncation;
        }

        public string Name { get; }

        /// <summary>The index into <see cref="PromptDefinition.Placeholders"/> and the values.</summary>
        public int ValueIndex { get; }

        /// <summary>How many times the placeholder appears in the template.</summary>
        public int Multiplicity { get; }

        /// <summary>The value's own cap in tokens, or <see cref="BudgetSharing.Unbounded"/>.</summary>
        public long Cap { get; }

        public Truncation Truncation { get; }
    }
}
