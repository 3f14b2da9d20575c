using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// The <c>mlsec.*</c> options of .editorconfig / .globalconfig, read per syntax tree. A rule-specific key
/// (<c>mlsec.MLSEC001.credential_parameter_names</c>) beats the general one (<c>mlsec.credential_parameter_names</c>).
/// One instance per compilation caches each parsed list, so a value is split once however many files share it, and each
/// file's lists, so a hot path reads a dictionary rather than the options.
/// </summary>
internal sealed class MlSecOptions
{
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<(string Raw, ImmutableHashSet<string> Defaults), ImmutableHashSet<string>> _lists = new();
    private readonly ConcurrentDictionary<SyntaxTree, TreeNameLists> _namesByTree = new();
    // Options are read per call or per literal on hot paths: build each key string once, not two concatenations a read.
    private readonly ConcurrentDictionary<(string RuleId, string Key), (string Specific, string General)> _keys = new();

    private MlSecOptions(AnalyzerConfigOptionsProvider provider) => _provider = provider;

    public static MlSecOptions Create(AnalyzerOptions options) => new(options.AnalyzerConfigOptionsProvider);

    /// <summary>The raw value of <c>mlsec.{ruleId}.{key}</c>, else <c>mlsec.{key}</c>, for <paramref name="tree"/>.</summary>
    public string? GetValue(SyntaxTree tree, string ruleId, string key)
    {
        var options = _provider.GetOptions(tree);
        var (specific, general) = _keys.GetOrAdd((ruleId, key), static k => ("mlsec." + k.RuleId + "." + k.Key, "mlsec." + k.Key));
        if (options.TryGetValue(specific, out var value) && value.Length > 0)
            return value;
        if (options.TryGetValue(general, out value) && value.Length > 0)
            return value;
        return null;
    }

    /// <summary>
    /// A <c>|</c>-separated list of names added to <paramref name="defaults"/>; an entry written <c>-name</c> removes a
    /// built-in one. Comparison is case-insensitive, like the names users write.
    /// </summary>
    /// <remarks>
    /// Cached per file, rule and key: the analyzers read a list for every sink candidate or visited call. A key has one
    /// set of <paramref name="defaults"/>, so they are not part of the cache key.
    /// </remarks>
    public ImmutableHashSet<string> GetNameList(SyntaxTree tree, string ruleId, string key, ImmutableHashSet<string> defaults)
    {
        var lists = _namesByTree.GetOrAdd(tree, static _ => new TreeNameLists());
        if (lists.Find(ruleId, key) is { } names)
            return names;

        var raw = GetValue(tree, ruleId, key);
        names = raw is null ? defaults : _lists.GetOrAdd((raw, defaults), static k => Parse(k.Raw, k.Defaults));
        return lists.Add(ruleId, key, names);
    }

    /// <summary>
    /// One file's lists. Keyed by the tree alone, then a scan of its few (rule, key) pairs; callers pass constants, so
    /// the string comparisons end at the reference check. A (tree, rule, key) dictionary key hashed both strings on
    /// every read, once per sink candidate (issue 7).
    /// </summary>
    private sealed class TreeNameLists
    {
        private readonly object _gate = new();
        private (string RuleId, string Key, ImmutableHashSet<string> Names)[] _entries = Array.Empty<(string, string, ImmutableHashSet<string>)>();

        public ImmutableHashSet<string>? Find(string ruleId, string key)
        {
            foreach (var entry in Volatile.Read(ref _entries))
            {
                if (entry.RuleId == ruleId && entry.Key == key)
                    return entry.Names;
            }

            return null;
        }

        public ImmutableHashSet<string> Add(string ruleId, string key, ImmutableHashSet<string> names)
        {
            lock (_gate)
            {
                if (Find(ruleId, key) is { } known)
                    return known;

                var entries = new (string, string, ImmutableHashSet<string>)[_entries.Length + 1];
                Array.Copy(_entries, entries, _entries.Length);
                entries[_entries.Length] = (ruleId, key, names);
                Volatile.Write(ref _entries, entries);
                return names;
            }
        }
    }

    /// <summary>A boolean option; anything other than <c>true</c>/<c>false</c> leaves <paramref name="defaultValue"/>.</summary>
    public bool GetBool(SyntaxTree tree, string ruleId, string key, bool defaultValue)
    {
        var raw = GetValue(tree, ruleId, key);
        return raw is not null && bool.TryParse(raw.Trim(), out var value) ? value : defaultValue;
    }

    /// <summary>An MSBuild property made visible by the package's build/MlSecAnalyzers.props.</summary>
    public string? GetBuildProperty(string name) =>
        _provider.GlobalOptions.TryGetValue("build_property." + name, out var value) && value.Length > 0 ? value : null;

    private static ImmutableHashSet<string> Parse(string raw, ImmutableHashSet<string> defaults)
    {
        var builder = defaults.ToBuilder();
        foreach (var part in raw.Split('|'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
                continue;
            if (entry[0] == '-')
                builder.Remove(entry.Substring(1).Trim());
            else
                builder.Add(entry);
        }

        return builder.ToImmutable();
    }

    public static ImmutableHashSet<string> NameSet(params string[] names) =>
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, names);
}
