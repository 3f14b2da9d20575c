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
/// a get-only or computed property is a column, a write-only one or one with a private getter is not. Then
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
        for (var type = rowType as INamedTypeSymbol; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                    continue;

                ITypeSymbol memberType;
                switch (member)
                {
                    case IFieldSymbol { IsImplicitlyDeclared: false } field:
                        memberType = field.Type;
                        break;
                    case IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property:
                        memberType = property.Type;
                        break;
                    default:
                        continue;
                }

                // The most derived member of a name wins (a hidden base member is not a second column).
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
}
