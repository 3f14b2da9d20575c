using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.Endpoints;

/// <summary>
/// MLSEC010: a model endpoint (minimal API, controller action or hub method of a mapped SignalR hub) that no authorization reaches, or that
/// <c>AllowAnonymous</c> opens. Reported per operation / operation block, never at compilation end, so the squiggle
/// shows while typing.
/// <para>
/// Why MLSEC010 has an analyzer of its own, apart from MLSEC011/MLSEC012: command-line builds skip an analyzer whose
/// rules are all Info/hidden, and MLSEC011/012 are suggestions. Keeping them in <see cref="ModelEndpointExposureAnalyzer"/>
/// means `dotnet build` pays for the endpoint detection once (here) instead of running the suggestion checks nobody sees.
/// In the IDE, where both run, they share the detection through <see cref="EndpointContext"/>, cached per compilation,
/// so splitting costs only a second, cheap callback per Map* call and action.
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AnonymousModelEndpointAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MLSEC010_AnonymousModelEndpoint);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Generated code (the Request Delegate Generator's interceptors, scaffolding) re-states endpoints the user wrote;
        // analyzing it would report them twice. MLSEC010 is reported at the Map call or action analyzed.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Skip);
        EndpointContext.RegisterEndpointActions(context, Descriptors.MLSEC010_AnonymousModelEndpoint.Id, functions: true, Report);
    }

    private static void Report(System.Action<Diagnostic> report, EndpointContext endpoints, ModelEndpoint endpoint, System.Threading.CancellationToken cancellationToken)
    {
        if (endpoint.IsFunction)
        {
            ReportFunction(report, endpoints, endpoint, cancellationToken);
            return;
        }

        var security = endpoints.Evaluate(endpoint, Descriptors.MLSEC010_AnonymousModelEndpoint.Id, needAuthorization: true, needRateLimiting: false, cancellationToken);
        var anonymous = security.Conventions.AllowAnonymous;
        if (anonymous.Count == 0 && security.Authorized)
            return;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[EndpointProperties.Kind] = endpoint.IsHub ? EndpointProperties.Hub
            : endpoint.IsController ? EndpointProperties.Controller : EndpointProperties.Endpoint;
        var additional = new List<Location>();
        if (anonymous.Count > 0)
        {
            properties[EndpointProperties.AllowAnonymous] = "true";
            foreach (var location in anonymous)
            {
                // An AllowAnonymous of another project an IDE references as a compilation: a location the driver
                // rejects in this compilation's diagnostics.
                if (location.IsInSource && endpoints.Compilation.ContainsSyntaxTree(location.SourceTree!))
                    additional.Add(location);
            }
        }
        else if (security.Conventions.GroupInitializer is { } group)
        {
            properties[EndpointProperties.GroupIndex] = additional.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            additional.Add(group.GetLocation());
        }

        var reason = anonymous.Count > 0 ? "AllowAnonymous opens it to everyone" : "no authorization reaches it";
        report(Diagnostic.Create(
            Descriptors.MLSEC010_AnonymousModelEndpoint, endpoint.Location, additional, properties.ToImmutable(),
            endpoint.Name, endpoint.InferenceCall, reason));
    }

    /// <summary>
    /// An HTTP-triggered Azure Function: reported when its trigger is <c>AuthorizationLevel.Anonymous</c> and no listed
    /// authorization attribute marks it. The level's argument is the additional location the code fix rewrites.
    /// </summary>
    private static void ReportFunction(System.Action<Diagnostic> report, EndpointContext endpoints, ModelEndpoint endpoint, System.Threading.CancellationToken cancellationToken)
    {
        if (endpoints.Evaluate(endpoint, Descriptors.MLSEC010_AnonymousModelEndpoint.Id, needAuthorization: true, needRateLimiting: false, cancellationToken).Authorized)
            return;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[EndpointProperties.Kind] = EndpointProperties.Function;
        var additional = new List<Location>();
        if (endpoint.FunctionLevel is { IsInSource: true } level && endpoints.Compilation.ContainsSyntaxTree(level.SourceTree!))
        {
            properties[EndpointProperties.LevelIndex] = "0";
            additional.Add(level);
        }

        report(Diagnostic.Create(
            Descriptors.MLSEC010_AnonymousModelEndpoint, endpoint.Location, additional, properties.ToImmutable(),
            endpoint.Name, endpoint.InferenceCall, "AuthorizationLevel.Anonymous opens it to everyone"));
    }
}

/// <summary>Diagnostic property names the endpoint code fixes read.</summary>
internal static class EndpointProperties
{
    public const string Kind = "Kind";
    public const string Endpoint = "Endpoint";
    public const string Controller = "Controller";
    public const string Hub = "Hub";

    /// <summary>An HTTP-triggered Azure Function; <see cref="LevelIndex"/> locates its <c>AuthorizationLevel.Anonymous</c> argument.</summary>
    public const string Function = "Function";
    public const string LevelIndex = "LevelIndex";
    public const string AllowAnonymous = "AllowAnonymous";
    public const string GroupIndex = "GroupIndex";
    public const string Disabled = "Disabled";
    public const string RateLimitPolicy = "RateLimitPolicy";
}
