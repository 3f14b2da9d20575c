using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlSecAnalyzers.Infrastructure;

/// <summary>
/// Says where a value comes from when that place is outside the application's control: an HTTP download, an uploaded
/// file, the request (body, query, bound handler parameters), configuration or the environment. The search follows
/// conversions, <c>await</c>, locals assigned once, string building, and the file and stream APIs that pass data
/// through (<c>File.ReadAllBytes(path)</c>, <c>new MemoryStream(bytes)</c>, <c>Path.Combine</c>), within the method.
/// Anything else, literal paths and app-relative paths above all, counts as trusted: precision first.
/// </summary>
internal sealed class UntrustedSources
{
    public const string HttpDownload = "an HTTP download";
    public const string UploadedFile = "an uploaded file";
    public const string RequestBody = "the request body";
    public const string Request = "the request";
    public const string Configuration = "configuration";
    public const string Environment = "the environment";

    private const int MaxDepth = 12;

    private readonly MlTypes _types;

    public UntrustedSources(MlTypes types) => _types = types;

    /// <summary>Where <paramref name="value"/> comes from, or null when it is trusted or unknown.</summary>
    public string? Describe(IOperation? value, CancellationToken cancellationToken) => Describe(value, 0, cancellationToken);

    private string? Describe(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        if (value is null || depth > MaxDepth)
            return null;

        cancellationToken.ThrowIfCancellationRequested();
        switch (value)
        {
            case IConversionOperation conversion:
                return Describe(conversion.Operand, depth + 1, cancellationToken);
            case IAwaitOperation awaited:
                return Describe(awaited.Operation, depth + 1, cancellationToken);
            case ICoalesceOperation coalesce:
                return Describe(coalesce.Value, depth + 1, cancellationToken) ?? Describe(coalesce.WhenNull, depth + 1, cancellationToken);
            case ILocalReferenceOperation local:
                return Describe(LocalValues.SingleValue(local, cancellationToken), depth + 1, cancellationToken);
            case IParameterReferenceOperation parameter:
                return IsBoundFromRequest(parameter.Parameter, cancellationToken) ? Request : null;
            case IPropertyReferenceOperation property:
                return DescribeProperty(property, depth, cancellationToken);
            case IInvocationOperation invocation:
                return DescribeInvocation(invocation, depth, cancellationToken);
            case IObjectCreationOperation creation when IsPassThroughType(creation.Type):
                return DescribeAny(creation.Arguments, depth, cancellationToken);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Describe(binary.LeftOperand, depth + 1, cancellationToken) ?? Describe(binary.RightOperand, depth + 1, cancellationToken);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation && Describe(interpolation.Expression, depth + 1, cancellationToken) is { } found)
                        return found;
                }

