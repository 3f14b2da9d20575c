using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>A compile-time constant that reached a credential sink, and the literal that holds its secret part.</summary>
internal sealed class SecretCandidate
{
    public SecretCandidate(string value, SyntaxNode node, ISymbol? declaredIn, int schemeLength, bool isWholeLiteral)
    {
        Value = value;
        Node = node;
        DeclaredIn = declaredIn;
        SchemeLength = schemeLength;
        IsWholeLiteral = isWholeLiteral;
    }

    /// <summary>The secret itself, without an auth scheme such as "Bearer ".</summary>
    public string Value { get; }

    /// <summary>The string literal (or interpolated-string text) holding the secret part: where the diagnostic goes.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The field, property or local whose declaration holds <see cref="Node"/>; null when the literal is at the sink.</summary>
    public ISymbol? DeclaredIn { get; }

    /// <summary>Characters of <see cref="Node"/>'s value that are an auth scheme ("Bearer ") and stay in code after the fix.</summary>
    public int SchemeLength { get; }

    /// <summary>True when <see cref="Node"/> is a plain string literal whose value is the scheme plus the whole secret.</summary>
    public bool IsWholeLiteral { get; }
}

/// <summary>
/// Follows a value to the constants it is built from: literals, <c>const</c> and <c>static readonly</c> fields (in any
/// file), get-only properties, locals assigned once, concatenation, interpolation, <c>??</c> fallbacks and <c>?:</c>.
/// Anything computed at run time (a configuration read, a method call) ends the search with "not constant".
/// </summary>
internal static class ConstantSecretResolver
{
    private const int MaxDepth = 8;

    private readonly struct Part
    {
        public Part(string text, SyntaxNode? node, ISymbol? declaredIn)
        {
            Text = text;
            Node = node;
            DeclaredIn = declaredIn;
        }

        public string Text { get; }
        public SyntaxNode? Node { get; }
        public ISymbol? DeclaredIn { get; }
    }

    public static SecretCandidate? Resolve(IOperation value, Compilation compilation, CancellationToken cancellationToken)
    {
        var parts = new List<Part>();
        if (!Collect(value, compilation, parts, depth: 0, declaredIn: null, cancellationToken) || parts.Count == 0)
            return null;

        var full = parts.Count == 1 ? parts[0].Text : string.Concat(ToTexts(parts));
        var schemeLength = SecretHeuristics.AuthSchemeLength(full);
        if (full.Length - schemeLength <= 0)
            return null;

        // The secret part is the one that covers most of the characters after the scheme.
        var best = -1;
        var bestCovered = 0;
        var offset = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i].Text;
            var covered = System.Math.Max(0, offset + text.Length - System.Math.Max(offset, schemeLength));
            if (covered > bestCovered)
            {
                best = i;
                bestCovered = covered;
            }

