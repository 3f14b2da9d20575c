using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// The attribute types that make a method an HTTP-triggered Azure Function, resolved once per compilation, and only
/// for a compilation that references one of the two HTTP extension assemblies:
/// <list type="bullet">
/// <item>isolated worker: <c>[Function("Name")]</c> (Microsoft.Azure.Functions.Worker.Extensions.Abstractions) on the
/// method, <c>[HttpTrigger(...)]</c> (Microsoft.Azure.Functions.Worker.Extensions.Http) on a parameter;</item>
/// <item>in-process: <c>[FunctionName("Name")]</c> (Microsoft.Azure.WebJobs) on the method, <c>[HttpTrigger(...)]</c>
/// (Microsoft.Azure.WebJobs.Extensions.Http) on a parameter.</item>
/// </list>
/// </summary>
internal sealed class FunctionTypes
{
    public const string WorkerHttpAssembly = "Microsoft.Azure.Functions.Worker.Extensions.Http";
    public const string WebJobsHttpAssembly = "Microsoft.Azure.WebJobs.Extensions.Http";

    private FunctionTypes(INamedTypeSymbol? workerFunction, INamedTypeSymbol? workerTrigger, INamedTypeSymbol? webJobsFunction, INamedTypeSymbol? webJobsTrigger)
    {
        WorkerFunction = workerFunction;
        WorkerTrigger = workerTrigger;
        WebJobsFunction = webJobsFunction;
        WebJobsTrigger = webJobsTrigger;
    }

    public INamedTypeSymbol? WorkerFunction { get; }
    public INamedTypeSymbol? WorkerTrigger { get; }
    public INamedTypeSymbol? WebJobsFunction { get; }
    public INamedTypeSymbol? WebJobsTrigger { get; }

    /// <summary>The types of the compilation <paramref name="types"/> serves, or null when neither model's pair of attributes is there.</summary>
    public static FunctionTypes? Resolve(MlTypes types)
    {
        var workerFunction = types.Get(MlTypeNames.AzureFunctionsWorkerFunctionAttribute);
        var workerTrigger = workerFunction is null ? null : types.Get(MlTypeNames.AzureFunctionsWorkerHttpTriggerAttribute);
        var webJobsFunction = types.Get(MlTypeNames.AzureWebJobsFunctionNameAttribute);
        var webJobsTrigger = webJobsFunction is null ? null : types.Get(MlTypeNames.AzureWebJobsHttpTriggerAttribute);
        if (workerTrigger is null)
            workerFunction = null;
        if (webJobsTrigger is null)
            webJobsFunction = null;
        return workerFunction is null && webJobsFunction is null ? null : new FunctionTypes(workerFunction, workerTrigger, webJobsFunction, webJobsTrigger);
    }

    /// <summary>The HTTP trigger attribute type that goes with <paramref name="functionAttribute"/>, or null when it is no function attribute.</summary>
    public INamedTypeSymbol? TriggerFor(INamedTypeSymbol? functionAttribute)
    {
        if (functionAttribute is null)
            return null;
        if (WorkerFunction is not null && SymbolEqualityComparer.Default.Equals(functionAttribute, WorkerFunction))
            return WorkerTrigger;
        if (WebJobsFunction is not null && SymbolEqualityComparer.Default.Equals(functionAttribute, WebJobsFunction))
            return WebJobsTrigger;
        return null;
    }
}

/// <summary>
/// HTTP-triggered Azure Functions as model endpoints. The Functions host authorizes a function by the
/// <c>AuthorizationLevel</c> of its <c>[HttpTrigger]</c> alone: <c>Anonymous</c> needs no key; <c>Function</c> (the
/// default), <c>System</c> and <c>Admin</c> need a key, and <c>User</c> an EasyAuth identity. ASP.NET Core's
/// <c>[Authorize]</c>, conventions and fallback policy do not reach a function, so only the level (and an attribute the
/// user lists in <c>mlsec.authorization_filters</c>, which worker middleware can read) decides.
/// </summary>
internal sealed partial class EndpointContext
{
    /// <summary>False unless the compilation references an HTTP trigger and its function attribute (either model).</summary>
    public bool HasFunctions => _functionTypes is not null;

    /// <summary>
    /// The trigger of <paramref name="method"/> when it is an HTTP-triggered function, or null. Asked only in a compilation
    /// with <see cref="HasFunctions"/>; a method without attribute lists on it and on a parameter costs no binding.
    /// </summary>
    public FunctionTrigger? HttpTrigger(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_functionTypes is not { } types || method.Locations.IsEmpty
            || method.MethodKind != MethodKind.Ordinary
            || method.DeclaringSyntaxReferences.IsEmpty
            || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax { AttributeLists.Count: > 0 } declaration
            || !HasAnyParameterAttributes(declaration))
        {
            return null;
        }

