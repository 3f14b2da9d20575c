using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// A compilation's calls by method name and assignments by target name. The trackers that look for a method's callers
/// or a member's writers across the compilation bind only the candidates it lists; searching the files again for each
/// method or member grew with the square of their number.
/// </summary>
/// <remarks>
/// Lazy and shared by the analyzers that ask (issue 7). One scan of every file's characters records which files contain
/// each word (by hash: no string per word, no syntax node). A question then reads only the files that contain the name,
/// and in them only the tokens at the name's occurrences. Walking every file's syntax up front was the largest single
/// cost of the package on a large app, and almost every question names a method or member that few files mention.
/// A name spelled with a Unicode escape (<c>M\u0061p</c>) or holding a formatting character is not found; no code the
/// rules look at does that.
/// <para>
/// A question that keeps only the files mentioning a type's simple name (<c>alsoNamed</c>, <see cref="TreesMentioningAny"/>)
/// also keeps the files that reach the type without naming it, through a directive declared in another file: those that
/// name a <c>global using A = Ns.T;</c> alias of it, and every file when a <c>global using static Ns.T;</c> imports its
/// members. Each word is taken for a type's name this way; a word that is not one costs at most some files read.
/// </para>
/// </remarks>
internal sealed class SyntaxNameIndex
{
    private static readonly ConditionalWeakTable<Compilation, SyntaxNameIndex> Indexes = new();

    private readonly SyntaxTree[] _trees;
    private readonly ConcurrentDictionary<(string Name, string? AlsoNamed), IReadOnlyList<InvocationExpressionSyntax>> _invocations = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<AssignmentExpressionSyntax>> _assignments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ArgumentSyntax>> _nameArguments = new(StringComparer.Ordinal);
    private readonly object _buildGate = new();
    private WordFiles? _filesByWord;
    private GlobalUsings? _globalUsings;

    private SyntaxNameIndex(Compilation compilation)
    {
        _trees = new List<SyntaxTree>(compilation.SyntaxTrees).ToArray();
    }

    /// <summary>The index of <paramref name="compilation"/>; it does no work until asked.</summary>
    public static SyntaxNameIndex For(Compilation compilation) => Indexes.GetValue(compilation, static c => new SyntaxNameIndex(c));

    /// <summary>
    /// Calls named <paramref name="name"/>; with <paramref name="alsoNamed"/>, only those in files that also mention that
    /// word (the receiver a caller filters on, e.g. the field in <c>_items.Add(x)</c>, or the type in <c>File.Copy</c>),
    /// which keeps common names such as <c>Add</c> from visiting every file. A file that reaches a type of that name
    /// through a global using declared elsewhere counts as mentioning it (see the remarks on the class).
    /// </summary>
    public IReadOnlyList<InvocationExpressionSyntax> Invocations(string name, CancellationToken cancellationToken, string? alsoNamed = null)
    {
        if (_invocations.TryGetValue((name, alsoNamed), out var cached))
            return cached;

        var found = Find(name, alsoNamed, cancellationToken, static named => named.Parent is InvocationExpressionSyntax call && call.Expression == named ? call : null);
        return _invocations.GetOrAdd((name, alsoNamed), found);
    }

    /// <summary>Assignments whose target's simple name is <paramref name="name"/>.</summary>
    public IReadOnlyList<AssignmentExpressionSyntax> Assignments(string name, CancellationToken cancellationToken)
    {
        if (_assignments.TryGetValue(name, out var cached))
            return cached;

        var found = Find(name, null, cancellationToken, static named => named.Parent is AssignmentExpressionSyntax assignment && assignment.Left == named ? assignment : null);
        return _assignments.GetOrAdd(name, found);
    }

    /// <summary>
    /// Every use of <paramref name="name"/> as a name (<c>Name</c>, <c>x.Name</c>, <c>?.Name</c>), with
    /// <paramref name="alsoNamed"/> only in files that also mention that word (or reach a type of that name through a
    /// global using); not cached, for rare questions.
    /// </summary>
    public IReadOnlyList<ExpressionSyntax> Names(string name, CancellationToken cancellationToken, string? alsoNamed = null) =>
        Find(name, alsoNamed, cancellationToken, static named => named);

