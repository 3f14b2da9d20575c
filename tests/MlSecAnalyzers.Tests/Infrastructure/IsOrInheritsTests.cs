using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlSecAnalyzers.Infrastructure;
using Xunit;

namespace MlSecAnalyzers.Tests.Infrastructure;

/// <summary>
/// <see cref="InferenceCalls.IsOrInherits"/> walks a type's original definition (its base types and interfaces are
/// computed once) instead of the constructed type. The oracle is the plain walk of the constructed type, compared as
/// original definitions: both must answer alike for every pair.
/// </summary>
public sealed class IsOrInheritsTests
{
    private const string Source = """
        using System.Collections.Generic;

        public interface IGen<T> { }
        public interface IDerived<T> : IGen<T> { }
        public interface IPlain { }
        public class Base<T> : IDerived<T> { }
        public class Mid : Base<int>, IPlain { }
        public class Leaf : Mid { }
        public class Other { }
        public struct Pair : IGen<string> { }
        public class Rows : List<Mid> { }
        public class Nested<T> : Base<List<T>> { }
        public class Broken : Missing<int>, IGen<int> { }
        public unsafe class Holder<TItem, TBase, TValue> where TItem : Base<string> where TBase : IPlain where TValue : struct
        {
            public Missing3<int> Error;
            public int? NullableInt;
            public TValue? NullableValue;
            public (int a, string b) Tuple;
            public (int, int, int, int, int, int, int, int, int) LongTuple;
            public dynamic Dynamic;
            public nint Native;
            public int* Pointer;
            public delegate*<int, void> Function;
            public Nested<int>[] NestedArray;
            public Base<long> Long;
            public IDerived<int> Derived;
            public IGen<Mid> Gen;
            public Mid[] Array;
            public List<Pair> Pairs;
            public TItem Item;
            public TBase Plain;
        }
        """;

    [Fact]
    public void AgreesWithTheWalkOfTheConstructedType()
    {
        var compilation = CSharpCompilation.Create(
            "App", new[] { CSharpSyntaxTree.ParseText(Source) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(List<>).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var holder = compilation.GetTypeByMetadataName("Holder`3")!;

        var types = new List<ITypeSymbol>();
        foreach (var name in new[] { "IGen`1", "IDerived`1", "IPlain", "Base`1", "Mid", "Leaf", "Other", "Pair", "Rows", "Nested`1" })
        {
            var declared = compilation.GetTypeByMetadataName(name)!;
            Assert.False(declared.TypeKind == TypeKind.Error, name);
            types.Add(declared);
        }

        types.Add(compilation.GetTypeByMetadataName("Broken")!);
        types.AddRange(holder.GetMembers().OfType<IFieldSymbol>().Select(f => f.Type));
        types.AddRange(holder.TypeParameters);
        // typeof(C<>) reaches IsOrInherits from `Filters.Add(typeof(...))`: an unbound type has no base type or interfaces.
        types.AddRange(types.OfType<INamedTypeSymbol>().Where(t => t.IsGenericType && !t.IsUnboundGenericType).Select(t => t.ConstructUnboundGenericType()).ToList());

        var targets = types.OfType<INamedTypeSymbol>().Select(t => t.OriginalDefinition)
            .Concat(new[]
            {
                compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T), compilation.GetSpecialType(SpecialType.System_Object),
                compilation.GetSpecialType(SpecialType.System_Nullable_T), compilation.GetSpecialType(SpecialType.System_Array),
                compilation.GetSpecialType(SpecialType.System_ValueType), compilation.GetTypeByMetadataName("System.ValueTuple`2")!,
                compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ITuple")!, compilation.GetTypeByMetadataName("System.IComparable")!,
                compilation.GetTypeByMetadataName("System.IEquatable`1")!,
            })
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .ToList();
        // A constructed target (IGen<int>) is compared by its definition too.
        targets.Add(compilation.GetTypeByMetadataName("IGen`1")!.Construct(compilation.GetSpecialType(SpecialType.System_Int32)));

        var answers = 0;
        foreach (var type in types)
        {
            foreach (var target in targets)
            {
                var expected = Oracle(type, target);
                Assert.True(expected == InferenceCalls.IsOrInherits(type, target), $"{type.ToDisplayString()} vs {target.ToDisplayString()}: expected {expected}");
                answers += expected ? 1 : 0;
            }
        }

        // The cases above include both answers, through base types, interfaces, arrays, type-parameter constraints and unbound types.
        Assert.True(InferenceCalls.IsOrInherits(holder.GetMembers("Long").OfType<IFieldSymbol>().Single().Type, compilation.GetTypeByMetadataName("IGen`1")!));
        Assert.True(InferenceCalls.IsOrInherits(compilation.GetTypeByMetadataName("Leaf")!, compilation.GetTypeByMetadataName("Base`1")!));
        Assert.True(InferenceCalls.IsOrInherits(holder.TypeParameters[0], compilation.GetTypeByMetadataName("IDerived`1")!));
        Assert.False(InferenceCalls.IsOrInherits(compilation.GetTypeByMetadataName("Base`1")!.ConstructUnboundGenericType(), compilation.GetTypeByMetadataName("IGen`1")!));
        Assert.False(InferenceCalls.IsOrInherits(compilation.GetTypeByMetadataName("Other")!, compilation.GetTypeByMetadataName("IPlain")!));
        Assert.InRange(answers, 30, types.Count * targets.Count - 30);
    }

    private static bool Oracle(ITypeSymbol type, INamedTypeSymbol target)
    {
        var definition = target.OriginalDefinition;
        if (type is ITypeParameterSymbol parameter)
            return parameter.ConstraintTypes.Any(c => Oracle(c, target));

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
                return true;
        }

        return target.TypeKind == TypeKind.Interface
               && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, definition));
    }
}
