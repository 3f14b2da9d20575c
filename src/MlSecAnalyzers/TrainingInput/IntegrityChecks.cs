using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MlSecAnalyzers.Infrastructure;

namespace MlSecAnalyzers.TrainingInput;

/// <summary>
/// MLSEC031's "was this checked?": before the load, in the same method, a SHA-2 hash (<c>SHA256.HashData</c>,
/// <c>ComputeHash</c>, <c>IncrementalHash.AppendData</c>, …), a method named in <c>mlsec.model_integrity_verifiers</c>,
/// or a method of the compilation that itself computes such a hash, is applied to the same variable the load uses.
/// </summary>
internal static class IntegrityChecks
{
    public const string VerifiersOption = "model_integrity_verifiers";

    private static readonly ImmutableHashSet<string> HashMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "HashData", "HashDataAsync", "TryHashData", "ComputeHash", "ComputeHashAsync", "AppendData", "VerifyData", "VerifyHash");

    public static bool IsVerifiedBefore(IOperation load, IOperation loadedValue, ImmutableHashSet<string> verifiers, CancellationToken cancellationToken)
    {
        var roots = RootSymbols(loadedValue);
        if (roots.Count == 0 || load.SemanticModel is not { } model || LocalValues.EnclosingBody(load.Syntax) is not { } body)
            return false;

        foreach (var node in body.DescendantNodes())
        {
            if (node.SpanStart >= load.Syntax.SpanStart)
                break;
            if (node is not InvocationExpressionSyntax call)
                continue;

            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
                continue;

            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
                continue;

            var method = invocation.TargetMethod;
            var verifies = HashMethods.Contains(name) && method.ContainingNamespace?.ToDisplayString() == "System.Security.Cryptography"
                           || verifiers.Contains(name) || verifiers.Contains(method.GetDocumentationCommentId() ?? "")
                           || ComputesHash(method, cancellationToken);
            if (!verifies)
                continue;

            foreach (var argument in invocation.Arguments)
            {
                if (RootSymbols(argument.Value).Overlaps(roots))
                    return true;
            }
        }

        return false;
    }

    /// <summary>A method declared in this compilation whose body calls a System.Security.Cryptography hash.</summary>
    private static bool ComputesHash(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } } && HashMethods.Contains(name))
                    return true;
            }
        }

        return false;
    }

    /// <summary>The locals, parameters, fields and properties a value is built from.</summary>
    private static HashSet<ISymbol> RootSymbols(IOperation value)
    {
        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    symbols.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter:
                    symbols.Add(parameter.Parameter);
                    break;
                case IFieldReferenceOperation field:
                    symbols.Add(field.Field);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                    symbols.Add(property.Property);
                    break;
            }
        }

        return symbols;
    }
}
