using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>The ML.NET loaders that make columns of a row type's members, each by its own rules.</summary>
internal enum RowLoaderKind
{
    /// <summary><c>LoadFromTextFile&lt;T&gt;</c>, <c>CreateTextLoader&lt;T&gt;</c> (TextLoader.CreateTextLoader&lt;TInput&gt;).</summary>
    Text,

    /// <summary><c>CreateDatabaseLoader&lt;T&gt;</c> (DatabaseLoader.CreateDatabaseLoader&lt;TInput&gt;).</summary>
    Database,

    /// <summary><c>LoadFromEnumerable&lt;T&gt;</c> (SchemaDefinition.Create(T, Direction.Read)).</summary>
    Enumerable,
}

/// <summary>A column a loader makes of a member of the row type.</summary>
internal readonly struct RowColumn
{
    public RowColumn(ISymbol member, string name, ITypeSymbol type)
    {
        Member = member;
        Name = name;
        Type = type;
    }

    public ISymbol Member { get; }

    /// <summary>The column name: <c>[ColumnName]</c> when present, else the member name.</summary>
    public string Name { get; }

    public ITypeSymbol Type { get; }
}

/// <summary>
/// The columns an ML.NET loader reads from a row type, the one list MLSEC020-022 and MLSEC030's fix both use. All three
/// loaders take the public instance fields and the public instance non-indexer properties with a public getter, base
/// types included (<c>GetFields</c>/<c>GetProperties(Public | Instance)</c>, <c>CanRead &amp;&amp; GetGetMethod() != null</c>):
/// a get-only or computed property is a column, a write-only one or one with a private getter is not. A property of a
/// derived type hides a base property of the same name and type as reflection does, whatever its accessors: an override
/// with only a setter leaves no column of the name (see <see cref="IsListed"/>). Then
/// <list type="bullet">
/// <item>TextLoader makes a column only of a member with <c>[LoadColumn]</c> (it throws on any other) and ignores <c>[NoColumn]</c>;</item>
/// <item>DatabaseLoader makes a column of every such member and ignores <c>[NoColumn]</c>;</item>
/// <item>LoadFromEnumerable (SchemaDefinition) leaves out <c>[NoColumn]</c> members.</item>
/// </list>
/// Each column is named by <c>[ColumnName]</c> when present.
/// </summary>
internal static class RowTypeColumns
{
    private const string MlDataNamespace = "Microsoft.ML.Data";