            offset += text.Length;
        }

        if (best < 0 || parts[best].Node is not { } node)
            return null;

        var partSchemeLength = best == 0 ? System.Math.Min(schemeLength, parts[0].Text.Length) : 0;
        var isWhole = bestCovered == full.Length - schemeLength
                      && parts[best].Text.Length == partSchemeLength + bestCovered
                      && node is LiteralExpressionSyntax;
        return new SecretCandidate(full.Substring(schemeLength), node, parts[best].DeclaredIn, partSchemeLength, isWhole);
    }

    private static IEnumerable<string> ToTexts(List<Part> parts)
    {
        foreach (var part in parts)
            yield return part.Text;
    }

    private static bool Collect(IOperation? operation, Compilation compilation, List<Part> parts, int depth, ISymbol? declaredIn, CancellationToken cancellationToken)
    {
        if (operation is null || depth > MaxDepth)
            return false;

        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IConversionOperation conversion:
                return Collect(conversion.Operand, compilation, parts, depth + 1, declaredIn, cancellationToken);

            case ILiteralOperation literal:
                if (literal.ConstantValue is { HasValue: true, Value: string literalText })
                {
                    parts.Add(new Part(literalText, literal.Syntax, declaredIn));
                    return true;
                }

                return false;

            case IInterpolatedStringOperation interpolated:
                foreach (var content in interpolated.Parts)
                {
                    if (content is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } } textPart)
                    {
                        parts.Add(new Part(text, textPart.Syntax, declaredIn));
                    }
                    else if (content is IInterpolationOperation { Alignment: null, FormatString: null } interpolation)
                    {
                        if (!Collect(interpolation.Expression, compilation, parts, depth + 1, declaredIn, cancellationToken))
                            return false;
                    }
                    else
                    {
                        return false;
                    }
                }

                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } binary:
                return Collect(binary.LeftOperand, compilation, parts, depth + 1, declaredIn, cancellationToken)
                       && Collect(binary.RightOperand, compilation, parts, depth + 1, declaredIn, cancellationToken);

            case ICoalesceOperation coalesce:
                // `Environment.GetEnvironmentVariable("K") ?? "sk-..."`: the fallback ships in the binary.
                return Collect(coalesce.WhenNull, compilation, parts, depth + 1, declaredIn, cancellationToken);

            case IConditionalOperation { WhenFalse: not null } conditional:
            {
                var mark = parts.Count;
                if (Collect(conditional.WhenTrue, compilation, parts, depth + 1, declaredIn, cancellationToken))
                    return true;
                parts.RemoveRange(mark, parts.Count - mark);
                return Collect(conditional.WhenFalse, compilation, parts, depth + 1, declaredIn, cancellationToken);
            }

            case ILocalReferenceOperation local:
                return Collect(LocalValue(local, cancellationToken), compilation, parts, depth + 1, local.Local, cancellationToken);

            case IFieldReferenceOperation fieldReference:
                return CollectField(fieldReference.Field, operation, compilation, parts, depth, cancellationToken);

            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } propertyReference:
                return Collect(PropertyValue(propertyReference.Property, operation, compilation, cancellationToken), compilation, parts, depth + 1, propertyReference.Property, cancellationToken);

            default:
                return false;
        }
    }

    private static bool CollectField(IFieldSymbol field, IOperation reference, Compilation compilation, List<Part> parts, int depth, CancellationToken cancellationToken)
    {
        if (!field.IsConst && !field.IsReadOnly)
            return false;

        if (field.DeclaringSyntaxReferences.Length == 0)
            return false; // declared in a referenced assembly: nothing in this code base to fix

        if (field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator)
            return false;

        if (!field.IsConst && IsAssignedInConstructor(field.ContainingType, field.Name, cancellationToken))
            return false;

        var operation = GetOperation(initializer, reference, compilation, cancellationToken);
        return Collect(operation, compilation, parts, depth + 1, field, cancellationToken);
    }

    private static IOperation? PropertyValue(IPropertySymbol property, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        if (property.SetMethod is not null || property.DeclaringSyntaxReferences.Length == 0)
            return null;

        if (property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
            return null;

        ExpressionSyntax? value = declaration.Initializer?.Value ?? declaration.ExpressionBody?.Expression;
        if (value is null && declaration.AccessorList is { Accessors: { Count: 1 } accessors } && accessors[0].IsKind(SyntaxKind.GetAccessorDeclaration))
        {
            value = accessors[0].ExpressionBody?.Expression
                    ?? (accessors[0].Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
        }

        if (value is null)
            return null;

        if (declaration.Initializer is not null && IsAssignedInConstructor(property.ContainingType, property.Name, cancellationToken))
            return null;

        return GetOperation(value, reference, compilation, cancellationToken);
    }

    private static IOperation? LocalValue(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length == 0 || reference.SemanticModel is not { } model)
            return null;

        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
            return null;

        if (local.IsConst)
            return declarator.Initializer is { } constInitializer ? model.GetOperation(constInitializer.Value, cancellationToken) : null;

        var scope = EnclosingBody(declarator);
        if (scope is null)
            return null;

        ExpressionSyntax? value = declarator.Initializer?.Value;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != local.Name)
                continue;

            switch (identifier.Parent)
            {
                case AssignmentExpressionSyntax assignment when assignment.Left == identifier:
                    if (value is not null || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                        return null; // assigned more than once: not a constant
                    value = assignment.Right;
                    break;
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                    return null;
                case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    return null;
                case RefExpressionSyntax:
                    return null;
            }
        }

        return value is null ? null : model.GetOperation(value, cancellationToken);
    }

    private static SyntaxNode? EnclosingBody(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
                    or AnonymousFunctionExpressionSyntax or PropertyDeclarationSyntax or CompilationUnitSyntax:
                    return current;
            }
        }

        return null;
    }

    private static bool IsAssignedInConstructor(INamedTypeSymbol type, string name, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
                continue;

            foreach (var member in declaration.Members)
            {
                if (member is not ConstructorDeclarationSyntax constructor)
                    continue;

                foreach (var node in constructor.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var left } && left == name
                            || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member2 } && member2 == name))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static IOperation? GetOperation(SyntaxNode node, IOperation reference, Compilation compilation, CancellationToken cancellationToken)
    {
        var model = reference.SemanticModel is { } current && current.SyntaxTree == node.SyntaxTree
            ? current
#pragma warning disable RS1030 // Only for the declaration of a field or property that reached a credential sink from another file: rare, and one initializer is bound.
            : compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(node, cancellationToken);
    }
}
