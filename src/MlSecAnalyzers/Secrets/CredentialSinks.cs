using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Secrets;

/// <summary>
/// The names of the LLM libraries' parameters and properties that take a key: a fixed set, or a file's configured list,
/// read from the options only when a call into an LLM library is met (most sink candidates are not; issue 7).
/// </summary>
internal readonly struct CredentialParameterNames
{
    private readonly ImmutableHashSet<string>? _names;
    private readonly MlSecOptions? _options;
    private readonly SyntaxTree? _tree;

    public CredentialParameterNames(ImmutableHashSet<string> names)
    {
        _names = names;
        _options = null;
        _tree = null;
    }

    public CredentialParameterNames(MlSecOptions options, SyntaxTree tree)
    {
        _names = null;
        _options = options;
        _tree = tree;
    }

    public ImmutableHashSet<string> Get() =>
        _names
        ?? _options?.GetNameList(_tree!, Descriptors.MLSEC001_HardcodedCredential.Id, CredentialSinks.CredentialParameterNamesOption, CredentialSinks.DefaultCredentialParameterNames)
        ?? CredentialSinks.DefaultCredentialParameterNames;
}

/// <summary>A value handed to an API that uses it as a credential.</summary>
internal readonly struct CredentialSink
{
    private readonly string? _description;
    private readonly string? _parameter;
    private readonly string? _member;

    public CredentialSink(IOperation value, string description, KeyProvider provider, bool isAuthorizationHeader = false, bool storesKey = false)
        : this(value, description, null, null, provider, isAuthorizationHeader)
    {
        StoresKey = storesKey;
    }

    /// <summary>
    /// An argument sink. Sinks are found on every matching call, and most values are not constant secrets, so the
    /// description ("the 'key' argument of 'ApiKeyCredential'") is built only when a finding reads it.
    /// </summary>
    public CredentialSink(IOperation value, string parameter, string member, KeyProvider provider)
        : this(value, null, parameter, member, provider, isAuthorizationHeader: false)
    {
    }

    private CredentialSink(IOperation value, string? description, string? parameter, string? member, KeyProvider provider, bool isAuthorizationHeader)
    {
        Value = value;
        _description = description;
        _parameter = parameter;
        _member = member;
        Provider = provider;
        IsAuthorizationHeader = isAuthorizationHeader;
    }

    /// <summary>
    /// An <c>Authorization</c> header: in a client app it usually carries the signed-in user's token for the app's
    /// own backend, which is exactly what MLSEC002 recommends, so that rule ignores it.
    /// </summary>
    public bool IsAuthorizationHeader { get; }

    /// <summary>
    /// The sink stores the key where the app reads it back (an environment variable, in-memory configuration). The
    /// code fix would write a read of that same variable or key into the call that sets it; the fix is to delete the
    /// line and provide the key from outside, which no code fix can do, so none is offered.
    /// </summary>
    public bool StoresKey { get; }

    public IOperation Value { get; }

    /// <summary>Names the sink in the message: "the 'key' argument of 'ApiKeyCredential'", "the 'api-key' header".</summary>
    public string Description => _description ?? "the '" + _parameter + "' argument of '" + _member + "'";

    /// <summary>The provider the sink's library talks to; a recognised key format overrides it.</summary>
    public KeyProvider Provider { get; }
}

/// <summary>
/// The APIs that take a model-endpoint credential (rules.md): <c>ApiKeyCredential</c>, <c>AzureKeyCredential</c>,
/// <c>apiKey</c>-style parameters and properties of the LLM client libraries (OpenAI, Azure OpenAI, Azure AI Inference,
/// Anthropic, Semantic Kernel, Microsoft.Extensions.AI), key headers on <c>HttpHeaders</c>, and
/// <c>AuthenticationHeaderValue("Bearer", …)</c>. Every check starts with a name or reference comparison.
/// </summary>
internal sealed class CredentialSinks
{
    public const string CredentialParameterNamesOption = "credential_parameter_names";

    public static readonly ImmutableHashSet<string> DefaultCredentialParameterNames = MlSecOptions.NameSet("apiKey", "authToken");