                return null;
            default:
                return null;
        }
    }

    private string? DescribeProperty(IPropertyReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var property = reference.Property;
        var owner = property.ContainingType;
        if (property.Name == "Body" && IsType(owner, MlTypeNames.MicrosoftAspNetCoreHttpHttpRequest))
            return RequestBody;

        // config["Model:Path"], section.Value
        if (property.IsIndexer && Implements(owner, MlTypeNames.MicrosoftExtensionsConfigurationIConfiguration))
            return Configuration;
        if (property.Name == "Value" && owner.Name == "IConfigurationSection")
            return Configuration;

        // Request.Query["path"], Request.Form["path"], Request.Headers["x"], Request.RouteValues["id"]
        if (property.IsIndexer && reference.Instance is IPropertyReferenceOperation { Property: { Name: "Query" or "Form" or "Headers" or "RouteValues" or "Cookies" } inner }
            && IsType(inner.ContainingType, MlTypeNames.MicrosoftAspNetCoreHttpHttpRequest))
        {
            return Request;
        }

        // A property of request-bound data (upload.FileName, dto.ModelUrl) is request data too.
        return reference.Instance is { } instance ? Describe(instance, depth + 1, cancellationToken) : null;
    }

    private string? DescribeInvocation(IInvocationOperation invocation, int depth, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        switch (method.Name)
        {
            case "GetStreamAsync" or "GetByteArrayAsync" or "GetStringAsync" when IsType(owner, MlTypeNames.SystemNetHttpHttpClient):
                return HttpDownload;
            case "ReadAsStreamAsync" or "ReadAsByteArrayAsync" or "ReadAsStringAsync" or "ReadAsStream" when IsOrDerives(owner, MlTypeNames.SystemNetHttpHttpContent):
                return HttpDownload;
            case "OpenReadStream" when Implements(owner, MlTypeNames.MicrosoftAspNetCoreHttpIFormFile) || IsType(owner, MlTypeNames.MicrosoftAspNetCoreHttpIFormFile):
                return UploadedFile;
            case "GetEnvironmentVariable" when owner.ToDisplayString() == "System.Environment":
                return Environment;
            case "GetValue" or "GetConnectionString" or "GetRequiredSection" or "GetSection" or "Get"
                when owner.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Configuration":
                return Configuration;
        }

        // Data passes through the file, path and stream helpers: File.ReadAllBytes(untrusted), Path.Combine(root, untrusted).
        var ownerName = owner.ToDisplayString();
        if (ownerName is "System.IO.File" or "System.IO.Path" or "System.IO.FileInfo" or "System.Convert" or "System.Text.Encoding"
            || method.Name is "ToArray" or "GetBuffer")
        {
            return DescribeAny(invocation.Arguments, depth, cancellationToken)
                   ?? (invocation.Instance is { } instance ? Describe(instance, depth + 1, cancellationToken) : null);
        }

        return null;
    }

    private string? DescribeAny(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int depth, CancellationToken cancellationToken)
    {
        foreach (var argument in arguments)
        {
            if (Describe(argument.Value, depth + 1, cancellationToken) is { } found)
                return found;
        }

        return null;
    }

    private static bool IsPassThroughType(ITypeSymbol? type) =>
        type?.ToDisplayString() is "System.IO.MemoryStream" or "System.IO.FileStream" or "System.IO.BufferedStream"
            or "System.IO.StreamReader" or "System.Uri" or "System.IO.FileInfo";

    /// <summary>
    /// A parameter of a minimal-API handler (a lambda or method group passed to <c>Map*</c>) or of a public controller
    /// action, whose value model binding takes from the request; services (<c>[FromServices]</c>, interfaces,
    /// framework types) are not.
    /// </summary>
    private bool IsBoundFromRequest(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method)
            return false;

        foreach (var attribute in parameter.GetAttributes())
        {
            switch (attribute.AttributeClass?.Name)
            {
                case "FromServicesAttribute" or "FromKeyedServicesAttribute":
                    return false;
                case "FromBodyAttribute" or "FromFormAttribute" or "FromQueryAttribute" or "FromRouteAttribute" or "FromHeaderAttribute":
                    return IsHandler(method, cancellationToken);
            }
        }

        return IsRequestDataType(parameter.Type) && IsHandler(method, cancellationToken);
    }

    private bool IsRequestDataType(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return true;
            case SpecialType.System_Object or SpecialType.System_Void:
                return false;
        }

        if (type is IArrayTypeSymbol)
            return true;

        var name = type.ToDisplayString();
        if (name is "System.IO.Stream" or "System.Uri" or "Microsoft.AspNetCore.Http.IFormFile" or "Microsoft.AspNetCore.Http.IFormFileCollection")
            return true;

        // Data transfer objects and collections of them; services are interfaces or framework types.
        if (type.TypeKind == TypeKind.Interface)
            return type.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IReadOnlyCollection<T>";

        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns.StartsWith("System.Collections.Generic", StringComparison.Ordinal))
            return true;
        return type.TypeKind is TypeKind.Class or TypeKind.Struct
               && !ns.StartsWith("System", StringComparison.Ordinal)
               && !ns.StartsWith("Microsoft", StringComparison.Ordinal);
    }

    private bool IsHandler(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction or MethodKind.Ordinary
            && method.DeclaringSyntaxReferences.Length > 0
            && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is { } syntax)
        {
            // app.MapPost("/train", (TrainingRow[] rows, …) => …): the handler is an argument of a Map* call.
            if (syntax is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } }
                && IsMapCall(call))
            {
                return true;
            }
        }

        if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic
            && _types.Get(MlTypeNames.MicrosoftAspNetCoreMvcControllerBase) is { } controllerBase)
        {
            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, controllerBase))
                    return true;
            }
        }

        return false;
    }

    private static bool IsMapCall(InvocationExpressionSyntax call) =>
        call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText.StartsWith("Map", StringComparison.Ordinal),
            IdentifierNameSyntax name => name.Identifier.ValueText.StartsWith("Map", StringComparison.Ordinal),
            _ => false,
        };

    private bool IsType(INamedTypeSymbol? type, string metadataName) =>
        type is not null && _types.Get(metadataName) is { } known && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    private bool IsOrDerives(INamedTypeSymbol? type, string metadataName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsType(current, metadataName))
                return true;
        }

        return false;
    }

    private bool Implements(INamedTypeSymbol? type, string metadataName)
    {
        if (type is null || _types.Get(metadataName) is not { } known)
            return false;
        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known))
            return true;
        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, known))
                return true;
        }

        return false;
    }
}