    public static ImmutableArray<RowColumn> Read(ITypeSymbol rowType, RowLoaderKind kind)
    {
        var builder = ImmutableArray.CreateBuilder<RowColumn>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The properties reflection lists so far by name (derived types first), column or not: they hide base
        // properties. Only kept when there are base types to hide.
        var visible = rowType.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType) }
            ? new Dictionary<string, List<IPropertySymbol>>(StringComparer.Ordinal)
            : null;
        for (var type = rowType as INamedTypeSymbol; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic)
                    continue;

                ITypeSymbol memberType;
                switch (member)
                {
                    case IFieldSymbol { IsImplicitlyDeclared: false, DeclaredAccessibility: Accessibility.Public } field:
                        memberType = field.Type;
                        break;
                    case IPropertySymbol { IsIndexer: false } property:
                        if (!IsListed(property, type, rowType, kind, visible))
                            continue;
                        if (property.DeclaredAccessibility != Accessibility.Public || property.GetMethod?.DeclaredAccessibility != Accessibility.Public)
                            continue;
                        memberType = property.Type;
                        break;
                    default:
                        continue;
                }

                // One column of a name (a field and a property of the same name, or properties of different types).
                if (!seen.Add(member.Name))
                    continue;

                string? columnName = null;
                var hasLoadColumn = false;
                var hasNoColumn = false;
                // ML.NET reads attributes with GetCustomAttribute, which sees those of the properties an override
                // overrides (the ML.NET attributes are inherited): the most derived declaration wins.
                for (var declaration = member; declaration is not null; declaration = (declaration as IPropertySymbol)?.OverriddenProperty)
                {
                    foreach (var attribute in declaration.GetAttributes())
                    {
                        var attributeClass = attribute.AttributeClass;
                        if (attributeClass is null || !Namespaces.Is(attributeClass.ContainingNamespace, MlDataNamespace))
                            continue;

                        switch (attributeClass.Name)
                        {
                            case "LoadColumnAttribute":
                                hasLoadColumn = true;
                                break;
                            case "NoColumnAttribute":
                                hasNoColumn = true;
                                break;
                            case "ColumnNameAttribute" when columnName is null && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name:
                                columnName = name;
                                break;
                        }
                    }
                }

                var loaded = kind switch
                {
                    RowLoaderKind.Text => hasLoadColumn,
                    RowLoaderKind.Enumerable => !hasNoColumn,
                    _ => true,
                };
                if (loaded)
                    builder.Add(new RowColumn(member, columnName ?? member.Name, memberType));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// Whether reflection's <c>GetProperties(Public | Instance)</c> on the row type lists <paramref name="property"/>
    /// (declared by <paramref name="type"/>) as a candidate column of a <paramref name="kind"/> loader, recording it in
    /// <paramref name="visible"/> (null: the row type has no base type) to hide base properties. Reflection hides a base property by name and signature
    /// behind any instance property of a more derived type, whatever its accessors: an override or <c>new</c> property
    /// that declares only a setter, or a non-public one on the row type itself, hides the base property, which is then no
    /// column. Private properties of base types are not listed and hide nothing. The signature is the declared type of
    /// the generic definition, so an override in a class built on <c>Base&lt;string&gt;</c> hides no <c>T</c> property:
    /// both are listed, and SchemaDefinition (LoadFromEnumerable) then throws on the ambiguous name.
    /// </summary>
    private static bool IsListed(
        IPropertySymbol property, INamedTypeSymbol type, ITypeSymbol rowType, RowLoaderKind kind, Dictionary<string, List<IPropertySymbol>>? visible)
    {
        if (property.DeclaredAccessibility == Accessibility.Private && !SymbolEqualityComparer.Default.Equals(type, rowType))
            return false;
        if (visible is null)
            return true;

        if (!visible.TryGetValue(property.Name, out var sameName))
        {
            visible.Add(property.Name, new List<IPropertySymbol> { property });
            return true;
        }

        var signature = property.OriginalDefinition.Type;
        foreach (var derived in sameName)
        {
            if (SameSignature(derived.OriginalDefinition.Type, signature))
                return false;
        }

        sameName.Add(property);
        return kind != RowLoaderKind.Enumerable;
    }

    /// <summary>Metadata signature equality of two property types: generic parameters compare by position.</summary>
    private static bool SameSignature(ITypeSymbol left, ITypeSymbol right)
    {
        switch (left)
        {
            case ITypeParameterSymbol leftParameter:
                return right is ITypeParameterSymbol rightParameter
                    && leftParameter.TypeParameterKind == rightParameter.TypeParameterKind
                    && Position(leftParameter) == Position(rightParameter);
            case IArrayTypeSymbol leftArray:
                return right is IArrayTypeSymbol rightArray && leftArray.Rank == rightArray.Rank && SameSignature(leftArray.ElementType, rightArray.ElementType);
            case INamedTypeSymbol { IsGenericType: true } leftNamed:
                if (right is not INamedTypeSymbol { IsGenericType: true } rightNamed
                    || !SymbolEqualityComparer.Default.Equals(leftNamed.OriginalDefinition, rightNamed.OriginalDefinition))
                {
                    return false;
                }

                for (INamedTypeSymbol? l = leftNamed, r = rightNamed; l is not null && r is not null; l = l.ContainingType, r = r.ContainingType)
                {
                    for (var i = 0; i < l.TypeArguments.Length && i < r.TypeArguments.Length; i++)
                    {
                        if (!SameSignature(l.TypeArguments[i], r.TypeArguments[i]))
                            return false;
                    }
                }

                return true;
            default:
                // dynamic is object in metadata.
                if (left.TypeKind == TypeKind.Dynamic || right.TypeKind == TypeKind.Dynamic)
                    return IsObject(left) && IsObject(right);
                return SymbolEqualityComparer.Default.Equals(left, right);
        }
    }

    private static bool IsObject(ITypeSymbol type) => type.TypeKind == TypeKind.Dynamic || type.SpecialType == SpecialType.System_Object;

    // A class type parameter's index in metadata counts those of the containing types first.
    private static int Position(ITypeParameterSymbol parameter)
    {
        var position = parameter.Ordinal;
        if (parameter.TypeParameterKind == TypeParameterKind.Type)
        {
            for (var outer = parameter.DeclaringType?.ContainingType; outer is not null; outer = outer.ContainingType)
                position += outer.Arity;
        }

        return position;
    }
}