    private static readonly ImmutableDictionary<string, KeyProvider> KeyHeaders =
        new Dictionary<string, KeyProvider>(StringComparer.OrdinalIgnoreCase)
        {
            // Azure OpenAI, Azure AI Search, API Management gateways and many others use "api-key": it names no provider.
            ["api-key"] = KeyProvider.ModelEndpoint,
            ["x-api-key"] = KeyProvider.ModelEndpoint,
            ["Ocp-Apim-Subscription-Key"] = KeyProvider.AzureApiManagement,
            ["x-goog-api-key"] = KeyProvider.Google,
            ["Authorization"] = KeyProvider.ModelEndpoint,
        }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly INamedTypeSymbol? _apiKeyCredential;
    private readonly INamedTypeSymbol? _azureKeyCredential;
    private readonly INamedTypeSymbol? _httpHeaders;
    private readonly INamedTypeSymbol? _authenticationHeaderValue;

    private CredentialSinks(MlTypes types)
    {
        _apiKeyCredential = types.ApiKeyCredential;
        _azureKeyCredential = types.AzureKeyCredential;
        _httpHeaders = types.HttpHeaders;
        _authenticationHeaderValue = types.AuthenticationHeaderValue;
    }

    /// <summary>Null when the compilation references no LLM client library: then no sink can exist and nothing is registered.</summary>
    public static CredentialSinks? Create(Compilation compilation, MlTypes types) =>
        MlLibraries.ReferencesLlmClient(compilation) ? new CredentialSinks(types) : null;

    public void FindInCreation(IObjectCreationOperation creation, CredentialParameterNames parameterNames, ref List<CredentialSink>? sinks)
    {
        if (creation.Constructor is not { } constructor)
            return;

        var type = constructor.ContainingType;
        if (IsCredentialType(type))
        {
            if (creation.Arguments.Length == 1 && IsExplicitString(creation.Arguments[0]))
                Add(ref sinks, Argument(creation.Arguments[0], type.Name, ProviderFromContext(creation)));
            return;
        }

        if (_authenticationHeaderValue is not null && SymbolEqualityComparer.Default.Equals(type, _authenticationHeaderValue))
        {
            if (creation.Arguments.Length == 2
                && Arguments.ForParameter(creation.Arguments, 0) is { Value.ConstantValue: { HasValue: true, Value: string scheme } }
                && IsTokenScheme(scheme)
                && Arguments.ForParameter(creation.Arguments, 1) is { } parameter
                && IsExplicitString(parameter))
            {
                Add(ref sinks, new CredentialSink(parameter.Value, "the 'Authorization' header", KeyProvider.ModelEndpoint, isAuthorizationHeader: true));
            }

            return;
        }

        if (MlLibraries.IsLlmClientAssembly(type.ContainingAssembly.Name))
            AddNamedParameters(creation.Arguments, type.Name, ProviderForLibrary(type.ContainingAssembly.Name, type.Name), parameterNames, ref sinks);
    }

    public void FindInInvocation(IInvocationOperation invocation, CredentialParameterNames parameterNames, ref List<CredentialSink>? sinks)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "Add" or "TryAddWithoutValidation" when _httpHeaders is not null && SymbolEqualityComparer.Default.Equals(type, _httpHeaders):
                if (invocation.Arguments.Length == 2
                    && Arguments.ForParameter(invocation.Arguments, 0) is { Value.ConstantValue: { HasValue: true, Value: string header } }
                    && KeyHeaders.TryGetValue(header, out var headerProvider)
                    && Arguments.ForParameter(invocation.Arguments, 1) is { } valueArgument
                    && HeaderValue(valueArgument) is { } headerValue)
                {
                    Add(ref sinks, new CredentialSink(
                        headerValue, "the '" + header + "' header", headerProvider,
                        isAuthorizationHeader: header.Equals("Authorization", StringComparison.OrdinalIgnoreCase)));
                }

                return;

            case "Parse" or "TryParse" when _authenticationHeaderValue is not null && SymbolEqualityComparer.Default.Equals(type, _authenticationHeaderValue):
                // AuthenticationHeaderValue.Parse("Bearer <key>"): the scheme is part of the value and stays in code.
                if (Arguments.ForParameter(invocation.Arguments, 0) is { } input && IsExplicitString(input))
                    Add(ref sinks, new CredentialSink(input.Value, "the 'Authorization' header", KeyProvider.ModelEndpoint, isAuthorizationHeader: true));
                return;

