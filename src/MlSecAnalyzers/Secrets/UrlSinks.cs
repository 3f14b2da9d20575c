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
    internal static readonly ImmutableHashSet<string> ParameterNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "uriString", "requestUri", "uri", "url", "endpoint", "address", "baseAddress", "connectionString", "modelUri", "modelUrl");

    /// <summary>
    /// One of <see cref="ParameterNames"/>. Asked of every explicit argument of every call and creation: the length and
    /// first-letter checks turn almost every name away before the case-insensitive set hashes it, and the name is
    /// checked before the parameter's type, which substituted parameters compute (issue 7).
    /// </summary>
    internal static bool IsUrlParameterName(string name) =>
        name.Length is >= 3 and <= 16
        && (name[0] | 0x20) is 'u' or 'r' or 'e' or 'a' or 'b' or 'c' or 'm'
        && ParameterNames.Contains(name);

    public static void Find(IOperation operation, ref List<CredentialSink>? sinks)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation:
                AddArguments(creation.Arguments, creation.Constructor?.ContainingType.Name, ref sinks);
                break;
            case IInvocationOperation invocation:
                AddArguments(invocation.Arguments, CredentialSinks.MemberName(invocation.TargetMethod), ref sinks);
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
                && argument.Parameter is { } parameter
                && IsUrlParameterName(parameter.Name)
                && parameter.Type.SpecialType == SpecialType.System_String)
            {
                (sinks ??= new List<CredentialSink>()).Add(new CredentialSink(argument.Value, parameter.Name, memberName ?? "?", Infrastructure.KeyProvider.ModelEndpoint));
            }
        }
    }
}
