using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using PromptAnalyzers.Internal.Catalog;
#if NET8_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif

namespace PromptAnalyzers
{
    /// <summary>
    /// An immutable set of models looked up by name. <see cref="Default"/> is the catalog built into the package (the
    /// same data the source generator uses); derive your own with <see cref="WithModel(ModelInfo)"/>,
    /// <see cref="WithJson(string, string?)"/> or <see cref="WithOverrides(ModelCatalog)"/>.
    /// </summary>
    /// <remarks>
    /// Lookup is case-insensitive: an exact name or alias first; then <c>ft:base:org::id</c> fine-tunes and
    /// <c>vendor/name</c> paths by their base name; then the longest family prefix that ends at a separator, so
    /// <c>gpt-4o-mini-2024-07-18</c> is gpt-4o-mini and <c>gpt-4o-2024-08-06</c> is gpt-4o. A fine-tune resolves to
    /// its base model's limits and encoding and to the base model's list prices (fine-tuned inference is priced
    /// differently: add the fine-tune with its own prices if you estimate costs).
    /// </remarks>
    public sealed class ModelCatalog
    {
        private static readonly Lazy<ModelCatalog> s_default = new Lazy<ModelCatalog>(CreateDefault, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly Dictionary<ModelEntry, ModelInfo> _infos;
        private readonly ModelInfo[] _models;

        private ModelCatalog(ModelCatalogData data)
        {
            Data = data;
            _infos = new Dictionary<ModelEntry, ModelInfo>(ReferenceEqualityComparer.Instance);
            _models = new ModelInfo[data.Models.Count];
            for (int i = 0; i < _models.Length; i++)
            {
                ModelEntry entry = data.Models[i];
                _models[i] = ModelInfo.FromEntry(entry);
                _infos[entry] = _models[i];
            }
        }

        /// <summary>The catalog built into the package: OpenAI, Anthropic and Meta models with prices as of <see cref="AsOf"/>.</summary>
        /// <exception cref="InvalidOperationException">The embedded catalog could not be read (a broken build of the package).</exception>
        public static ModelCatalog Default => s_default.Value;

        /// <summary>A catalog without models, to build one from scratch.</summary>
        public static ModelCatalog Empty { get; } = new ModelCatalog(ModelCatalogData.Empty);

        /// <summary>The date the catalog's data was checked; null when its document does not say.</summary>
        public DateTime? AsOf =>
            DateTime.TryParseExact(Data.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime date) ? date : null;

        /// <summary>Every model, in catalog order (models added later come first).</summary>
        public IReadOnlyList<ModelInfo> Models => _models;

        internal ModelCatalogData Data { get; }

        /// <summary>
        /// Reads a catalog document on its own (without the built-in models). The format is the one of the built-in
        /// catalog: <c>{ "asOf": "2025-08-15", "models": [ { "name": ..., "provider": ..., "contextWindow": ...,
        /// "maxOutput": ..., "encoding": ... } ] }</c>.
        /// </summary>
        /// <param name="json">The JSON text.</param>
        /// <param name="sourceName">A name for the text in error messages, such as its file path.</param>
        /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
        /// <exception cref="ModelCatalogException">The text is not valid JSON or not a valid catalog; the exception says where.</exception>
        public static ModelCatalog FromJson(string json, string? sourceName = null)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            return new ModelCatalog(ParseOrThrow(json, sourceName ?? "catalog.json", baseCatalog: null));
        }

        /// <summary>Reads a catalog file on its own (without the built-in models); see <see cref="FromJson(string, string?)"/>.</summary>
        /// <param name="path">The path of a UTF-8 JSON file.</param>
        /// <exception cref="ModelCatalogException">The file is not a valid catalog; the exception gives line and column.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static ModelCatalog Load(string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return FromJson(File.ReadAllText(path), path);
        }