    /// <summary>
    /// Call arguments that are the name alone (<c>F(Name)</c>, <c>F(x.Name)</c>): among them, method groups passed as
    /// delegates (<c>app.MapPost("/x", Handlers.Name)</c>).
    /// </summary>
    public IReadOnlyList<ArgumentSyntax> NameArguments(string name, CancellationToken cancellationToken)
    {
        if (_nameArguments.TryGetValue(name, out var cached))
            return cached;

        var found = Find(name, null, cancellationToken, static named =>
            named.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax } } argument && argument.Expression == named ? argument : null);
        return _nameArguments.GetOrAdd(name, found);
    }

    /// <summary>
    /// The files whose text has at least one of <paramref name="words"/> as a whole word (in code, a comment or a
    /// string), in compilation order, with those that reach a type so named through a global using (see the remarks on
    /// the class). A hash collision can add a file; callers look at each file's syntax anyway.
    /// </summary>
    public IReadOnlyList<SyntaxTree> TreesMentioningAny(IEnumerable<string> words, CancellationToken cancellationToken)
    {
        var table = Words(cancellationToken);
        var mentioned = new bool[_trees.Length];
        foreach (var word in words)
        {
            if (word.Length == 0)
                continue;
            if (FilesReaching(table, word, cancellationToken) is not { } files)
                return new List<SyntaxTree>(_trees);

            foreach (var file in files)
                mentioned[file] = true;
        }

        var trees = new List<SyntaxTree>();
        for (var file = 0; file < _trees.Length; file++)
        {
            if (mentioned[file])
                trees.Add(_trees[file]);
        }

        return trees;
    }

    /// <summary>
    /// <paramref name="tree"/>'s text has one of <paramref name="words"/> as a whole word (in code, a comment or a
    /// string): a per-file gate that needs no index of the compilation, for a rule whose work starts at a few names.
    /// </summary>
    public static bool MentionsAnyWord(SyntaxTree tree, ImmutableArray<string> words, CancellationToken cancellationToken)
    {
        var content = tree.GetText(cancellationToken).ToString();
        foreach (var word in words)
        {
            // An empty word would be found at the same place forever.
            if (word.Length == 0)
                continue;
            for (var at = content.IndexOf(word, StringComparison.Ordinal); at >= 0; at = content.IndexOf(word, at + word.Length, StringComparison.Ordinal))
            {
                if (IsWholeWordAt(content, at, word.Length))
                    return true;
            }
        }

        return false;
    }

    /// <summary>The nodes <paramref name="match"/> finds around each occurrence of <paramref name="name"/> (as <c>Name</c>, <c>x.Name</c> or <c>?.Name</c>).</summary>
    private List<T> Find<T>(string name, string? alsoNamed, CancellationToken cancellationToken, Func<ExpressionSyntax, T?> match)
        where T : SyntaxNode
    {
        var found = new List<T>();
        // A method still being typed can have an empty name; the text search below would find "" at the same place forever.
        if (name.Length == 0)
            return found;

        foreach (var file in FilesMentioning(name, alsoNamed, cancellationToken))
        {
            var start = found.Count;
            foreach (var simpleName in Occurrences(file, name, cancellationToken))
            {
                if (match(NamedExpression(simpleName)) is { } node)
                    found.Add(node);
            }

            // Syntax order, outer node first (Add(1).Add(2) before Add(1)), as a walk of the file gives: the trackers
            // stop at the first finding and after a number of sites, so the order decides what they report.
            found.Sort(start, found.Count - start, SyntaxOrder<T>.Instance);
        }

        return found;
    }

    /// <summary>The simple name an invocation calls or an assignment writes: <c>Name</c> in <c>x.Name</c>, <c>?.Name</c>, <c>Name&lt;T&gt;</c>.</summary>
    public static string? NameOf(ExpressionSyntax expression) =>
        expression switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

    private IEnumerable<int> FilesMentioning(string name, string? alsoNamed, CancellationToken cancellationToken)
    {
        var words = Words(cancellationToken);
        if (words.Get(Hash(name)) is not { } files)
            return Array.Empty<int>();
        if (alsoNamed is null)
            return files;
        if (FilesReaching(words, alsoNamed, cancellationToken) is not { } others)
            return files;
        if (others.Count == 0)
            return Array.Empty<int>();

        // Both lists are in file order.
        var both = new List<int>();
        for (int i = 0, j = 0; i < files.Count && j < others.Count;)
        {
            if (files[i] == others[j])
            {
                both.Add(files[i]);
                i++;
                j++;
            }
            else if (files[i] < others[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return both;
    }

    /// <summary>
    /// The files (ascending) that mention <paramref name="word"/> or a global alias of a type so named; null for every
    /// file, when a global using static imports the members of a type so named.
    /// </summary>
    private IReadOnlyList<int>? FilesReaching(WordFiles words, string word, CancellationToken cancellationToken)
    {
        var files = (IReadOnlyList<int>?)words.Get(Hash(word)) ?? Array.Empty<int>();
        var globals = GlobalDirectives(words, cancellationToken);
        if (globals.IsEmpty)
            return files;
        if (globals.Static.Contains(word))
            return null;
        if (!globals.Aliases.TryGetValue(word, out var aliases))
            return files;

        var reaching = new bool[_trees.Length];
        foreach (var file in files)
            reaching[file] = true;
        foreach (var alias in aliases)
        {
            if (words.Get(Hash(alias)) is { } aliasFiles)
            {
                foreach (var file in aliasFiles)
                    reaching[file] = true;
            }
        }

        var all = new List<int>();
        for (var file = 0; file < reaching.Length; file++)
        {
            if (reaching[file])
                all.Add(file);
        }

        return all;
    }

    /// <summary>
    /// The compilation's <c>global using static</c> and global alias directives (an SDK's <c>&lt;Using Static="true"/&gt;</c>
    /// or <c>&lt;Using Alias="…"/&gt;</c> writes one into a generated file), by the rightmost name of the type they name:
    /// read once, from the compilation-unit usings of the few files that mention <c>global</c>.
    /// </summary>
    private GlobalUsings GlobalDirectives(WordFiles words, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _globalUsings) is { } known)
            return known;

        var found = new GlobalUsings();
        if (words.Get(Hash("global")) is { } files)
        {
            foreach (var file in files)
            {
                if (_trees[file].GetRoot(cancellationToken) is not CompilationUnitSyntax unit)
                    continue;

                foreach (var directive in unit.Usings)
                {
                    if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || RightmostName(directive.Name) is not { } target)
                        continue;
                    if (directive.Alias is { } alias)
                        found.AddAlias(target, alias.Name.Identifier.ValueText);
                    else if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                        found.Static.Add(target);
                }
            }
        }

        // Two threads may both read them; either is the same. A cancelled read stores nothing.
        Volatile.Write(ref _globalUsings, found);
        return found;
    }

    private static string? RightmostName(NameSyntax? name) =>
        name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

    /// <summary>Global directives by the rightmost name of their type: read-only once published.</summary>
    private sealed class GlobalUsings
    {
        /// <summary>The types whose members a <c>global using static</c> imports.</summary>
        public HashSet<string> Static { get; } = new(StringComparer.Ordinal);

        /// <summary>Target → the global aliases that name it.</summary>
        public Dictionary<string, List<string>> Aliases { get; } = new(StringComparer.Ordinal);

        public bool IsEmpty => Static.Count == 0 && Aliases.Count == 0;

        public void AddAlias(string target, string alias)
        {
            if (!Aliases.TryGetValue(target, out var aliases))
                Aliases[target] = aliases = new List<string>(1);
            if (!aliases.Contains(alias))
                aliases.Add(alias);
        }
    }

    /// <summary>Word hash → the files (indexes into <see cref="_trees"/>, ascending) whose text contains the word.</summary>
    private WordFiles Words(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _filesByWord) is { } built)
            return built;

        // One build at a time: the first questions come from callbacks running at once on every core (the endpoint facts,
        // a route helper's callers, a handler's kind), and a profile showed two threads building it side by side in most
        // rounds, each paying the whole scan. The others wait for it. A cancelled build stores nothing, and the next
        // caller builds it. A waiter stops on its own cancellation (Gates).
        Gates.Enter(_buildGate, cancellationToken);
        try
        {
            if (_filesByWord is { } builtMeanwhile)
                return builtMeanwhile;

            var words = new WordFiles();
            var buffer = new char[WordReader.BufferLength];
            for (var file = 0; file < _trees.Length; file++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reader = new WordReader(_trees[file].GetText(cancellationToken), buffer);
                while (reader.MoveNext())
                {
                    if (!reader.StartsWithDigit)
                        words.Add(reader.Hash, file);
                }
            }

            Volatile.Write(ref _filesByWord, words);
            return words;
        }
        finally
        {
            Monitor.Exit(_buildGate);
        }
    }

    /// <summary>
    /// Word hash → files, by open addressing: one probe per word of every file, where a Dictionary lookup was a third of
    /// the index's build. Files are added in ascending order, so a word already seen in this file is one comparison.
    /// </summary>
    private sealed class WordFiles
    {
        private int[] _hashes = new int[1 << 12];
        private int[] _lastFile = new int[1 << 12];
        private List<int>?[] _files = new List<int>?[1 << 12];
        private int _count;

        public void Add(int hash, int file)
        {
            var mask = _files.Length - 1;
            for (var i = Slot(hash, mask); ; i = (i + 1) & mask)
            {
                if (_files[i] is not { } files)
                {
                    _hashes[i] = hash;
                    _lastFile[i] = file;
                    _files[i] = new List<int>(2) { file };
                    if (++_count * 2 > _files.Length)
                        Grow();
                    return;
                }

                if (_hashes[i] == hash)
                {
                    if (_lastFile[i] != file)
                    {
                        _lastFile[i] = file;
                        files.Add(file);
                    }

                    return;
                }
            }
        }

        public List<int>? Get(int hash)
        {
            var mask = _files.Length - 1;
            for (var i = Slot(hash, mask); _files[i] is { } files; i = (i + 1) & mask)
            {
                if (_hashes[i] == hash)
                    return files;
            }

            return null;
        }

        // FNV's low bits are poor for short words: mix before masking.
        private static int Slot(int hash, int mask) => (int)(((uint)hash * 0x9E3779B1u) >> 7) & mask;

        private void Grow()
        {
            var hashes = _hashes;
            var lastFile = _lastFile;
            var files = _files;
            _hashes = new int[hashes.Length * 2];
            _lastFile = new int[hashes.Length * 2];
            _files = new List<int>?[hashes.Length * 2];
            var mask = _files.Length - 1;
            for (var j = 0; j < files.Length; j++)
            {
                if (files[j] is null)
                    continue;
                var i = Slot(hashes[j], mask);
                while (_files[i] is not null)
                    i = (i + 1) & mask;
                _hashes[i] = hashes[j];
                _lastFile[i] = lastFile[j];
                _files[i] = files[j];
            }
        }
    }

    /// <summary>The simple names spelled <paramref name="name"/> in file <paramref name="file"/>, in text order.</summary>
    /// <remarks>
    /// Only the few files whose words include the name get here, so their text is searched as one string (a string
    /// text gives its own, no copy) with a vectorized IndexOf; reading it word by word again was most of a question's cost.
    /// </remarks>
    private IEnumerable<SimpleNameSyntax> Occurrences(int file, string name, CancellationToken cancellationToken)
    {
        var tree = _trees[file];
        var content = tree.GetText(cancellationToken).ToString();
        var root = tree.GetRoot(cancellationToken);
        for (var at = content.IndexOf(name, StringComparison.Ordinal); at >= 0; at = content.IndexOf(name, at + name.Length, StringComparison.Ordinal))
        {
            // A whole word only; and the token must hold the word itself: a comment or string mentioning it belongs to
            // another token.
            if (!IsWholeWordAt(content, at, name.Length))
                continue;
            if (root.FindToken(at) is var token && token.Span.Contains(at)
                && token.Parent is SimpleNameSyntax simpleName && simpleName.Identifier == token
                && simpleName.Identifier.ValueText == name)
            {
                yield return simpleName;
            }
        }
    }

    /// <summary>
    /// The words of a text (maximal runs of identifier characters) by hash, read through a buffer rather than as one
    /// string: in the IDE a file's text is often not a string, and copying every file for
    /// every compilation would cost more than the scan.
    /// </summary>
    private struct WordReader
    {
        public const int BufferLength = 4096;

        private readonly SourceText _text;
        private readonly char[] _buffer;
        private int _bufferStart;
        private int _bufferEnd;
        private int _next;

        public WordReader(SourceText text, char[] buffer)
        {
            _text = text;
            _buffer = buffer;
            _bufferStart = _bufferEnd = _next = 0;
            Hash = 0;
            StartsWithDigit = false;
        }

        public int Hash;
        public bool StartsWithDigit;

        public bool MoveNext()
        {
            // Locals, not fields, in the loops: this runs for every character of every file.
            var buffer = _buffer;
            var next = _next;
            char c;
            while (true)
            {
                if (next == _bufferEnd && !Fill(next))
                {
                    _next = next;
                    return false;
                }

                c = buffer[next++ - _bufferStart];
                if (IsWordCharacter(c))
                    break;
            }

            StartsWithDigit = c is >= '0' and <= '9';
            var hash = HashStep(HashStart, c);
            // The character after the word is left for the next call, which skips it.
            while ((next < _bufferEnd || Fill(next)) && IsWordCharacter(c = buffer[next - _bufferStart]))
            {
                hash = HashStep(hash, c);
                next++;
            }

            Hash = hash;
            _next = next;
            return true;
        }

        private bool Fill(int next)
        {
            if (next >= _text.Length)
                return false;

            _bufferStart = next;
            _bufferEnd = next + Math.Min(_buffer.Length, _text.Length - next);
            _text.CopyTo(next, _buffer, 0, _bufferEnd - next);
            return true;
        }
    }

    /// <summary><c>Name</c>, or the <c>x.Name</c> / <c>?.Name</c> it is the name of: what <see cref="NameOf"/> reads back.</summary>
    private static ExpressionSyntax NamedExpression(SimpleNameSyntax name) =>
        name.Parent switch
        {
            MemberAccessExpressionSyntax member when member.Name == name => member,
            MemberBindingExpressionSyntax binding when binding.Name == name => binding,
            _ => name,
        };

    // ASCII letters, digits and '_' as the bits of two masks, tested inline: this runs for every character of every
    // file, and the Unicode switch below kept the whole test from being inlined.
    private const ulong AsciiWordCharactersBelow64 = 0x03FF_0000_0000_0000; // '0'-'9'
    private const ulong AsciiWordCharactersFrom64 = 0x07FF_FFFE_87FF_FFFE; // 'A'-'Z', '_', 'a'-'z' (bit = c - 64)

    /// <summary>The <paramref name="length"/> characters at <paramref name="at"/> are not part of a longer word.</summary>
    private static bool IsWholeWordAt(string content, int at, int length)
    {
        var end = at + length;
        return (at == 0 || !IsWordCharacter(content[at - 1])) && (end == content.Length || !IsWordCharacter(content[end]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWordCharacter(char c) =>
        c < 64 ? ((AsciiWordCharactersBelow64 >> c) & 1) != 0
            : c < 128 ? ((AsciiWordCharactersFrom64 >> (c - 64)) & 1) != 0
            : IsNonAsciiWordCharacter(c);

    // A C# identifier part: letters, letter numbers, digits, connectors, combining and formatting marks (a Devanagari
    // vowel sign is a combining mark inside a Hindi name).
    private static bool IsNonAsciiWordCharacter(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format => true,
            _ => char.IsSurrogate(c),
        };

    private sealed class SyntaxOrder<T> : IComparer<T>
        where T : SyntaxNode
    {
        public static readonly SyntaxOrder<T> Instance = new();

        public int Compare(T? x, T? y) =>
            x!.SpanStart != y!.SpanStart ? x.SpanStart.CompareTo(y.SpanStart) : y.Span.Length.CompareTo(x.Span.Length);
    }

    private const int HashStart = unchecked((int)2166136261);

    private static int HashStep(int hash, char c) => unchecked((hash ^ c) * 16777619);

    private static int Hash(string word)
    {
        var hash = HashStart;
        foreach (var c in word)
            hash = HashStep(hash, c);
        return hash;
    }
}