        INamedTypeSymbol? trigger = null;
        string? name = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (types.TriggerFor(attribute.AttributeClass) is { } found)
            {
                trigger = found;
                name = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string text && text.Length > 0 ? text : null;
                break;
            }
        }

        if (trigger is null)
            return null;

        foreach (var parameter in method.Parameters)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is { } type && SymbolEqualityComparer.Default.Equals(type, trigger))
                {
                    var (anonymous, level) = AnonymousLevel(attribute, cancellationToken);
                    return new FunctionTrigger(declaration, "function " + (name ?? method.Name), anonymous, level?.GetLocation());
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The model endpoint an anonymous function (<see cref="FunctionTrigger.IsAnonymous"/>) is, or null when its body
    /// reaches no inference. Another level needs a key, so nothing about it is reported and its body is not followed.
    /// </summary>
    public ModelEndpoint? FindFunction(IMethodSymbol method, FunctionTrigger trigger, ImmutableArray<IOperation> blocks, string ruleId, CancellationToken cancellationToken)
    {
        if (!trigger.IsAnonymous || blocks.IsEmpty)
            return null;

        var user = UserTypes(blocks[0].Syntax.SyntaxTree, ruleId);
        if (ReachFromHandler(trigger.Declaration, blocks, user, cancellationToken) is not { } inference)
            return null;

        return new ModelEndpoint(trigger.Name, inference, method.Locations[0], null, method, blocks)
        {
            IsFunction = true,
            FunctionLevel = trigger.Level,
        };
    }

    /// <summary>
    /// What authorizes an anonymous function (no other is an endpoint here): an attribute of a type listed in
    /// <c>mlsec.authorization_filters</c> on the function method, its class or a base class (worker middleware that reads
    /// it). No ASP.NET Core convention, attribute or compilation-wide fact reaches a function, and the Functions host
    /// offers no per-function rate limiting in code: <c>RateLimited</c> is false and not asked (MLSEC011 does not
    /// look at functions).
    /// </summary>
    private EndpointSecurity FunctionSecurity(ModelEndpoint endpoint, string ruleId)
    {
        var authorized = false;
        if (endpoint.Handler is { } method && endpoint.Location.SourceTree is { } tree
            && AuthorizationFilters(Options.GetValue(tree, ruleId, AuthorizationFiltersOption) ?? string.Empty) is { } filters)
        {
            authorized = HasListedAttribute(method.GetAttributes(), filters);
            for (var type = method.ContainingType; !authorized && type is not null; type = type.BaseType)
                authorized = HasListedAttribute(type.GetAttributes(), filters);
        }

        return new EndpointSecurity(new Conventions(), authorized, rateLimited: false);
    }

    private static bool HasListedAttribute(ImmutableArray<AttributeData> attributes, AuthorizationFilterNames filters)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is { } type && filters.Contains(type))
                return true;
        }

        return false;
    }

    private static bool HasAnyParameterAttributes(MethodDeclarationSyntax declaration)
    {
        foreach (var parameter in declaration.ParameterList.Parameters)
        {
            if (parameter.AttributeLists.Count > 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the trigger's level is <c>AuthorizationLevel.Anonymous</c>, from its constructor argument (neither model's
    /// <c>AuthLevel</c> property can be set by name); and the argument expression that sets it, for the code fix. A level
    /// that is not a constant (an error in half-typed code) or not a named member of the enum is not anonymous; no level
    /// is the host's default, <c>Function</c>.
    /// </summary>
    private static (bool Anonymous, ExpressionSyntax? Syntax) AnonymousLevel(AttributeData http, CancellationToken cancellationToken)
    {
        if (http.AttributeConstructor is not { } constructor)
            return (false, null);

        for (var i = 0; i < constructor.Parameters.Length && i < http.ConstructorArguments.Length; i++)
        {
            var parameter = constructor.Parameters[i];
            if (parameter.Type is not { TypeKind: TypeKind.Enum, Name: "AuthorizationLevel" })
                continue;

            if (http.ConstructorArguments[i] is not { Kind: TypedConstantKind.Enum, Type: INamedTypeSymbol enumType, Value: { } value }
                || !IsMember(enumType, "Anonymous", value))
            {
                return (false, null);
            }

            var syntax = http.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            return (true, syntax is null ? null : LevelArgument(syntax, parameter.Name, i));
        }

        return (false, null);
    }

    private static bool IsMember(INamedTypeSymbol enumType, string name, object value)
    {
        foreach (var member in enumType.GetMembers(name))
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
                return true;
        }

        return false;
    }

    /// <summary>The argument expression for the constructor's level parameter, by name or by position.</summary>
    private static ExpressionSyntax? LevelArgument(AttributeSyntax attribute, string parameterName, int position)
    {
        if (attribute.ArgumentList is not { } list)
            return null;

        foreach (var argument in list.Arguments)
        {
            if (argument.NameColon is { } colon && colon.Name.Identifier.ValueText == parameterName)
                return argument.Expression;
        }

        var positional = 0;
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals is not null)
                continue;
            if (positional++ == position)
                return argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == parameterName ? argument.Expression : null;
        }

        return null;
    }
}

/// <summary>An HTTP-triggered function's trigger: its declaration, the name endpoints are reported by, and its level.</summary>
internal sealed class FunctionTrigger
{
    public FunctionTrigger(MethodDeclarationSyntax declaration, string name, bool isAnonymous, Location? level)
    {
        Declaration = declaration;
        Name = name;
        IsAnonymous = isAnonymous;
        Level = level;
    }

    public MethodDeclarationSyntax Declaration { get; }

    /// <summary><c>function Name</c>, from <c>[Function("Name")]</c>/<c>[FunctionName("Name")]</c>, or the method's name.</summary>
    public string Name { get; }

    /// <summary>The trigger's level is <c>AuthorizationLevel.Anonymous</c>.</summary>
    public bool IsAnonymous { get; }

    /// <summary>For an anonymous trigger, the argument that sets the level, when the attribute is in source (the code fix's target).</summary>
    public Location? Level { get; }
}
