using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Secrets;

/// <summary>
/// MLSEC003's sinks: string arguments that a URL or a connection string is passed to, known by their parameter
/// names (<c>new Uri(uriString)</c>, <c>HttpClient.GetAsync(requestUri)</c>, <c>FromUri(uri)</c>,
/// <c>connectionString</c> parameters), and assignments to <c>ConnectionString</c> properties.
/// </summary>
internal static class UrlSinks
{
    private static readonly ImmutableHashSet<string> ParameterNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "uriString", "requestUri", "uri", "url", "endpoint", "address", "baseAddress", "connectionString", "modelUri", "modelUrl");

    public static void Find(IOperation operation, ref List<CredentialSink>? sinks)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation:
                AddArguments(creation.Arguments, creation.Constructor?.ContainingType.Name, ref sinks);
                break;
            case IInvocationOperation invocation:
                AddArguments(invocation.Arguments, invocation.TargetMethod.Name, ref sinks);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "ConnectionString", Type.SpecialType: SpecialType.System_String } property } } assignment:
                (sinks ??= new List<CredentialSink>()).Add(new CredentialSink(
                    assignment.Value, "'" + property.ContainingType.Name + ".ConnectionString'", Infrastructure.KeyProvider.ModelEndpoint));
                break;
        }
    }

    private static void AddArguments(ImmutableArray<IArgumentOperation> arguments, string? memberName, ref List<CredentialSink>? sinks)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                && ParameterNames.Contains(parameter.Name))
            {
                (sinks ??= new List<CredentialSink>()).Add(new CredentialSink(argument.Value, parameter.Name, memberName ?? "?", Infrastructure.KeyProvider.ModelEndpoint));
            }
        }
    }
}