            case "Update" when IsCredentialType(type):
                if (invocation.Arguments.Length == 1 && IsExplicitString(invocation.Arguments[0]))
                    Add(ref sinks, Argument(invocation.Arguments[0], type.Name + ".Update", KeyProvider.ModelEndpoint));
                return;

            case "SetEnvironmentVariable" when type is { Name: "Environment" } && Namespaces.Is(type.ContainingNamespace, "System"):
                // Environment.SetEnvironmentVariable("AZURE_OPENAI_API_KEY", "…"), for a client that reads it back.
                if (Arguments.ForParameter(invocation.Arguments, 0) is { Value.ConstantValue: { HasValue: true, Value: string variable } }
                    && Arguments.ForParameter(invocation.Arguments, 1) is { } variableValue
                    && IsExplicitString(variableValue)
                    && IsCredentialName(variable, parameterNames.Get()))
                {
                    Add(ref sinks, new CredentialSink(
                        variableValue.Value, "the environment variable '" + variable + "'", ProviderNamedIn(variable), storesKey: true));
                }

                return;

            case "AddInMemoryCollection" when IsMemoryConfigurationExtensions(type):
                if (Arguments.ForParameter(invocation.Arguments, 1) is { ArgumentKind: ArgumentKind.Explicit } data)
                    FindInMemoryCollection(invocation, data.Value, parameterNames, ref sinks);
                return;
        }

        if (type is not null && MlLibraries.IsLlmClientAssembly(type.ContainingAssembly.Name))
        {
            var name = MemberName(method);
            AddNamedParameters(invocation.Arguments, name, ProviderForLibrary(type.ContainingAssembly.Name, name), parameterNames, ref sinks);
        }
    }

    public void FindInAssignment(ISimpleAssignmentOperation assignment, CredentialParameterNames parameterNames, ref List<CredentialSink>? sinks)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Type.SpecialType: SpecialType.System_String } property })
            return;

        if (!MlLibraries.IsLlmClientAssembly(property.ContainingAssembly.Name) || !parameterNames.Get().Contains(property.Name))
            return;

        var owner = property.ContainingType.Name;
        Add(ref sinks, new CredentialSink(assignment.Value, "'" + owner + "." + property.Name + "'", ProviderForLibrary(property.ContainingAssembly.Name, owner)));
    }

    /// <summary>
    /// <c>MemoryConfigurationBuilderExtensions</c> (Microsoft.Extensions.Configuration): <c>AddInMemoryCollection</c>
    /// writes its pairs into the app's <c>IConfiguration</c>.
    /// </summary>
    private static bool IsMemoryConfigurationExtensions(INamedTypeSymbol? type) =>
        type is { Name: "MemoryConfigurationBuilderExtensions" } && Namespaces.Is(type.ContainingNamespace, "Microsoft.Extensions.Configuration");

    /// <summary>
    /// The pairs of <c>AddInMemoryCollection</c>'s data: those written in the call (<see cref="AddPairs"/>), or in the
    /// local it passes (<see cref="AddPairsOfLocal"/>). A pair whose key a later pair surely writes again (compared
    /// without regard to case, as configuration does) does not reach the configuration: the later value replaces it (a
    /// dictionary's indexer, the configuration's own loading of a list) or the call throws (a dictionary's
    /// <c>Add</c>). Any other collection is not followed.
    /// </summary>
    private static void FindInMemoryCollection(IInvocationOperation call, IOperation data, CredentialParameterNames parameterNames, ref List<CredentialSink>? sinks)
    {
        var pairs = new List<ConfigurationPair>();
        data = WithoutConversions(data);
        if (data is ILocalReferenceOperation local)
        {
            if (!AddPairsOfLocal(call, local, pairs))
                return;
        }
        else
        {
            AddPairs(data, pairs);
        }

        if (pairs.Count == 0)
            return;

        // From the last pair back, so that a replaced pair is known; then added in text order.
        ImmutableHashSet<string>? names = null;
        var replaced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stored = new bool[pairs.Count];
        for (var i = pairs.Count - 1; i >= 0; i--)
        {
            var pair = pairs[i];
            if (pair.Key.ConstantValue is not { HasValue: true, Value: string path })
                continue;

            stored[i] = !replaced.Contains(path)
                && pair.Value.Type?.SpecialType == SpecialType.System_String
                && IsCredentialName(path, names ??= parameterNames.Get());
            if (pair.Replaces)
                replaced.Add(path);
        }

        for (var i = 0; i < pairs.Count; i++)
        {
            if (stored[i])
            {
                var path = (string)pairs[i].Key.ConstantValue.Value!;
                Add(ref sinks, new CredentialSink(pairs[i].Value, "the configuration key '" + path + "'", ProviderNamedIn(path), storesKey: true));
            }
        }
    }

    /// <summary>
    /// The pairs written in <paramref name="data"/>: a dictionary's index or collection initializer
    /// (<c>["AzureOpenAI:ApiKey"] = …</c>, <c>{ "OpenAI:ApiKey", … }</c>), or an array, collection initializer or
    /// collection expression of <c>KeyValuePair</c>s (<c>new("OpenAI:ApiKey", …)</c>, <c>KeyValuePair.Create(…)</c>).
    /// An element of another shape is passed over.
    /// </summary>
    private static void AddPairs(IOperation data, List<ConfigurationPair> pairs)
    {
        if (data is IArrayCreationOperation { Initializer: { } array })
        {
            foreach (var element in array.ElementValues)
                AddPair(element, replaces: true, pairs);
            return;
        }

        // [new("OpenAI:ApiKey", "…"), …]: Roslyn 4.8 gives a collection expression no operation of its own (a None
        // operation over its elements), later versions an ICollectionExpressionOperation; both list the elements as
        // children. A spread element (..other) is no pair.
        if (data.Syntax is CollectionExpressionSyntax)
        {
            foreach (var element in data.ChildOperations)
                AddPair(element, replaces: true, pairs);
            return;
        }

        if (data is not IObjectCreationOperation { Initializer: { } initializer })
            return;

        foreach (var item in initializer.Initializers)
        {
            switch (item)
            {
                // ["AzureOpenAI:ApiKey"] = "…"
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments: { Length: 1 } index } } assignment:
                    pairs.Add(new ConfigurationPair(index[0].Value, assignment.Value, replaces: true));
                    break;
                // { "OpenAI:ApiKey", "…" }, or { new KeyValuePair<string, string?>(…) } in a list
                case IInvocationOperation invocation:
                    AddAddedPair(invocation, replaces: true, pairs);
                    break;
            }
        }
    }

    /// <summary>
    /// The pair an <c>Add</c> call adds: <c>Add(key, value)</c> (a dictionary) or <c>Add(pair)</c> (a list); false when
    /// it is of another shape.
    /// </summary>
    private static bool AddAddedPair(IInvocationOperation invocation, bool replaces, List<ConfigurationPair> pairs)
    {
        var arguments = invocation.Arguments;
        if (arguments.Length == 2)
        {
            if (Arguments.ForParameter(arguments, 0) is not { } key || Arguments.ForParameter(arguments, 1) is not { } value)
                return false;
            pairs.Add(new ConfigurationPair(key.Value, value.Value, replaces));
            return true;
        }

        return arguments.Length == 1 && AddPair(arguments[0].Value, replaces, pairs);
    }

    /// <summary>A <c>KeyValuePair</c> written as <c>new(key, value)</c> or <c>KeyValuePair.Create(key, value)</c>; false otherwise.</summary>
    private static bool AddPair(IOperation pair, bool replaces, List<ConfigurationPair> pairs)
    {
        pair = WithoutConversions(pair);
        var (arguments, type) = pair switch
        {
            IObjectCreationOperation { Constructor: { } constructor } creation => (creation.Arguments, constructor.ContainingType),
            IInvocationOperation { TargetMethod: { Name: "Create" } method } invocation => (invocation.Arguments, method.ContainingType),
            _ => (default(ImmutableArray<IArgumentOperation>), null),
        };

        if (type is not { Name: "KeyValuePair" } || !Namespaces.Is(type.ContainingNamespace, "System.Collections.Generic") || arguments.Length != 2
            || Arguments.ForParameter(arguments, 0) is not { } key || Arguments.ForParameter(arguments, 1) is not { } value)
        {
            return false;
        }

        pairs.Add(new ConfigurationPair(key.Value, value.Value, replaces));
        return true;
    }

    /// <summary>
    /// The pairs of a local passed to <c>AddInMemoryCollection</c> (<c>var settings = new Dictionary&lt;string,
    /// string?&gt; { … }; builder.Configuration.AddInMemoryCollection(settings);</c>): its initializer's, then those its
    /// indexer or <c>Add</c> writes before the call (<c>settings["OpenAI:ApiKey"] = …;</c>), a pair that reaches the
    /// configuration as well. Only while they are all known; false when they are not.
    /// <para>
    /// The local must be declared by a declaration statement with a collection creation (any <c>new</c>, an array with
    /// an initializer, a collection expression), in the same body as the call (not outside the lambda or local function
    /// that calls). Each of its other uses must be the data of an <c>AddInMemoryCollection</c> call (that changes
    /// nothing) or a write statement <c>local[key] = value;</c> or <c>local.Add(…);</c> with a constant key, in the
    /// same body, before the call. A write whose statement list also holds the call runs before it on every path to
    /// it, and replaces the key's earlier pairs; a write under a condition or in a loop the call is not in may not run,
    /// so its pair is judged but replaces nothing (a dev key replaced only in production still ships). Any other use
    /// may change the pairs the call reads (a method it is passed to, a write after the call, which still reaches a
    /// <c>ConfigurationBuilder</c> not built yet, a write whose key is not a constant, <c>Remove</c> or <c>Clear</c>, a
    /// reassignment, a lambda, an alias), so the local is not followed at all.
    /// </para>
    /// Called only for an <c>AddInMemoryCollection</c> call whose data is a local, the only time the body's locals are
    /// collected (<see cref="LocalValues.UsesOf"/>, once per body).
    /// </summary>
    private static bool AddPairsOfLocal(IInvocationOperation call, ILocalReferenceOperation reference, List<ConfigurationPair> pairs)
    {
        var local = reference.Local;
        if (local.IsConst || local.RefKind != RefKind.None
            || LocalValues.UsesOf(reference, local) is not { Declarators: { Count: 1 } declarators } uses
            || declarators[0].Initializer?.Value is not { } initial
            || declarators[0].Syntax is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } }
            || LocalValues.EnclosingBody(declaration) is not { } body
            || LocalValues.EnclosingBody(call.Syntax) != body)
        {
            return false;
        }

        initial = WithoutConversions(initial);
        if (initial is not (IObjectCreationOperation or IArrayCreationOperation { Initializer: not null }) && initial.Syntax is not CollectionExpressionSyntax)
            return false;

        var callSpan = call.Syntax.Span;
        List<ConfigurationPair>? writes = null;
        foreach (var use in uses.References)
        {
            if (IsInMemoryData(use))
                continue;

            if (WriteStatement(use) is not { } write
                || write.Syntax.Span.End > callSpan.Start
                || LocalValues.EnclosingBody(write.Syntax) != body)
            {
                return false;
            }

            var replaces = StatementList(write.Syntax) is { } list && list.Span.Contains(callSpan);
            var count = (writes ??= new List<ConfigurationPair>()).Count;
            if (write.Operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments: { Length: 1 } index } } assignment)
                writes.Add(new ConfigurationPair(index[0].Value, assignment.Value, replaces));
            else if (write.Operation is not IInvocationOperation invocation || !AddAddedPair(invocation, replaces, writes))
                return false;

            // A write whose key is not a constant may replace any pair.
            if (writes[count].Key.ConstantValue is not { HasValue: true, Value: string })
                return false;
        }

        AddPairs(initial, pairs);
        if (writes is not null)
        {
            // The uses come in operation-tree order; the writes run in text order.
            writes.Sort(static (a, b) => a.Key.Syntax.SpanStart.CompareTo(b.Key.Syntax.SpanStart));
            pairs.AddRange(writes);
        }

        return true;
    }

    /// <summary>The local is the data argument of an <c>AddInMemoryCollection</c> call (that call or another).</summary>
    private static bool IsInMemoryData(ILocalReferenceOperation use)
    {
        var parent = use.Parent;
        while (parent is IConversionOperation)
            parent = parent.Parent;

        return parent is IArgumentOperation { Parameter.Ordinal: 1, Parent: IInvocationOperation { TargetMethod: { Name: "AddInMemoryCollection" } method } }
            && IsMemoryConfigurationExtensions(method.ContainingType);
    }

    /// <summary>
    /// The statement a use of a local writes a pair with, when that is all the statement does: <c>local[key] = value;</c>
    /// or <c>local.Add(…);</c>. Null for any other use.
    /// </summary>
    private static (IOperation Operation, SyntaxNode Syntax)? WriteStatement(ILocalReferenceOperation use)
    {
        IOperation write;
        switch (use.Parent)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when indexer.Instance == use
                && indexer.Parent is ISimpleAssignmentOperation assignment && assignment.Target == indexer:
                write = assignment;
                break;
            case IInvocationOperation { TargetMethod.Name: "Add" } invocation when invocation.Instance == use:
                write = invocation;
                break;
            default:
                return null;
        }

        return write.Parent is IExpressionStatementOperation statement ? (write, statement.Syntax) : null;
    }

    /// <summary>The list a statement is written in: a block, a switch section, or the file's top-level statements.</summary>
    private static SyntaxNode? StatementList(SyntaxNode statement) =>
        statement.Parent is GlobalStatementSyntax global ? global.Parent : statement.Parent;

    /// <summary>A key-value pair written into in-memory configuration.</summary>
    private readonly struct ConfigurationPair
    {
        public ConfigurationPair(IOperation key, IOperation value, bool replaces)
        {
            Key = key;
            Value = value;
            Replaces = replaces;
        }

        public IOperation Key { get; }

        public IOperation Value { get; }

        /// <summary>False for a write that may not run before the call: it replaces no earlier pair of its key.</summary>
        public bool Replaces { get; }
    }

    private static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
            operation = conversion.Operand;
        return operation;
    }

    /// <summary>
    /// True when an environment variable's name or a configuration key names a credential by the credential parameter
    /// and property names (<c>apiKey</c>, <c>authToken</c>, and the configured ones): its last section (after the last
    /// <c>:</c> or <c>__</c>), or the words that end it, with their separators dropped, is one of the names, compared
    /// without regard to case. So <c>AzureOpenAI:ApiKey</c>, <c>OPENAI_API_KEY</c>, <c>Chat:OpenAIApiKey</c> and
    /// <c>AzureOpenAI__ApiKey</c> name a credential; <c>OpenAI:Key</c>, <c>HF_TOKEN</c>, <c>ApiKeyHeader</c> do not.
    /// </summary>
    internal static bool IsCredentialName(string name, ImmutableHashSet<string> names)
    {
        var colon = name.LastIndexOf(':');
        var underscores = name.LastIndexOf("__", StringComparison.Ordinal);
        var start = Math.Max(colon + 1, underscores < 0 ? 0 : underscores + 2);

        // From the end, so that a long name (a generated or pasted one) costs no more than the longest name's length:
        // the letters and digits of the suffix read so far fill the buffer from its end.
        var longest = 0;
        foreach (var candidate in names)
            longest = Math.Max(longest, candidate.Length);

        var letters = new char[longest];
        var count = 0;
        for (var i = name.Length - 1; i >= start; i--)
        {
            if (!char.IsLetterOrDigit(name[i]))
                continue;
            if (count == longest)
                return false;

            letters[longest - ++count] = name[i];
            if (IsWordStart(name, start, i) && names.Contains(new string(letters, longest - count, count)))
                return true;
        }

        return false;
    }

    // A word starts the section (at start), follows a separator, or is an upper-case letter after a lower-case one
    // (ApiKey) or ending an acronym (OpenAIApiKey).
    private static bool IsWordStart(string name, int start, int i)
    {
        var c = name[i];
        if (!char.IsLetterOrDigit(c))
            return false;
        if (i == start || !char.IsLetterOrDigit(name[i - 1]))
            return true;

        return KeyProvider.StartsCamelCaseWord(name, i);
    }

    /// <summary>The provider a variable or configuration key names (<c>AZURE_OPENAI_API_KEY</c>, <c>Anthropic:ApiKey</c>).</summary>
    private static KeyProvider ProviderNamedIn(string name)
    {
        var letters = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
                letters.Append(char.ToLowerInvariant(c));
        }

        var text = letters.ToString();
        if (text.IndexOf("azureopenai", StringComparison.Ordinal) >= 0)
            return KeyProvider.AzureOpenAI;
        if (text.IndexOf("openai", StringComparison.Ordinal) >= 0)
            return KeyProvider.OpenAI;
        if (text.IndexOf("anthropic", StringComparison.Ordinal) >= 0)
            return KeyProvider.Anthropic;
        return KeyProvider.ModelEndpoint;
    }

    private static void AddNamedParameters(
        ImmutableArray<IArgumentOperation> arguments, string memberName, KeyProvider provider, CredentialParameterNames parameterNames, ref List<CredentialSink>? sinks)
    {
        var names = parameterNames.Get();
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                && names.Contains(parameter.Name)
                && IsExplicitString(argument))
            {
                Add(ref sinks, Argument(argument, memberName, provider));
            }
        }
    }

    private static void Add(ref List<CredentialSink>? sinks, CredentialSink sink) => (sinks ??= new List<CredentialSink>()).Add(sink);

    /// <summary>The header's value: a string, or the single element of <c>new[] { value }</c> (the IEnumerable overload).</summary>
    private static IOperation? HeaderValue(IArgumentOperation argument)
    {
        if (IsExplicitString(argument))
            return argument.Value;

        var value = WithoutConversions(argument.Value);
        return value is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } elements } && elements[0].Type?.SpecialType == SpecialType.System_String
            ? elements[0]
            : null;
    }

    private bool IsCredentialType(INamedTypeSymbol? type) =>
        type is not null
        && (_apiKeyCredential is not null && SymbolEqualityComparer.Default.Equals(type, _apiKeyCredential)
            || _azureKeyCredential is not null && SymbolEqualityComparer.Default.Equals(type, _azureKeyCredential));

    /// <summary>How a message names the called member: a constructor reached through <c>: base(…)</c> by its type, not ".ctor".</summary>
    internal static string MemberName(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;

    internal static bool IsExplicitString(IArgumentOperation argument) =>
        argument.ArgumentKind == ArgumentKind.Explicit && argument.Value.Type?.SpecialType == SpecialType.System_String;

    private static bool IsTokenScheme(string scheme) =>
        scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        || scheme.Equals("Key", StringComparison.OrdinalIgnoreCase)
        || scheme.Equals("Token", StringComparison.OrdinalIgnoreCase);

    private static CredentialSink Argument(IArgumentOperation argument, string memberName, KeyProvider provider) =>
        new(argument.Value, argument.Parameter?.Name ?? "key", memberName, provider);

    /// <summary>A credential object passed straight into a client takes that client's provider.</summary>
    private static KeyProvider ProviderFromContext(IOperation credentialCreation)
    {
        var parent = credentialCreation.Parent;
        while (parent is IConversionOperation)
            parent = parent.Parent;

        if (parent is IArgumentOperation { Parent: { } consumer })
        {
            var member = consumer switch
            {
                IObjectCreationOperation { Constructor: { } ctor } => ctor.ContainingType,
                IInvocationOperation invocation => (ISymbol)invocation.TargetMethod,
                _ => null,
            };

            if (member?.ContainingAssembly is { } assembly && MlLibraries.IsLlmClientAssembly(assembly.Name))
                return ProviderForLibrary(assembly.Name, member is IMethodSymbol method ? MemberName(method) : member.Name);
        }

        return KeyProvider.ModelEndpoint;
    }

    private static KeyProvider ProviderForLibrary(string assemblyName, string memberName) =>
        assemblyName switch
        {
            "OpenAI" => KeyProvider.OpenAI,
            "Azure.AI.OpenAI" => KeyProvider.AzureOpenAI,
            "Azure.AI.Inference" => KeyProvider.AzureAIInference,
            "Anthropic" => KeyProvider.Anthropic,
            _ when memberName.IndexOf("AzureOpenAI", StringComparison.Ordinal) >= 0 => KeyProvider.AzureOpenAI,
            _ when memberName.IndexOf("OpenAI", StringComparison.Ordinal) >= 0 => KeyProvider.OpenAI,
            _ when memberName.IndexOf("Anthropic", StringComparison.Ordinal) >= 0 => KeyProvider.Anthropic,
            _ when memberName.IndexOf("Google", StringComparison.Ordinal) >= 0 || memberName.IndexOf("Gemini", StringComparison.Ordinal) >= 0 => KeyProvider.Google,
            _ when assemblyName.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) => KeyProvider.SemanticKernel,
            _ => KeyProvider.ModelEndpoint,
        };
}