        /// <summary>
        /// This catalog with the models of a JSON document added or replacing models of the same name. An entry that
        /// names a model of this catalog may give only the fields it changes (<c>{ "name": "gpt-4o", "maxOutput": 4096 }</c>),
        /// and an entry with <c>"extends": "gpt-4o"</c> starts a new model from a known one.
        /// </summary>
        /// <param name="json">The JSON text.</param>
        /// <param name="sourceName">A name for the text in error messages, such as its file path.</param>
        /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
        /// <exception cref="ModelCatalogException">The text is not valid JSON or not a valid catalog; the exception says where.</exception>
        public ModelCatalog WithJson(string json, string? sourceName = null)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            return new ModelCatalog(Data.WithOverrides(ParseOrThrow(json, sourceName ?? "catalog.json", Data)));
        }

        /// <summary>
        /// This catalog with the models of a JSON file added or replacing models of the same name; see
        /// <see cref="WithJson(string, string?)"/> for the format (partial entries and <c>"extends"</c> included).
        /// </summary>
        /// <param name="path">The path of a UTF-8 JSON file; error messages name it.</param>
        /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
        /// <exception cref="ModelCatalogException">The file is not a valid catalog; the exception gives line and column.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public ModelCatalog WithJsonFile(string path)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return WithJson(File.ReadAllText(path), path);
        }

        /// <summary>This catalog with <paramref name="model"/> added, replacing a model of the same name.</summary>
        /// <param name="model">The model; its name, aliases and family prefixes win over those of existing models.</param>
        public ModelCatalog WithModel(ModelInfo model)
        {
            if (model is null)
            {
                throw new ArgumentNullException(nameof(model));
            }

            return new ModelCatalog(Data.WithModel(model.ToEntry()));
        }

        /// <summary>
        /// This catalog with the model named <paramref name="name"/> (resolved as by <see cref="Get(string)"/>) replaced
        /// by what <paramref name="change"/> makes of it, e.g. <c>m =&gt; m.WithMaxOutput(4_096)</c>.
        /// </summary>
        /// <param name="name">A name the catalog resolves.</param>
        /// <param name="change">Derives the new model from the current one.</param>
        /// <exception cref="UnknownModelException">No model resolves from <paramref name="name"/>.</exception>
        public ModelCatalog WithModel(string name, Func<ModelInfo, ModelInfo> change)
        {
            if (change is null)
            {
                throw new ArgumentNullException(nameof(change));
            }

            ModelInfo changed = change(Get(name)) ?? throw new InvalidOperationException("The change function returned null.");
            return WithModel(changed);
        }

        /// <summary>This catalog with every model of <paramref name="overrides"/> added, replacing models of the same name.</summary>
        /// <param name="overrides">The catalog whose models win.</param>
        public ModelCatalog WithOverrides(ModelCatalog overrides)
        {
            if (overrides is null)
            {
                throw new ArgumentNullException(nameof(overrides));
            }

            return new ModelCatalog(Data.WithOverrides(overrides.Data));
        }

        /// <summary>The model <paramref name="name"/> resolves to, or null when none does.</summary>
        /// <param name="name">A model name, alias, dated snapshot, <c>ft:</c> fine-tune or <c>vendor/name</c>.</param>
        public ModelInfo? Find(string name) => TryGet(name, out ModelInfo? model) ? model : null;

        /// <summary>Resolves <paramref name="name"/> to a model.</summary>
        /// <param name="name">A model name, alias, dated snapshot, <c>ft:</c> fine-tune or <c>vendor/name</c>.</param>
        /// <param name="model">The model; null when the method returns false.</param>
        /// <returns>True when a model resolves.</returns>
        public bool TryGet(string name,
#if NET8_0_OR_GREATER
            [NotNullWhen(true)]
#endif
            out ModelInfo? model)
        {
            if (name is not null && Data.TryResolve(name, out ModelEntry entry))
            {
                model = _infos[entry];
                return true;
            }

            model = null;
            return false;
        }

        /// <summary>Resolves <paramref name="name"/> to a model or throws an exception that names it and suggests close names.</summary>
        /// <param name="name">A model name, alias, dated snapshot, <c>ft:</c> fine-tune or <c>vendor/name</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="UnknownModelException">No model resolves from <paramref name="name"/>.</exception>
        public ModelInfo Get(string name)
        {
            if (name is null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (TryGet(name, out ModelInfo? model))
            {
                return model!;
            }

            throw new UnknownModelException(name, Data.SuggestNames(name));
        }

        /// <summary>Up to <paramref name="max"/> known model names close to <paramref name="name"/> (typos, missing dashes), closest first.</summary>
        /// <param name="name">The name that did not resolve.</param>
        /// <param name="max">The most suggestions to return.</param>
        public IReadOnlyList<string> SuggestNames(string name, int max = 3) => Data.SuggestNames(name, max);

        private static ModelCatalogData ParseOrThrow(string json, string sourceName, ModelCatalogData? baseCatalog)
        {
            CatalogParseResult result = ModelCatalogData.Parse(json, sourceName, baseCatalog);
            if (result.Catalog is null)
            {
                throw new ModelCatalogException(result.Errors);
            }

            return result.Catalog;
        }

        private static ModelCatalog CreateDefault()
        {
            if (ModelCatalogData.BuiltinErrors.Count > 0)
            {
                throw new ModelCatalogException(ModelCatalogData.BuiltinErrors);
            }

            return new ModelCatalog(ModelCatalogData.Builtin);
        }

        private sealed class ReferenceEqualityComparer : IEqualityComparer<ModelEntry>
        {
            public static readonly ReferenceEqualityComparer Instance = new ReferenceEqualityComparer();

            public bool Equals(ModelEntry? x, ModelEntry? y) => ReferenceEquals(x, y);

            public int GetHashCode(ModelEntry obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
